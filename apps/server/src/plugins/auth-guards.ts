import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import { authenticate, type Principal } from '../lib/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principalPromise?: Promise<Principal | null>;
  }
  interface FastifyInstance {
    config: Config;
  }
  interface FastifyContextConfig {
    /**
     * Guests' sessions (issue 19: a personal link's guest client or third participant) may use this
     * route. Default deny: every other route that asks for a signed-in user refuses them with 403
     * `guest_not_allowed`, so a route added later is closed to guests until someone opens it.
     */
    guests?: boolean;
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
  const header = request.headers.authorization;
  request.principalPromise ??= authenticate(request.server.services.auth, {
    bearer: header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined,
    cookie: request.cookies[SESSION_COOKIE],
  }).then((principal) => {
    // "Last used" on the devices list; written at most once a minute, never awaited.
    if (principal?.sessionId) request.server.services.devices.noteUse(principal.sessionId, request.ip);
    return principal;
  });
  return request.principalPromise;
}

/**
 * The signed-in principal, or 401. Cookie sessions must also write from our own origin and echo their
 * CSRF token; bearer tokens are not sent automatically by browsers, so they need neither, but a token
 * must carry the scope for what it does: `read` for reads, `write` for changes.
 */
export async function requireUser(request: FastifyRequest): Promise<Principal> {
  const principal = await currentPrincipal(request);
  if (!principal) throw Errors.authenticationRequired();
  if (principal.user.guest === 1 && request.routeOptions.config.guests !== true) {
    throw Errors.guestNotAllowed();
  }
  const write = !SAFE_METHODS.has(request.method);
  if (principal.via === 'session' && write) {
    requireTrustedOrigin(request, request.server.config, { strict: true });
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
      throw Errors.csrfFailed();
    }
  }
  if (principal.mfaSetup?.blocked && !mayUseWhileBlocked(request)) throw Errors.mfaSetupRequired();
  if (principal.scopes) {
    const needed = write ? 'write' : 'read';
    if (!principal.scopes.includes(needed)) throw Errors.missingScope(needed);
  }
  return principal;
}

/**
 * Default deny for guests (issue 19), before a request's body is even read: a guest's session
 * on an API route not marked `guests: true` (nor public) gets 403 `guest_not_allowed`, whatever it
 * sends. `requireUser` refuses them too, for routes that check later; this makes the answer the same
 * for every body. Only requests with a session cookie are looked at (guests have nothing else).
 */
export function registerGuestGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.guests === true || config.public === true || !request.url.startsWith('/api/')) return;
    if (!request.cookies[SESSION_COOKIE]) return;
    const principal = await currentPrincipal(request);
    if (principal?.user.guest === 1) throw Errors.guestNotAllowed();
  });
}

/**
 * What a session still may do once a required second factor is overdue: see who it is, set one up
 * (`/me/mfa…`), sign out.
 */
function mayUseWhileBlocked(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return (
    url === '/api/v1/me' ||
    url === '/api/v1/auth/logout' ||
    url === '/api/v1/auth/session' ||
    url === '/api/v1/me/mfa' ||
    url.startsWith('/api/v1/me/mfa/')
  );
}

/** How long a proven second factor counts as recent for sensitive changes. */
export const RECENT_SECOND_FACTOR_MS = 15 * 60_000;

/**
 * A signed-in session whose person proved their second factor in it within the last 15 minutes
 * (step-up: `POST /me/mfa/verify`) if they have one; people without a factor (as policy allows) pass.
 * API tokens never do: they cannot prove a factor, and these changes (security settings, identity
 * providers, factors, new tokens) widen or weaken access, so they are made by a person in a browser.
 */
export async function requireRecentSecondFactor(request: FastifyRequest): Promise<Principal> {
  const principal = await requireSession(request);
  const { mfa, clock } = request.server.services;
  if (!(await mfa.factors.hasConfirmedFactor(principal.user.id))) return principal;
  const at = principal.mfaAt ? Date.parse(principal.mfaAt) : Number.NaN;
  const now = clock.now().getTime();
  if (!(now - at < RECENT_SECOND_FACTOR_MS && at <= now + 60_000)) throw Errors.mfaRecentRequired();
  return principal;
}

/**
 * A signed-in browser session (with its CSRF token on writes), not an API token: for actions that
 * mint credentials, so a leaked token cannot make itself permanent.
 */
export async function requireSession(request: FastifyRequest): Promise<Principal> {
  const principal = await requireUser(request);
  if (principal.via !== 'session') {
    throw Errors.forbidden('sessionOnly');
  }
  return principal;
}

/**
 * An administrator. Through an API token, only one created with the `admin` scope: a leaked everyday
 * token must not be able to create accounts, change roles or open registration.
 */
export async function requireAdmin(request: FastifyRequest): Promise<Principal> {
  const principal = await requireUser(request);
  if (principal.user.role !== 'admin') throw Errors.forbidden('adminOnly');
  if (principal.scopes && !principal.scopes.includes('admin')) throw Errors.missingScope('admin');
  return principal;
}

/**
 * Writes that rely on cookies must come from our own pages (login CSRF, and defence in depth beside
 * the CSRF token). `Origin: null` (sandboxed frames, some redirects) is foreign. Without an Origin,
 * `Sec-Fetch-Site` and then the Referer decide; `strict` (cookie-authenticated writes) refuses a
 * cross-site `Sec-Fetch-Site` even when nothing else is sent.
 */
export function requireTrustedOrigin(
  request: FastifyRequest,
  config: Config,
  { strict = false }: { strict?: boolean } = {},
): void {
  const allowed = config.http.allowedOrigins;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!allowed.includes(origin)) throw Errors.foreignOrigin(config.http.publicUrl);
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (
    typeof site === 'string' &&
    site !== 'same-origin' &&
    site !== 'none' &&
    (strict || site === 'cross-site')
  ) {
    throw Errors.foreignOrigin(config.http.publicUrl);
  }
  const referer = request.headers.referer;
  if (typeof referer === 'string' && referer !== '') {
    const refererOrigin = URL.canParse(referer) ? new URL(referer).origin : null;
    if (refererOrigin === null || !allowed.includes(refererOrigin)) {
      throw Errors.foreignOrigin(config.http.publicUrl);
    }
  }
}
