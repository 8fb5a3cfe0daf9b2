import { negotiateLocale, type Locale } from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { recipientLocale } from './translator.js';

/** The language an `Accept-Language` header asks for, English when it names none Parley ships. */
export function negotiatedLocale(acceptLanguage: string | string[] | undefined): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  return recipientLocale(negotiateLocale(header));
}

/**
 * The caller's language: the signed-in person's choice (`users.locale`), else their browser's
 * `Accept-Language`, else English. `signedInLocale` resolves the principal (null when nobody or no
 * choice); it is asked only when the request carries credentials.
 */
export async function localeOf(
  request: FastifyRequest,
  signedInLocale?: (request: FastifyRequest) => Promise<string | null>,
): Promise<Locale> {
  if (signedInLocale) {
    try {
      const chosen = await signedInLocale(request);
      if (chosen !== null) return recipientLocale(chosen);
    } catch {
      // An error answer must not fail on who is asking: fall back to the browser's language.
    }
  }
  return negotiatedLocale(request.headers['accept-language']);
}
