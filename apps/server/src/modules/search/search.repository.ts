import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { ftsMatch, websearchText, type ParsedSearch } from './search.query.js';

/** One matching message of a page of results, best first. */
export interface SearchHit {
  messageId: string;
  roomId: string;
  /** Higher is better; 0 for a search by filters alone. */
  score: number;
  /** Matched by an attachment's name only (its snippet is the name). */
  byName: boolean;
}

/** Marks around a matched term in a raw snippet (private-use characters the service strips). */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';
const ELLIPSIS = '…';

/**
 * What PostgreSQL indexes of a file name: its dots, dashes and underscores as spaces, so
 * `report_2026.pdf` is found by `report`, `2026` or `pdf` (the parser would keep `a.pdf` whole).
 * `translate` maps one character to one, so offsets into it are offsets into the name.
 */
const NAME_WORDS = sql`translate(u.name, '._-', '   ')`;

/** A headline of NAME_WORDS with the name's own characters back (when it is the whole name). */
function restoreName(marked: string, name: string): string {
  const plain = marked.replaceAll(MARK_OPEN, '').replaceAll(MARK_CLOSE, '');
  if (plain.length !== name.length) return marked;
  let i = 0;
  return marked
    .split('')
    .map((ch) => (ch === MARK_OPEN || ch === MARK_CLOSE ? ch : name[i++]))
    .join('');
}

/**
 * At most this many of the newest messages matching the words are ranked (rowids and ids grow with
 * time): a common word matches tens of thousands, and ranking them all costs more than a person
 * waits for; the newest few thousand are also where the message one looks for nearly always is.
 */
const RANKED_HITS = 2_000;

/**
 * The only SQL of search: the FTS5 indexes on SQLite and the `search` tsvector columns on
 * PostgreSQL (migration 20261209000100_message_search). Every query is limited to rooms the viewer
 * is a member of by one join on `room_members`; deleted and system messages never match.
 */
