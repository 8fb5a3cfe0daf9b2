/** "pt-BR" → "Portuguese (Brazil)", in the reader's language; the code itself when unknown. */
export function languageName(code: string): string {
  try {
    const names = new Intl.DisplayNames(undefined, { type: 'language' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "50-minute sessions" */
export function sessionLength(minutes: number): string {
  return `${minutes}-minute sessions`;
}
