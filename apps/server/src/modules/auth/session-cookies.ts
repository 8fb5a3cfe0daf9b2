import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@parley/shared';
import type { Config } from '../../config.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_MS } from '../../lib/device-cookie.js';
import type { StartedSession } from './auth.service.js';

export function setSessionCookies(reply: FastifyReply, session: StartedSession, config: Config): void {
  const common = { path: '/', secure: config.auth.secureCookies, expires: session.expiresAt };
  void reply.setCookie(SESSION_COOKIE, session.cookie, { ...common, httpOnly: true, sameSite: 'lax' });
  // Readable by our own scripts so they can echo it in the CSRF header; useless to other origins.
  void reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false, sameSite: 'strict' });
  // Outlives the session on purpose: it says "this browser signed in here before" to the throttle.
  void reply.setCookie(DEVICE_COOKIE, session.deviceCookie, {
    path: '/api/v1/auth',
    secure: config.auth.secureCookies,
    httpOnly: true,
    sameSite: 'strict',
    maxAge: DEVICE_COOKIE_TTL_MS / 1000,
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
