import { z } from 'zod';
import { MessageSchema, RoomTypeSchema } from './chat.js';

/**
 * Search (issue 20): messages and attachment names in rooms the caller can read. `q` may carry the
 * filters inline (`from:@ada in:#general has:file before:2026-12-01 after:2026-11-01`), as Slack's
 * box does; the query parameters say the same and win over inline ones.
 */

const noNul = (s: string) => !s.includes('\u0000');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'A date such as 2026-12-01');

export const SEARCH_HAS = ['file', 'image', 'link'] as const;

export const SearchQuerySchema = z.object({
  q: z.string().max(500).refine(noNul, 'A search cannot contain NUL characters').default(''),
  roomId: z.string().max(64).optional(),
  /** A username (with or without `@`) or a user id. */
  from: z.string().max(64).optional(),
  has: z.enum(SEARCH_HAS).optional(),
  /** Messages sent before this day (exclusive) or instant. */
  before: day.optional(),
  /** Messages sent after this day (exclusive: the day after it starts the range) or instant. */
  after: day.optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchResultSchema = z.object({
  message: MessageSchema,
  /** Enough of the room to label and open the result. */
  room: z.object({
    id: z.string(),
    type: RoomTypeSchema,
    displayName: z.string(),
    consultationId: z.string().nullable(),
  }),
  /** Plain text around the matches (never HTML). */
  snippet: z.string(),
  /** `[start, end)` offsets into `snippet` of each matched term, for highlighting. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({
  results: z.array(SearchResultSchema),
  nextCursor: z.string().nullable(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
