import { createHash } from 'node:crypto';
import type { Message, SearchQuery, SearchResponse, SearchResult } from '@parley/shared';
import { Errors } from '../../errors.js';
import { MARK_CLOSE, MARK_OPEN, type SearchHit, type SearchRepository } from './search.repository.js';
import { isEmptySearch, parseSearch, type ParsedSearch } from './search.query.js';

/** How deep paging goes (offset), so a crafted cursor cannot make the database rank forever. */
export const MAX_SEARCH_OFFSET = 1_000;
/** Characters of a message shown as the snippet when there are no words to point at. */
const PLAIN_SNIPPET_LENGTH = 200;

export interface SearchRoom {
  id: string;
  type: SearchResult['room']['type'];
  displayName: string;
  consultationId: string | null;
}

export interface SearchDependencies {
  repo: SearchRepository;
  /** Messages as the viewer sees them (chat's presenter and extras), by id. */
  messages: (ids: string[], viewerId: string) => Promise<Map<string, Message>>;
  /** The rooms as the viewer sees them (a DM is named after the others). */
  rooms: (ids: string[], viewerId: string) => Promise<Map<string, SearchRoom>>;
}

/** Search over the messages (and attachment names) of the rooms the viewer is a member of. */
export class SearchService {
  constructor(private readonly deps: SearchDependencies) {}

  async search(viewerId: string, query: SearchQuery): Promise<SearchResponse> {
    const parsed = parseSearch(query);
    if (isEmptySearch(parsed)) return { results: [], nextCursor: null };
    const fingerprint = fingerprintOf(parsed);
    const offset = query.cursor === undefined ? 0 : readCursor(query.cursor, fingerprint);
    const found = await this.deps.repo.search(viewerId, parsed, { offset, limit: query.limit });
    const hits = found.slice(0, query.limit);
    const more = found.length > query.limit && offset + query.limit <= MAX_SEARCH_OFFSET;
    const [messages, rooms, snippets] = await Promise.all([
      this.deps.messages(
        hits.map((h) => h.messageId),
        viewerId,
      ),
      this.deps.rooms([...new Set(hits.map((h) => h.roomId))], viewerId),
      this.deps.repo.snippets(parsed, hits),
    ]);
    const results: SearchResult[] = [];
    for (const hit of hits) {
      const message = messages.get(hit.messageId);
      const room = rooms.get(hit.roomId);
      // Gone between the two reads (deleted, purged): not a result any more.
      if (!message || !room || message.deletedAt !== null) continue;
      results.push({ message, room, ...snippetOf(hit, message, snippets.get(hit.messageId)) });
    }
    return { results, nextCursor: more ? writeCursor(offset + query.limit, fingerprint) : null };
  }
}

function snippetOf(
  hit: SearchHit,
  message: Message,
  marked: string | undefined,
): Pick<SearchResult, 'snippet' | 'highlights'> {
  if (marked !== undefined) return unmark(marked);
  const plain = hit.byName ? (message.attachments[0]?.name ?? '') : message.text;
  const snippet = plain.length > PLAIN_SNIPPET_LENGTH ? `${plain.slice(0, PLAIN_SNIPPET_LENGTH)}…` : plain;
  return { snippet: stripMarks(snippet), highlights: [] };
}

const stripMarks = (s: string) => s.replaceAll(MARK_OPEN, '').replaceAll(MARK_CLOSE, '');

/**
 * A snippet with marks into plain text and `[start, end)` offsets (UTF-16, as JavaScript slices).
 * Robust to marks in the text itself (a message may contain these characters on SQLite): an
 * unmatched or nested mark is dropped, so every range is non-empty, ordered and inside the text.
 */
export function unmark(marked: string): Pick<SearchResult, 'snippet' | 'highlights'> {
  let snippet = '';
  const highlights: [number, number][] = [];
  let open: number | null = null;
  for (const ch of marked) {
    if (ch === MARK_OPEN) {
      open ??= snippet.length;
    } else if (ch === MARK_CLOSE) {
      if (open !== null && snippet.length > open) highlights.push([open, snippet.length]);
      open = null;
    } else {
      snippet += ch;
    }
  }
  return { snippet, highlights };
}

/** What a cursor belongs to: the same words and filters (else it is refused, 400). */
function fingerprintOf(parsed: ParsedSearch): string {
  return createHash('sha256').update(JSON.stringify(parsed)).digest('base64url').slice(0, 12);
}

/** Opaque to clients: base64url of `{ o: offset, f: fingerprint }`. */
function writeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

function readCursor(cursor: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const { o, f } = (decoded ?? {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > MAX_SEARCH_OFFSET || f !== fingerprint) {
    throw Errors.invalidField('cursor', 'foreignCursor');
  }
  return o;
}
