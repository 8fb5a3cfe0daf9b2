import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '@parley/shared';
import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { DateTime } from 'luxon';
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import uk from './locales/uk.json' with { type: 'json' };

/**
 * The server's one i18n layer (issue 21): error messages, e-mails, calendar files and push texts in a
 * person's language. Catalogues are bundled JSON in ICU MessageFormat (plurals, select), loaded
 * synchronously at start; English is the fallback for a key another language lacks (the lint check
 * `scripts/check-i18n-server.mjs` keeps them complete).
 */

export type TextValues = Record<string, string | number>;

const CATALOGUES: Record<Locale, object> = { en, uk, de };

const instance = i18next.createInstance();
void instance.use(new ICU()).init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: CATALOGUES[l] }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  initAsync: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
});

const fixed: Record<Locale, TFunction> = Object.fromEntries(
  LOCALES.map((l) => [l, instance.getFixedT(l)]),
) as Record<Locale, TFunction>;

export interface Translator {
  readonly locale: Locale;
  /** The message `key` with `values` filled in (ICU: `{name}`, plurals, select); safe to destructure. */
  readonly t: (this: void, key: string, values?: TextValues) => string;
  /** Whether the catalogue has `key` (in this language or English). */
  readonly has: (this: void, key: string) => boolean;
}

/** One shipped language, or English for anything else (null: no preference known). */
export function recipientLocale(stored: string | null | undefined): Locale {
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

const translators = new Map<Locale, Translator>();

export function translator(locale: string | null | undefined): Translator {
  const lng = recipientLocale(locale);
  let found = translators.get(lng);
  if (!found) {
    const t = fixed[lng];
    found = {
      locale: lng,
      t: (key, values) => String(t(key, values ?? {})),
      has: (key) => instance.exists(key, { lng }),
    };
    translators.set(lng, found);
  }
  return found;
}

/** For helpers that want a plain function (push texts, digest mails): `texts('uk', 'push.call.title', …)`. */
export function texts(locale: string | null | undefined, key: string, values?: TextValues): string {
  return translator(locale).t(key, values);
}

/** The `Intl` locale for dates: British English keeps "1 December 2026, 09:00" as before. */
const INTL_TAG: Record<Locale, string> = { en: 'en-GB', uk: 'uk-UA', de: 'de-DE' };

/** A date and time in `zone` (IANA; UTC when unknown or invalid), e.g. `Dienstag, 1. Dezember 2026 um 10:00`. */
export function formatDateTime(
  ms: number,
  locale: Locale,
  zone: string | null,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' },
): string {
  try {
    return new Intl.DateTimeFormat(INTL_TAG[locale], { ...options, timeZone: zone ?? 'UTC' }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(INTL_TAG[locale], { ...options, timeZone: 'UTC' }).format(ms);
  }
}

/** `08:50 UTC on 1 December 2026` (and its translations): a time for someone whose zone is unknown. */
export function formatUtc(ms: number, locale: Locale): string {
  const time = formatDateTime(ms, locale, 'UTC', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = formatDateTime(ms, locale, 'UTC', { day: 'numeric', month: 'long', year: 'numeric' });
  return translator(locale).t('time.utc', { time, date });
}

/** `09:00` in `zone` (UTC when unknown): 24-hour clock in every shipped language. */
export function formatClock(ms: number, locale: Locale, zone: string | null): string {
  return formatDateTime(ms, locale, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * `Tuesday 1 December 2026, 10:00` in `zone` (English keeps the wording its mails always had),
 * `вівторок, 1 грудня 2026 р. о 10:00`, `Dienstag, 1. Dezember 2026 um 10:00`; null for an unknown zone.
 */
export function formatWallTime(ms: number, locale: Locale, zone: string): string | null {
  const time = DateTime.fromMillis(ms, { zone });
  if (!time.isValid) return null;
  if (locale === 'en') return time.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm');
  return formatDateTime(ms, locale, zone);
}

/** `15 minutes`, `1 hour`, `2 days`, `1 hour 30 minutes` (and their translations, as in "in …"). */
export function formatMinutes(minutes: number, locale: Locale): string {
  const { t } = translator(locale);
  if (minutes < 60) return t('time.minutes', { n: Math.max(minutes, 1) });
  if (minutes >= 2 * 1440 && minutes % 1440 === 0) return t('time.days', { n: minutes / 1440 });
  const hours = t('time.hours', { n: Math.floor(minutes / 60) });
  const rest = minutes % 60;
  return rest === 0 ? hours : t('time.hoursMinutes', { hours, minutes: t('time.minutes', { n: rest }) });
}
