import { DEFAULT_LOCALE, isLocale, negotiateLocale, type Locale } from '@parley/shared';
import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { Settings } from 'luxon';
import { z } from 'zod';
import zodDe from 'zod/v4/locales/de.js';
import zodEn from 'zod/v4/locales/en.js';
import zodUk from 'zod/v4/locales/uk.js';
import { initReactI18next } from 'react-i18next';

/**
 * The web app's language layer (issue 21): i18next with ICU MessageFormat messages (plurals, select),
 * every catalogue bundled, so switching language never waits on the network. Components use
 * `useTranslation()` from react-i18next; code outside React uses `t` from here.
 */

/** Where the sign-in page's picker keeps the language of people not signed in. */
export const STORED_LOCALE_KEY = 'parley.locale';

/** Right-to-left scripts; none of the shipped languages is one yet, but `<html dir>` follows the list. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** zod's own messages ("Too small: …") for forms; the schemas' own wording: ./validation.ts. */
const ZOD_LOCALES = { en: zodEn, uk: zodUk, de: zodDe } satisfies Record<Locale, unknown>;

type Messages = Record<string, unknown>;

/**
 * The catalogues, one file per feature and language (`locales/<lang>/<feature>.json`, each holding
 * `{ "<feature>": { … } }`), so work on two features never edits the same file. Bundled: switching
 * language never waits on the network.
 */
const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

function catalogue(locale: Locale): Messages {
  const messages: Messages = {};
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith(`./locales/${locale}/`)) Object.assign(messages, content);
  }
  return messages;
}

export const i18n: I18n = i18next.createInstance();

void i18n
  .use(ICU)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: catalogue('en') },
      uk: { translation: catalogue('uk') },
      de: { translation: catalogue('de') },
    },
    lng: browserOrStoredLocale(),
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['en', 'uk', 'de'],
    // React escapes what it renders; escaping here as well would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    react: { useSuspense: false },
  });
applyToDocument(currentLocale());
i18n.on('languageChanged', (lng) => applyToDocument(isLocale(lng) ? lng : DEFAULT_LOCALE));

export const t = i18n.t.bind(i18n);

/** The language the interface speaks now. */
export function currentLocale(): Locale {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(lng) ? lng : DEFAULT_LOCALE;
}

/** The best shipped language for the browser's preferences (`navigator.languages`), else English. */
export function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return DEFAULT_LOCALE;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  // Listed in order of preference: weights falling by position keep that order in negotiateLocale.
  const header = preferred
    .filter(Boolean)
    .map((tag, index) => `${tag};q=${Math.max(0.1, 1 - index * 0.1).toFixed(1)}`)
    .join(',');
  return negotiateLocale(header) ?? DEFAULT_LOCALE;
}

/** What the sign-in page's picker chose on this browser, if anything. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORED_LOCALE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale | null): void {
  try {
    if (locale) localStorage.setItem(STORED_LOCALE_KEY, locale);
    else localStorage.removeItem(STORED_LOCALE_KEY);
  } catch {
    // Storage blocked (private mode): the choice lasts for this page only.
  }
}

/** For people not signed in: their choice on this browser, else the browser's language, else English. */
export function browserOrStoredLocale(): Locale {
  return storedLocale() ?? browserLocale();
}

/** The language for a signed-in person: their own choice, else the browser's language. */
export function localeFor(userLocale: Locale | null | undefined): Locale {
  return userLocale ?? browserLocale();
}

/** Switches the interface at once (a no-op when it already speaks `locale`). */
export function setLocale(locale: Locale): Promise<unknown> {
  if (i18n.language === locale) {
    applyToDocument(locale);
    return Promise.resolve();
  }
  return i18n.changeLanguage(locale);
}

/** Keeps `<html lang dir>`, Luxon's default locale and zod's messages in step with the interface. */
function applyToDocument(locale: Locale): void {
  Settings.defaultLocale = locale;
  z.config(ZOD_LOCALES[locale]());
  if (typeof document === 'undefined') return;
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}
