import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DisplayNameSchema } from './users.js';

describe('DisplayNameSchema', () => {
  it('normalises to NFC and trims', () => {
    expect(DisplayNameSchema.parse('  Cafe\u0301  ')).toBe('Caf\u00e9');
    expect(DisplayNameSchema.parse('Zoë 😀 李')).toBe('Zoë 😀 李');
  });

  it.each([
    ['NUL', 'Ada\u0000'],
    ['a line break', 'Ada\nLovelace'],
    ['a right-to-left override', 'Ada\u202Egpj.exe'],
    ['a bidi isolate', '\u2066Ada\u2069'],
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
    ['only a Hangul filler', '\u3164'],
    ['only combining marks', '\u0301\u0302'],
    ['a lone high surrogate', 'Ada\uD800'],
    ['a lone low surrogate', '\uDC00Ada'],
    ['nothing but spaces', '   '],
  ])('rejects a name with %s', (_what, name) => {
    const result = DisplayNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^A display name /);
  });

  it('keeps every accepted name unchanged through JSON and normalised', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (raw) => {
        const result = DisplayNameSchema.safeParse(raw);
        if (!result.success) return;
        const name = result.data;
        expect(name).toBe(name.normalize('NFC'));
        expect(JSON.parse(JSON.stringify(name))).toBe(name);
        expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
        expect(name.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});
