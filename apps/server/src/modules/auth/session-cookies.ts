import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@parley/shared';
import type { Config } from '../../config.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_MS } from '../../lib/device-cookie.js';
import { presentMe } from '../users/index.js';
import type { SignInOutcome, StartedSession } from './auth.service.js';

/** Names a sign-in waiting for its second factor; only the sign-in routes ever see it. */
export const MFA_COOKIE = 'parley_mfa';
const MFA_COOKIE_PATH = '/api/v1/auth';

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

export const sessionResponse = (s: StartedSession) => ({
  user: presentMe(s.user),
  csrfToken: s.csrfToken,
  mfaSetup: s.mfaSetup,
});

export function clearMfaCookie(reply: FastifyReply): void {
  void reply.clearCookie(MFA_COOKIE, { path: MFA_COOKIE_PATH });
}

/**
 * The answer to a first factor: the session (its cookies set), or `{ mfaRequired, methods }` with
 * the `parley_mfa` cookie that `POST /auth/mfa` finishes.
 */
export function answerSignIn(reply: FastifyReply, outcome: SignInOutcome, config: Config) {
  if ('session' in outcome) {
    setSessionCookies(reply, outcome.session, config);
    clearMfaCookie(reply);
    return sessionResponse(outcome.session);
  }
  const { pendingCookie, methods, expiresAt } = outcome.challenge;
  void reply.setCookie(MFA_COOKIE, pendingCookie, {
    path: MFA_COOKIE_PATH,
    secure: config.auth.secureCookies,
    httpOnly: true,
    sameSite: 'lax',
    expires: expiresAt,
  });
  return { mfaRequired: true as const, methods };
}
