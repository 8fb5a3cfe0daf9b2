import { sql, type Selectable } from 'kysely';
import type { DatabaseKind } from '../../db/database.js';
import type { MessagesTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { aliased, type Executor, type UserColumns } from './rooms.repository.js';

export type MessageRow = Selectable<MessagesTable>;

/** A message with its author's columns (null for none or a deleted account). */
export interface MessageWithAuthor extends MessageRow {
  author: UserColumns | null;
  /** The first discussion started from this message, if any. */
  discussion: { id: string; display_name: string } | null;
}

export interface NewMessage {
  roomId: string;
  kind: 'user' | 'system';
  authorId: string | null;
  text: string;
  action?: boolean;
  replyToId?: string | null;
  mentionIds?: string[];
  clientMsgId?: string | null;
  /** A call's message. */
  callId?: string | null;
  /** A thread reply: its root (checked by the service). */
  threadId?: string | null;
  nowIso: string;
}

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** Messages and mentions: the only SQL on `messages` and `message_mentions`. */
export class MessagesRepository {
  constructor(
    private readonly db: Executor,
    private readonly kind: DatabaseKind = 'sqlite',
  ) {}

  /**
   * Takes the room's next seq and inserts the message. Run inside a transaction: the counter bump
   * and the insert commit together, so a seq is never skipped or reused, and on PostgreSQL the
   * bump's row lock orders concurrent sends in one room.
   */
  async append(message: NewMessage): Promise<MessageRow>;
  /** With `unlessArchived`: null (nothing written) when the room is archived or gone. */
  async append(message: NewMessage, options: { unlessArchived: true }): Promise<MessageRow | null>;
  async append(message: NewMessage, options: { unlessArchived?: boolean } = {}): Promise<MessageRow | null> {
    const bumped = await this.db
      .updateTable('rooms')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: message.nowIso }))
      .where('id', '=', message.roomId)
      .$if(options.unlessArchived === true, (q) => q.where('archived_at', 'is', null))
      .returning('last_seq')
      .executeTakeFirst();
    if (!bumped) {
      if (options.unlessArchived) return null;
      throw new Error(`room ${message.roomId} vanished while a message was written to it`);
    }
    const seq = num(bumped.last_seq);
    const mentionIds = message.mentionIds ?? [];
    const row = this.newRow(message, seq);
    await this.db.insertInto('messages').values(row).execute();
    if (mentionIds.length > 0) {
      await this.db
        .insertInto('message_mentions')
        .values(mentionIds.map((user_id) => ({ message_id: row.id, room_id: row.room_id, user_id, seq })))
        .execute();
    }
    return row;
  }

  /**
   * A member's send to the room's timeline: `append` unless the room is archived (null), and the
   * sender's read marker moved up to the new seq. `member: false` says the author is not in the room
   * (the caller throws and its savepoint undoes the write). On PostgreSQL this is one statement of
   * data-modifying CTEs: a busy room's sends run one after another under its row lock inside one
   * group commit, so every round trip is time the whole room waits.
   */
  async appendSent(
    message: NewMessage & { authorId: string },
  ): Promise<{ row: MessageRow; member: boolean } | null> {
    if (this.kind === 'sqlite') {
      const row = await this.append(message, { unlessArchived: true });
      if (!row) return null;
      return { row, member: await this.markSentRead(row) };
    }
    const row = this.newRow(message, 0);
    const mentionIds = message.mentionIds ?? [];
    const result = await sql<{ seq: string | number | null; member: boolean }>`
      with bumped as (
        update rooms set last_seq = last_seq + 1, updated_at = ${row.created_at}
        where id = ${row.room_id} and archived_at is null
        returning last_seq
      ), inserted as (
        insert into messages (id, room_id, seq, kind, author_id, text, action, reply_to_id, mentions,
          client_msg_id, created_at, call_id, thread_id)
        select ${row.id}, ${row.room_id}, last_seq, ${row.kind}, ${row.author_id}, ${row.text},
          cast(${row.action} as integer), ${row.reply_to_id}, ${row.mentions}, ${row.client_msg_id},
          ${row.created_at}, ${row.call_id}, ${row.thread_id}
        from bumped
        returning seq
      ), mentioned as (
        insert into message_mentions (message_id, room_id, user_id, seq)
        select ${row.id}, ${row.room_id}, mentioned_id, inserted.seq
        from inserted, unnest(cast(${mentionIds} as text[])) as mentioned_id
      ), marked as (
        update room_members set last_read_seq = greatest(last_read_seq, inserted.seq)
        from inserted
        where room_id = ${row.room_id} and user_id = ${row.author_id}
        returning 1
      )
      select (select seq from inserted) as seq, exists (select 1 from marked) as member`.execute(this.db);
    const answer = result.rows[0];
    if (!answer || answer.seq === null) return null;
    return { row: { ...row, seq: num(answer.seq) }, member: answer.member };
  }

  /**
   * Several members' sends to one room's timeline, in order: on PostgreSQL one statement (the seq
   * taken once for all, the rows inserted, each sender's read marker moved to their newest); on
   * SQLite, where statements cost no round trip, one `appendSent` each. Null when the room is
   * archived or gone, or when a sender is no longer a member (the caller rolls back and sends one by
   * one, which answers each with its own outcome).
   */
  async appendBatch(
    roomId: string,
    messages: readonly (NewMessage & { authorId: string })[],
  ): Promise<MessageRow[] | null> {
    if (this.kind === 'sqlite') {
      const placed: MessageRow[] = [];
      for (const message of messages) {
        const sent = await this.appendSent(message);
        if (!sent?.member) return null;
        placed.push(sent.row);
      }
      return placed;
    }
    const rows = messages.map((m) => this.newRow(m, 0));
    const column = <K extends keyof MessageRow>(key: K) => rows.map((r) => r[key]);
    const n = rows.length;
    const result = await sql<{ last_seq: string | number | null; members: string[] | null }>`
      with bumped as (
        update rooms set last_seq = last_seq + ${n}, updated_at = ${rows.at(-1)!.created_at}
        where id = ${roomId} and archived_at is null
        returning last_seq
      ), inserted as (
        insert into messages (id, room_id, seq, kind, author_id, text, action, reply_to_id, mentions,
          client_msg_id, created_at)
        select v.id, ${roomId}, bumped.last_seq - ${n} + v.ord, 'user', v.author_id, v.text, v.action,
          v.reply_to_id, v.mentions, v.client_msg_id, v.created_at
        from bumped, unnest(
          cast(${column('id')} as text[]), cast(${column('author_id')} as text[]),
          cast(${column('text')} as text[]), cast(${column('action')} as integer[]),
          cast(${column('reply_to_id')} as text[]), cast(${column('mentions')} as text[]),
          cast(${column('client_msg_id')} as text[]), cast(${column('created_at')} as text[])
        ) with ordinality as v(id, author_id, text, action, reply_to_id, mentions, client_msg_id, created_at, ord)
        returning author_id, seq
      ), marked as (
        update room_members rm set last_read_seq = greatest(rm.last_read_seq, mine.seq)
        from (select author_id, max(seq) as seq from inserted group by author_id) mine
        where rm.room_id = ${roomId} and rm.user_id = mine.author_id
        returning rm.user_id
      )
      select (select last_seq from bumped) as last_seq, (select array_agg(user_id) from marked) as members`.execute(
      this.db,
    );
    const answer = result.rows[0];
    if (!answer || answer.last_seq === null) return null;
    const members = new Set(answer.members ?? []);
    if (rows.some((r) => !members.has(r.author_id!))) return null;
    const first = num(answer.last_seq) - n + 1;
    const placed = rows.map((r, i) => ({ ...r, seq: first + i }));
    const mentions = placed.flatMap((r, i) =>
      (messages[i]!.mentionIds ?? []).map((user_id) => ({
        message_id: r.id,
        room_id: roomId,
        user_id,
        seq: r.seq,
      })),
    );
    if (mentions.length > 0) await this.db.insertInto('message_mentions').values(mentions).execute();
    return placed;
  }

  /** The sender has read up to their own message; false when they are not a member. */
  private async markSentRead(row: MessageRow): Promise<boolean> {
    const wanted = sql<number>`cast(${row.seq} as integer)`;
    const marked = await this.db
      .updateTable('room_members')
      .set({
        last_read_seq: sql<number>`case when last_read_seq < ${wanted} then ${wanted} else last_read_seq end`,
      })
      .where('room_id', '=', row.room_id)
      .where('user_id', '=', row.author_id!)
      .returning('role')
      .executeTakeFirst();
    return marked !== undefined;
  }

  private newRow(message: NewMessage, seq: number): MessageRow {
    return {
      id: newId(Date.parse(message.nowIso)),
      room_id: message.roomId,
      seq,
      kind: message.kind,
      author_id: message.authorId,
      text: message.text,
      action: message.action ? 1 : 0,
      reply_to_id: message.replyToId ?? null,
      mentions: JSON.stringify(message.mentionIds ?? []),
      client_msg_id: message.clientMsgId ?? null,
      created_at: message.nowIso,
      edited_at: null,
      deleted_at: null,
      call_id: message.callId ?? null,
      thread_id: message.threadId ?? null,
      thread_replies: 0,
      thread_last_reply_at: null,
    };
  }

  findByClientMsgId(roomId: string, authorId: string, clientMsgId: string): Promise<MessageRow | undefined> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('author_id', '=', authorId)
      .where('client_msg_id', '=', clientMsgId)
      .executeTakeFirst();
  }

  findById(id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * A page by seq, oldest first: `after` gives the next newer ones (catch-up after a reconnect);
   * otherwise the newest ones before `before` (or the newest of all). One extra row says whether
   * there are more.
   */
  async page(
    roomId: string,
    { before, after, limit }: { before?: number | undefined; after?: number | undefined; limit: number },
  ): Promise<{ rows: MessageWithAuthor[]; hasMore: boolean }> {
    let query = this.withAuthors().where('m.room_id', '=', roomId);
    if (after !== undefined) {
      query = query.where('m.seq', '>', after).orderBy('m.seq', 'asc');
      if (before !== undefined) query = query.where('m.seq', '<', before);
    } else {
      if (before !== undefined) query = query.where('m.seq', '<', before);
      query = query.orderBy('m.seq', 'desc');
    }
    const rows = (await query.limit(limit + 1).execute()).map(toMessageWithAuthor);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: after !== undefined ? page : page.reverse(), hasMore };
  }

  /**
   * A page around a seq (opening a search result, issue 20), oldest first: `floor(limit / 2)` older
   * messages, then the one at `seq` (or the next one) and newer. `hasMore` says older ones remain.
   */
  async pageAround(
    roomId: string,
    seq: number,
    limit: number,
  ): Promise<{ rows: MessageWithAuthor[]; hasMore: boolean }> {
    const olderCount = Math.floor(limit / 2);
    const [older, newer] = await Promise.all([
      this.withAuthors()
        .where('m.room_id', '=', roomId)
        .where('m.seq', '<', seq)
        .orderBy('m.seq', 'desc')
        .limit(olderCount + 1)
        .execute(),
      this.withAuthors()
        .where('m.room_id', '=', roomId)
        .where('m.seq', '>=', seq)
        .orderBy('m.seq', 'asc')
        .limit(limit - olderCount)
        .execute(),
    ]);
    return {
      rows: [...older.slice(0, olderCount).reverse(), ...newer].map(toMessageWithAuthor),
      hasMore: older.length > olderCount,
    };
  }

  /** A thread's replies, oldest first: the first page, or those after a seq (catch-up). */
  async threadPage(
    rootId: string,
    { after, limit }: { after?: number | undefined; limit: number },
  ): Promise<{ rows: MessageWithAuthor[]; hasMore: boolean }> {
    let query = this.withAuthors().where('m.thread_id', '=', rootId);
    if (after !== undefined) query = query.where('m.seq', '>', after);
    const rows = (
      await query
        .orderBy('m.seq', 'asc')
        .limit(limit + 1)
        .execute()
    ).map(toMessageWithAuthor);
    return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** A root's summary after one more reply (in the reply's transaction). */
  async countThreadReply(rootId: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('messages')
      .set((eb) => ({ thread_replies: eb('thread_replies', '+', 1), thread_last_reply_at: nowIso }))
      .where('id', '=', rootId)
      .execute();
  }

  /**
   * The people who replied in these threads, each thread's first repliers first (as the room shows
   * them), at most `limit` per thread.
   */
  async threadParticipants(rootIds: readonly string[], limit: number): Promise<Map<string, UserColumns[]>> {
    const byRoot = new Map<string, UserColumns[]>();
    if (rootIds.length === 0) return byRoot;
    const rows = await this.db
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.author_id')
      .leftJoin('room_members as am', (j) =>
        j.onRef('am.room_id', '=', 'm.room_id').onRef('am.user_id', '=', 'm.author_id'),
      )
      .select(['m.thread_id', 'u.id', 'u.username', 'u.display_name', 'u.avatar_file', 'u.role', 'am.alias'])
      .select((eb) => eb.fn.min('m.seq').as('first_seq'))
      .where('m.thread_id', 'in', [...rootIds])
      .where('m.kind', '=', 'user')
      .groupBy(['m.thread_id', 'u.id', 'u.username', 'u.display_name', 'u.avatar_file', 'u.role', 'am.alias'])
      .orderBy('m.thread_id')
      .orderBy('first_seq')
      .execute();
    for (const row of rows) {
      if (row.thread_id === null) continue;
      const people = byRoot.get(row.thread_id) ?? [];
      if (people.length >= limit) continue;
      const { thread_id: _root, alias, first_seq: _first, ...user } = row;
      people.push(aliased(user, alias));
      byRoot.set(row.thread_id, people);
    }
    return byRoot;
  }

  async byIdsWithAuthors(ids: string[]): Promise<MessageWithAuthor[]> {
    if (ids.length === 0) return [];
    const rows = await this.withAuthors().where('m.id', 'in', ids).execute();
    return rows.map(toMessageWithAuthor);
  }

  /**
   * The newest main-timeline message of each room (for the room list): thread replies stay in their
   * thread. The correlated subquery walks the (room_id, seq) index backwards and stops at the first
   * message that is not a reply, so a busy thread costs a few steps, not a scan.
   */
  async latestOf(roomIds: string[]): Promise<Map<string, MessageWithAuthor>> {
    const latest = new Map<string, MessageWithAuthor>();
    if (roomIds.length === 0) return latest;
    const rows = await this.withAuthors()
      .where('m.room_id', 'in', roomIds)
      .where('m.seq', '=', (eb) =>
        eb
          .selectFrom('messages as newest')
          .select('newest.seq')
          .whereRef('newest.room_id', '=', 'm.room_id')
          .where('newest.thread_id', 'is', null)
          .orderBy('newest.seq', 'desc')
          .limit(1),
      )
      .execute();
    for (const row of rows) latest.set(row.room_id, toMessageWithAuthor(row));
    return latest;
  }

  /** Replaces the text and mentions of a live message; false when it is gone or deleted. */
  async edit(id: string, text: string, mentionIds: string[], nowIso: string): Promise<boolean> {
    const res = await this.db
      .updateTable('messages')
      .set({ text, mentions: JSON.stringify(mentionIds), edited_at: nowIso })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning(['room_id', 'seq'])
      .executeTakeFirst();
    if (!res) return false;
    await this.db.deleteFrom('message_mentions').where('message_id', '=', id).execute();
    if (mentionIds.length > 0) {
      await this.db
        .insertInto('message_mentions')
        .values(
          mentionIds.map((user_id) => ({ message_id: id, room_id: res.room_id, user_id, seq: num(res.seq) })),
        )
        .execute();
    }
    return true;
  }

  /** Soft delete: the row (and its seq) stays so history has no holes, the text is gone for good. */
  async softDelete(id: string, nowIso: string): Promise<boolean> {
    const res = await this.db
      .updateTable('messages')
      .set({ text: '', mentions: '[]', action: 0, deleted_at: nowIso })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (num(res.numUpdatedRows) === 0) return false;
    await this.db.deleteFrom('message_mentions').where('message_id', '=', id).execute();
    return true;
  }

  /** Hard delete of a room's messages (their mentions go with them: ON DELETE CASCADE); how many. */
  async purgeRoom(roomId: string): Promise<number> {
    const res = await this.db.deleteFrom('messages').where('room_id', '=', roomId).executeTakeFirst();
    return num(res.numDeletedRows);
  }

  private withAuthors() {
    return (
      this.db
        .selectFrom('messages as m')
        .leftJoin('users as u', 'u.id', 'm.author_id')
        // The author's membership: an alias there is how this room shows them.
        .leftJoin('room_members as am', (j) =>
          j.onRef('am.room_id', '=', 'm.room_id').onRef('am.user_id', '=', 'm.author_id'),
        )
        .selectAll('m')
        .select([
          'am.alias as u_alias',
          'u.id as u_id',
          'u.username as u_username',
          'u.display_name as u_display_name',
          'u.avatar_file as u_avatar_file',
          'u.role as u_role',
        ])
        .select((eb) => [
          eb
            .selectFrom('rooms as d')
            .select('d.id')
            .whereRef('d.source_message_id', '=', 'm.id')
            .orderBy('d.id')
            .limit(1)
            .as('d_id'),
          eb
            .selectFrom('rooms as d')
            .select('d.display_name')
            .whereRef('d.source_message_id', '=', 'm.id')
            .orderBy('d.id')
            .limit(1)
            .as('d_name'),
        ])
    );
  }
}

function toMessageWithAuthor(
  row: MessageRow & {
    u_id: string | null;
    u_username: string | null;
    u_display_name: string | null;
    u_avatar_file: string | null;
    u_role: 'admin' | 'user' | null;
    u_alias: string | null;
    d_id: string | null;
    d_name: string | null;
  },
): MessageWithAuthor {
  const { u_id, u_username, u_display_name, u_avatar_file, u_role, u_alias, d_id, d_name, ...message } = row;
  return {
    ...message,
    seq: num(message.seq),
    action: num(message.action),
    discussion: d_id && d_name !== null ? { id: d_id, display_name: d_name } : null,
    author:
      u_id && u_username && u_display_name && u_role
        ? aliased(
            {
              id: u_id,
              username: u_username,
              display_name: u_display_name,
              avatar_file: u_avatar_file,
              role: u_role,
            },
            u_alias,
          )
        : null,
  };
}
