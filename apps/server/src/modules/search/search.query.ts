import type { SearchQuery } from '@parley/shared';
import { SEARCH_HAS } from '@parley/shared';
import { Errors } from '../../errors.js';

export type SearchHas = (typeof SEARCH_HAS)[number];

/** One piece of the words to find: a word, or a quoted phrase (its words in order); `-` excludes it. */
export interface SearchTerm {
  text: string;
  phrase: boolean;
  exclude: boolean;
}

/** A search, its inline filters taken out of `q` and the query parameters laid over them. */
export interface ParsedSearch {
  terms: SearchTerm[];
  /** A username (lower case, without `@`) or a user id. */
  from: string | null;
  /** A room id, or a channel's handle (lower case, without `#`). */
  room: string | null;
  has: SearchHas | null;
  /** ISO instants: created before `before` (exclusive), from `after` on (inclusive). */
  before: string | null;
  after: string | null;
}

const FILTER = /^(from|in|has|before|after):(.+)$/i;
/** A token: a quoted phrase (optionally `-"…"`), or a run of non-spaces. */
const TOKEN = /(-?)"([^"]*)"?|(\S+)/gu;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Splits `q` into words, phrases and `from:@ada in:#general has:file before:2026-12-01 after:…`.
 * A filter whose value makes no sense (`has:cake`) stays a word, as Slack does; a date that is not
 * one answers 400 naming it. Query parameters win over inline filters.
 */
export function parseSearch(query: SearchQuery): ParsedSearch {
  const inline: Record<string, string> = {};
  const terms: SearchTerm[] = [];
  for (const match of query.q.matchAll(TOKEN)) {
    const [, minus, quoted, bare] = match;
    if (quoted !== undefined) {
      pushTerm(terms, quoted, true, minus === '-');
      continue;
    }
    const token = bare ?? '';
    const filter = FILTER.exec(token);
    const key = filter?.[1]?.toLowerCase();
    const value = filter?.[2];
    if (key && value && (key !== 'has' || (SEARCH_HAS as readonly string[]).includes(value.toLowerCase()))) {
      inline[key] = value;
      continue;
    }
    const exclude = token.startsWith('-') && token.length > 1;
    pushTerm(terms, exclude ? token.slice(1) : token, false, exclude);
  }
  const from = query.from ?? inline.from;
  const room = query.roomId ?? inline.in;
  const has = query.has ?? inline.has?.toLowerCase();
  return {
    terms,
    from: from ? from.replace(/^@/, '').toLowerCase() : null,
    room: query.roomId ?? (room ? room.replace(/^#/, '').toLowerCase() : null),
    has: (has as SearchHas | undefined) ?? null,
    before: instant('before', query.before ?? inline.before, 0),
    after: instant('after', query.after ?? inline.after, 1),
  };
}

function pushTerm(terms: SearchTerm[], raw: string, phrase: boolean, exclude: boolean): void {
  const text = raw.trim();
  // Punctuation alone finds nothing (the tokenizers drop it) and must not become an empty phrase.
  if (!WORDISH.test(text)) return;
  terms.push({ text, phrase: phrase && /\s/.test(text), exclude });
}

/**
 * A day (UTC) or an instant as an ISO instant; `dayShift` 1 for `after`, whose day is excluded (the
 * range starts the day after). 400 naming the field when it is no date.
 */
function instant(field: 'before' | 'after', value: string | undefined, dayShift: number): string | null {
  if (value === undefined) return null;
  const isDay = DAY.test(value);
  const ms = Date.parse(isDay ? `${value}T00:00:00.000Z` : value);
  const date = new Date(ms + (isDay ? dayShift * 86_400_000 : 0));
  if (Number.isNaN(ms) || (isDay && date.toISOString().slice(0, 10) !== shiftDay(value, dayShift))) {
    throw Errors.invalidField(field, 'searchNotDate', { field, value: JSON.stringify(value) });
  }
  // An instant `after` is exclusive: a message at that very millisecond is not after it.
  return new Date(date.getTime() + (isDay ? 0 : dayShift)).toISOString();
}

/** `value` (YYYY-MM-DD) plus `days`, as the same kind of string; rejects 2026-02-31 and friends. */
function shiftDay(value: string, days: number): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '';
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether there is anything to look for (words, or at least one filter). */
export const isEmptySearch = (s: ParsedSearch): boolean =>
  !s.terms.some((t) => !t.exclude) &&
  s.from === null &&
  s.room === null &&
  s.has === null &&
  s.before === null &&
  s.after === null;

/**
 * The FTS5 MATCH expression: every term double-quoted (a `"` doubled), so user input never reaches
 * FTS5's syntax raw: `AND`, `NEAR`, `*`, `:` and parentheses are plain words. Excluded terms become
 * `NOT`; with no positive term there is no expression (null).
 */
export function ftsMatch(terms: readonly SearchTerm[]): string | null {
  const quote = (t: SearchTerm) => `"${t.text.replaceAll('"', '""')}"`;
  const positive = terms.filter((t) => !t.exclude).map(quote);
  if (positive.length === 0) return null;
  const negative = terms.filter((t) => t.exclude).map(quote);
  return [positive.join(' AND '), ...negative].join(' NOT ');
}

/**
 * The text for PostgreSQL's `websearch_to_tsquery` (which accepts any input): words, "phrases", -words.
 * For file names (`names`), `.`, `_` and `-` split words as they do in the names' index (the parser
 * would keep `scan.pdf` as one token), so `scan.pdf` looks for the phrase "scan pdf".
 */
export function websearchText(
  terms: readonly SearchTerm[],
  options: { names?: boolean } = {},
): string | null {
  if (!terms.some((t) => !t.exclude)) return null;
  return terms
    .map((t) => {
      let words = t.text.replaceAll('"', ' ');
      let phrase = t.phrase;
      if (options.names && NAME_SEPARATORS.test(words)) {
        words = words.replace(new RegExp(NAME_SEPARATORS.source, 'g'), ' ');
        phrase = true;
      }
      return `${t.exclude ? '-' : ''}${phrase ? `"${words}"` : words}`;
    })
    .join(' ');
}

/** What separates words in a file name's index (migration 20261209000100_message_search). */
const NAME_SEPARATORS = /[._-]/;
