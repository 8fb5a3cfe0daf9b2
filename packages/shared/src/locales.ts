import { z } from 'zod';

/** Issue 21: the languages Parley speaks. */
/** The languages Parley ships, complete (a CI check compares every catalogue's keys). */
export const LOCALES = ['en', 'uk', 'de'] as const;
export const LocaleSchema = z.enum(LOCALES, { error: 'Choose one of en, uk or de' });
export type Locale = z.infer<typeof LocaleSchema>;
export const DEFAULT_LOCALE: Locale = 'en';

/** The language names as their speakers write them (the picker shows these, untranslated). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', uk: 'Українська', de: 'Deutsch' };

/**
 * The best shipped language for an `Accept-Language` header (RFC 9110 §12.5.4: weighted ranges, the
 * first match of the highest weight; `uk-UA` matches `uk`), or null when none matches.
 */
export function negotiateLocale(header: string | undefined | null): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag !== '' && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split('-')[0];
    const found = LOCALES.find((l) => l === primary);
    if (found) return found;
  }
  return null;
}

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
