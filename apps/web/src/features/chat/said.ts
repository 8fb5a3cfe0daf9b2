import { t } from '../../i18n';

/**
 * Text kept in the store to be shown later: made here, it is kept as its catalogue key and values, so
 * it reads in the interface's language of the moment it is shown (the language can change while it
 * is on screen); from the server (already in the person's language), the string it is.
 */
export type Said = string | { key: string; values?: Record<string, string | number> };

/** A key and its values, kept to be translated when shown. */
export function saying(key: string, values?: Record<string, string | number>): Said {
  return values ? { key, values } : { key };
}

/** What `said` reads now, in the interface's language. */
export function sayText(said: Said): string {
  return typeof said === 'string' ? said : t(said.key, said.values);
}
