import { t } from '../../i18n';

/**
 * Text kept in the store to be shown later: made here, it is kept as its catalogue key and values (or,
 * for text put together from several messages, as the function that writes it), so it reads in the
 * interface's language of the moment it is shown (the language can change while it is on screen);
 * from the server (already in the person's language), the string it is.
 */
export type Said =
  string | { key: string; values?: Record<string, string | number> } | { write: () => string };

/** A key and its values, kept to be translated when shown. */
export function saying(key: string, values?: Record<string, string | number>): Said {
  return values ? { key, values } : { key };
}

/** What `said` reads now, in the interface's language. */
export function sayText(said: Said): string {
  if (typeof said === 'string') return said;
  return 'write' in said ? said.write() : t(said.key, said.values);
}
