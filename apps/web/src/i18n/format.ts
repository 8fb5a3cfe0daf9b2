import { currentLocale } from './index';

/**
 * Dates, times and numbers in the interface's language (not the browser's), through `Intl`. Every
 * helper that writes a date or a number for people goes through these.
 */

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), options).format(value);
}

export function formatDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(currentLocale(), options).format(date);
}

/** "in 3 days", "yesterday", "vor 2 Stunden": `Intl.RelativeTimeFormat` in the interface's language. */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' }).format(value, unit);
}

/** A language's name in the interface's language ("pt-BR" → "Portuguese (Brazil)"); the code when unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(currentLocale(), { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