export class SearchRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  /** Ranked (best first, then newest) matches for `viewerId`; `limit + 1` rows tell if there are more. */
  async search(
    viewerId: string,
    parsed: ParsedSearch,
    page: { offset: number; limit: number },
  ): Promise<SearchHit[]> {
    const hits = this.hits(parsed, viewerId);
    // SQLite: CROSS JOIN fixes the order (its planner would rather walk every message of the viewer's
    // rooms and probe the hits: seconds over a million messages instead of milliseconds).
    const join = sql.raw(hits && this.kind === 'sqlite' ? 'cross join' : 'join');
    const source = hits
      ? sql`(${hits}) h ${join} messages m on m.${sql.raw(this.kind === 'sqlite' ? 'rowid' : 'id')} = h.mkey`
      : sql`messages m`;
    const score = hits ? sql`h.score` : sql`0`;
    const byName = hits ? sql`h.by_name` : sql`0`;
    const rows = await sql<{ id: string; room_id: string; score: number | string; by_name: number | string }>`
      select m.id, m.room_id, ${score} as score, ${byName} as by_name
      from ${source}
      ${join} room_members rm on rm.room_id = m.room_id and rm.user_id = ${viewerId}
      where m.deleted_at is null and m.kind = 'user' ${this.filters(parsed)}
      order by ${hits ? sql`h.score desc,` : sql``} m.created_at desc, m.id desc
      limit ${page.limit + 1} offset ${page.offset}`.execute(this.db);
    return rows.rows.map((r) => ({
      messageId: r.id,
      roomId: r.room_id,
      score: Number(r.score),
      byName: Number(r.by_name) === 1,
    }));
  }

  /**
   * Snippets with the matched terms between MARK_OPEN and MARK_CLOSE: of the text for messages
   * matched by it, of the first matching attachment name for the others.
   */
  async snippets(parsed: ParsedSearch, hits: readonly SearchHit[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byText = hits.filter((h) => !h.byName).map((h) => h.messageId);
    const byName = hits.filter((h) => h.byName).map((h) => h.messageId);
    if (this.kind === 'sqlite') {
      const match = ftsMatch(parsed.terms);
      if (match === null) return out;
      if (byText.length > 0) {
        const rows = await sql<{ id: string; snippet: string }>`
          select m.id, snippet(messages_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}, ${ELLIPSIS}, 24) as snippet
          from messages_fts join messages m on m.rowid = messages_fts.rowid
          where messages_fts match ${match} and m.id in (${sql.join(byText)})`.execute(this.db);
        for (const r of rows.rows) out.set(r.id, r.snippet);
      }
      if (byName.length > 0) {
        const rows = await sql<{ id: string; snippet: string }>`
          select u.message_id as id, snippet(uploads_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}, ${ELLIPSIS}, 24) as snippet
          from uploads_fts join uploads u on u.rowid = uploads_fts.rowid
          where uploads_fts match ${match} and u.message_id in (${sql.join(byName)})
          order by u.position desc`.execute(this.db);
        for (const r of rows.rows) out.set(r.id, r.snippet);
      }
      return out;
    }
    const text = websearchText(parsed.terms);
    const nameText = websearchText(parsed.terms, { names: true });
    if (text === null) return out;
    const options = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxWords=24, MinWords=12, ShortWord=1, MaxFragments=2, FragmentDelimiter=" ${ELLIPSIS} "`;
    const clean = (column: RawBuilder<unknown>) =>
      sql`replace(replace(${column}, ${MARK_OPEN}, ''), ${MARK_CLOSE}, '')`;
    if (byText.length > 0) {
      const rows = await sql<{ id: string; snippet: string }>`
        select m.id, ts_headline('simple', ${clean(sql`m.text`)}, websearch_to_tsquery('simple', ${text}), ${options}) as snippet
        from messages m where m.id in (${sql.join(byText)})`.execute(this.db);
      for (const r of rows.rows) out.set(r.id, r.snippet);
    }
    if (byName.length > 0) {
      const rows = await sql<{ id: string; name: string; snippet: string }>`
        select u.message_id as id, u.name,
          ts_headline('simple', ${clean(NAME_WORDS)}, websearch_to_tsquery('simple', ${nameText}), ${options}) as snippet
        from uploads u where u.message_id in (${sql.join(byName)})
          and u.search @@ websearch_to_tsquery('simple', ${nameText})
        order by u.position desc`.execute(this.db);
      for (const r of rows.rows) out.set(r.id, restoreName(r.snippet, r.name));
    }
    return out;
  }

  /**
   * Messages matching the words by their text or an attachment's name: `mkey` (the message's rowid on
   * SQLite, id on PostgreSQL), the better score of the two and whether the text matched; null for no
   * words (filters alone).
   */
  private hits(parsed: ParsedSearch, viewerId: string): RawBuilder<unknown> | null {
    if (this.kind === 'sqlite') {
      const match = ftsMatch(parsed.terms);
      if (match === null) return null;
      return sql`select mkey, max(score) as score, min(by_name) as by_name from (
          select * from (
            select messages_fts.rowid as mkey, -bm25(messages_fts) as score, 0 as by_name
            from messages_fts
            cross join messages mm on mm.rowid = messages_fts.rowid
            cross join room_members mine on mine.room_id = mm.room_id and mine.user_id = ${viewerId}
            where messages_fts match ${match}
            order by messages_fts.rowid desc limit ${RANKED_HITS}
          )
          union all
          select mu.rowid as mkey, -bm25(uploads_fts) as score, 1 as by_name
          from uploads_fts
          join uploads u on u.rowid = uploads_fts.rowid
          join messages mu on mu.id = u.message_id
          where uploads_fts match ${match}
        ) group by mkey`;
    }
    const text = websearchText(parsed.terms);
    const nameText = websearchText(parsed.terms, { names: true });
    if (text === null) return null;
    return sql`select mkey, max(score) as score, min(by_name) as by_name from (
        select id as mkey, ts_rank(search, q) as score, 0 as by_name
        from (
          select id, search from messages
          where search @@ websearch_to_tsquery('simple', ${text})
            and room_id in (select room_id from room_members where user_id = ${viewerId})
          order by id desc limit ${RANKED_HITS}
        ) newest, websearch_to_tsquery('simple', ${text}) q
        union all
        select message_id as mkey, ts_rank(search, q) as score, 1 as by_name
        from uploads, websearch_to_tsquery('simple', ${nameText}) q
        where search @@ q and message_id is not null
      ) x group by mkey`;
  }

  private filters(parsed: ParsedSearch): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [];
    if (parsed.from !== null) {
      parts.push(
        sql`m.author_id in (select id from users where username = ${parsed.from} or id = ${parsed.from})`,
      );
    }
    if (parsed.room !== null) {
      parts.push(sql`m.room_id in (select id from rooms where id = ${parsed.room} or name = ${parsed.room})`);
    }
    if (parsed.has === 'file' || parsed.has === 'image') {
      const image = parsed.has === 'image' ? sql`and u.type like 'image/%'` : sql``;
      parts.push(sql`exists (select 1 from uploads u where u.message_id = m.id ${image})`);
    }
    if (parsed.has === 'link') {
      parts.push(sql`(lower(m.text) like '%http://%' or lower(m.text) like '%https://%')`);
    }
    if (parsed.before !== null) parts.push(sql`m.created_at < ${parsed.before}`);
    if (parsed.after !== null) parts.push(sql`m.created_at >= ${parsed.after}`);
    return parts.length === 0 ? sql`` : sql`and ${sql.join(parts, sql` and `)}`;
  }
}
