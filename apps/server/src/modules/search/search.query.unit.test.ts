import { SearchQuerySchema } from '@parley/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ftsMatch, parseSearch, websearchText } from './search.query.js';

const parse = (q: string, more: Record<string, string> = {}) =>
  parseSearch(SearchQuerySchema.parse({ q, ...more }));

describe('parseSearch', () => {
  it('takes inline filters out of the words', () => {
    expect(
      parse('budget from:@Ada in:#General has:FILE before:2026-12-01 after:2026-11-01 "next week" -draft'),
    ).toEqual({
      terms: [
        { text: 'budget', phrase: false, exclude: false },
        { text: 'next week', phrase: true, exclude: false },
        { text: 'draft', phrase: false, exclude: true },
      ],
      from: 'ada',
      room: 'general',
      has: 'file',
      before: '2026-12-01T00:00:00.000Z',
      after: '2026-11-02T00:00:00.000Z',
    });
  });

  it('lets query parameters win and keeps a room id as it is', () => {
    const parsed = parse('x from:@ada in:#general', { from: 'bob', roomId: 'ROOM-Id' });
    expect(parsed).toMatchObject({ from: 'bob', room: 'ROOM-Id' });
  });

  it('keeps a filter with a value it does not know as a word; drops punctuation alone', () => {
    expect(parse('has:cake !!! ...').terms).toEqual([{ text: 'has:cake', phrase: false, exclude: false }]);
  });

  it('reads instants, exclusive for after; refuses what is no date', () => {
    expect(parse('after:2026-11-01T10:00:00Z').after).toBe('2026-11-01T10:00:00.001Z');
    expect(parse('before:2026-11-01T10:00:00+02:00').before).toBe('2026-11-01T08:00:00.000Z');
    for (const bad of ['before:2026-02-30', 'after:soon', 'before:2026-13-01']) {
      expect(() => parse(bad)).toThrow(/not a date/);
    }
  });
});

describe('ftsMatch', () => {
  it('quotes every term, so FTS5 syntax is only words', () => {
    expect(ftsMatch(parse('a AND b* NEAR(c) "x y" -z "q""uote').terms)).toBe(
      '"a" AND "AND" AND "b*" AND "NEAR(c)" AND "x y" AND "q" AND "uote" NOT "z"',
    );
    expect(ftsMatch(parse('say"hi"').terms)).toBe('"say""hi"""');
    expect(ftsMatch(parse('-only').terms)).toBeNull();
    expect(websearchText(parse('-only').terms)).toBeNull();
    // File names: the separators of their index split words, as one phrase.
    expect(websearchText(parse('scan.pdf -old_draft-v2 "q4 plan"').terms, { names: true })).toBe(
      '"scan pdf" -"old draft v2" "q4 plan"',
    );
    expect(websearchText(parse('scan.pdf').terms)).toBe('scan.pdf');
  });

  it('always yields a balanced expression of quoted terms (random input)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const match = ftsMatch(parse(q.replaceAll('\u0000', '')).terms);
        if (match === null) return;
        // Outside the quoted strings there is only AND / NOT between them.
        const outside = match.replace(/"(?:[^"]|"")*"/g, '');
        expect(
          outside
            .split(/\s+/)
            .filter(Boolean)
            .every((w) => w === 'AND' || w === 'NOT'),
        ).toBe(true);
      }),
    );
  });
});
