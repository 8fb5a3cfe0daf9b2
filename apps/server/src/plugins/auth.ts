import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import type { Principal, StartedSession } from '../modules/auth/auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    principalPromise?: Promise<Principal | null>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Resolved once per request and only when a route asks, so static files cost no database reads. */
export function currentPrincipal(request: FastifyRequest): Promise<Principal | null> {
  request.principalPromise ??= (async () => {
    const { auth } = request.server.services;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return auth.fromBearerToken(header.slice(7).trim());
    const cookie = request.cookies[SESSION_COOKIE];
    return cookie ? auth.fromSessionCookie(cookie) : null;
  })();
  return request.principalPromise;
}

/**
 * The signed-in principal, or 401. Cookie sessions must also echo their CSRF token on writes; bearer
 * tokens are not sent automatically by browsers, so they need no CSRF token.
 */
export async function requireUser(request: FastifyRequest): Promise<Principal> {
  const principal = await currentPrincipal(request);
  if (!principal) throw Errors.authenticationRequired();
  if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
      throw Errors.csrfFailed();
    }
  }
  return principal;
}

/**
 * A signed-in browser session (with its CSRF token on writes), not an API token: for actions that
 * mint credentials, so a leaked token cannot make itself permanent.
 */
export async function requireSession(request: FastifyRequest): Promise<Principal> {
  const principal = await requireUser(request);
  if (principal.via !== 'session') {
    throw Errors.forbidden('This needs a signed-in session; API tokens cannot do it');
  }
  return principal;
}

export async function requireAdmin(request: FastifyRequest): Promise<Principal> {
  const principal = await requireUser(request);
  if (principal.user.role !== 'admin') throw Errors.forbidden('Only administrators can do this');
  return principal;
}

/** Unauthenticated writes (login, setup, register) must come from our own pages, which stops login CSRF. */
export function requireTrustedOrigin(request: FastifyRequest, config: Config): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !config.http.allowedOrigins.includes(origin)) throw Errors.csrfFailed();
}

export function setSessionCookies(reply: FastifyReply, session: StartedSession, config: Config): void {
  const common = { path: '/', secure: config.auth.secureCookies, expires: session.expiresAt };
  void reply.setCookie(SESSION_COOKIE, session.cookie, { ...common, httpOnly: true, sameSite: 'lax' });
  // Readable by our own scripts so they can echo it in the CSRF header; useless to other origins.
  void reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false, sameSite: 'strict' });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
