import type { FastifyReply } from 'fastify';
import type { OidcError } from '@parley/shared';
import type { Config } from '../../config.js';
import { OIDC_FLOW_TTL_MS } from './oidc-sign-in.service.js';

/** Binds a sign-in in flight to the browser that started it (login CSRF); only the OIDC routes see it. */
export const OIDC_BROWSER_COOKIE = 'parley_oidc';

export function setOidcBrowserCookie(reply: FastifyReply, value: string, config: Config): void {
  // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
  void reply.setCookie(OIDC_BROWSER_COOKIE, value, {
    path: '/api/v1/auth/oidc',
    secure: config.auth.secureCookies,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: OIDC_FLOW_TTL_MS / 1000,
  });
}

/** The page that explains why single sign-on did not finish. */
export const failurePage = (purpose: 'sign-in' | 'link', error: OidcError) =>
  `${purpose === 'link' ? '/profile/security' : '/login'}?sso_error=${error}`;
