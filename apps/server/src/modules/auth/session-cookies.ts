import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@parley/shared';
import type { Config } from '../../config.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_MS } from '../../lib/device-cookie.js';
import type { SignInOutcome, StartedSession } from './auth.service.js';

/** The half-done sign-in waiting for its second factor (see AuthService.signIn). */
export const MFA_PENDING_COOKIE = 'parley_mfa';

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

/** Names the pending sign-in that `POST /auth/mfa` finishes; only the sign-in routes ever see it. */
export function setMfaPendingCookie(
  reply: FastifyReply,
  challenge: Extract<SignInOutcome, { challenge: unknown }>['challenge'],
  config: Config,
): void {
  void reply.setCookie(MFA_PENDING_COOKIE, challenge.pendingCookie, {
    path: '/api/v1/auth',
    secure: config.auth.secureCookies,
    httpOnly: true,
    sameSite: 'lax',
    expires: challenge.expiresAt,
  });
}
