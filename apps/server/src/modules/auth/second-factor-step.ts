import type { MfaProof, WebAuthnResponse } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { DeviceCookies } from '../../lib/device-cookie.js';
import type { LoginThrottle } from '../../lib/login-throttle.js';
import type { Principal } from '../../lib/principal.js';
import type { MfaProofs } from '../mfa/index.js';
import type { UserRow, UsersRepository } from '../users/index.js';
import type { AuthEvents } from './auth.events.js';
import type { LoginSessionsRepository } from './login-sessions.repository.js';

/** Wrong proofs a pending sign-in survives; the fifth ends it. */
export const MAX_SECOND_FACTOR_ATTEMPTS = 5;

/** Where a proof comes from: the throttle's keys and the new session's user agent. */
export interface ProofContext {
  ip: string;
  deviceCookie: string | undefined;
  userAgent: string | null;
}

/** Where a session comes from: its address, how it signed in, and for single sign-on the provider. */
export interface SessionOrigin {
  ip: string | null;
  /** 'password', 'passkey', or the identity provider's name. */
  signedInWith: string;
  /** Single sign-on: back-channel and RP-initiated logout find the session by these. */
  identity?: { providerId: string; sid: string | null } | undefined;
}

/**
 * AuthService's own types stay there (this file is below it): `Session` is its StartedSession,
 * `Outcome` its SignInOutcome.
 */
export interface SecondFactorStepDependencies<Session, Outcome> {
  proofs: MfaProofs;
  users: UsersRepository;
  sessions: LoginSessionsRepository;
  events: AuthEvents;
  throttle: LoginThrottle;
  devices: DeviceCookies;
  clock: Clock;
  /** AuthService.signIn, and its session start for a finished second step. */
  signIn: (
    user: UserRow,
    context: ProofContext & { method: 'passkey'; secondFactorDone: true },
  ) => Promise<Outcome>;
  startSession: (
    user: UserRow,
    userAgent: string | null,
    mfa: { mfaAt: string | null; mfaSetup: null },
    origin: SessionOrigin,
  ) => Promise<Session>;
}

/**
 * The second step of a sign-in (the `parley_mfa` cookie names it), passwordless passkeys, and
 * step-up for signed-in sessions. Wrong codes count in the sign-in throttle under the same keys as
 * the password; five end the pending sign-in.
 */
export class SecondFactorStep<Session, Outcome> {
  constructor(private readonly deps: SecondFactorStepDependencies<Session, Outcome>) {}

  /** Checks the proof for the pending sign-in (`parley_mfa` cookie) and ends it: the session starts. */
  async finish(cookie: string | undefined, proof: MfaProof, context: ProofContext): Promise<Session> {
    const pending = await this.deps.proofs.findPending(cookie);
    const user = pending ? await this.deps.users.findById(pending.user_id) : undefined;
    if (!pending || !user) throw Errors.mfaSignInExpired();
    const deviceId = this.deps.devices.verify(context.deviceCookie, user.username, this.deps.clock.now());
    const begun = this.deps.throttle.begin({ ip: context.ip, username: user.username, deviceId });
    if ('retryAfterSeconds' in begun) throw Errors.rateLimited(begun.retryAfterSeconds);
    const { attempt } = begun;
    let ok: boolean;
    try {
      ok = await this.deps.proofs.check(user.id, proof, { purpose: 'sign-in-mfa', owner: pending.id });
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (!ok) {
      attempt.failed();
      const attempts = await this.deps.proofs.countPendingFailure(pending.id);
      if (attempts >= MAX_SECOND_FACTOR_ATTEMPTS) {
        await this.deps.proofs.endPending(pending.id);
        throw Errors.mfaSignInExpired();
      }
      throw Errors.mfaCodeInvalid();
    }
    if (!(await this.deps.proofs.endPending(pending.id))) {
      attempt.abandoned();
      throw Errors.mfaSignInExpired();
    }
    attempt.succeeded();
    if (user.active !== 1) throw Errors.accountDeactivated();
    const mfaAt = this.deps.clock.now().toISOString();
    return this.deps.startSession(
      user,
      context.userAgent,
      { mfaAt, mfaSetup: null },
      {
        ip: context.ip,
        signedInWith: pending.method,
        identity: pending.identity ? (JSON.parse(pending.identity) as SessionOrigin['identity']) : undefined,
      },
    );
  }

  /** WebAuthn request options for the pending sign-in's passkeys. */
  async options(cookie: string | undefined) {
    const pending = await this.deps.proofs.findPending(cookie);
    if (!pending) throw Errors.mfaSignInExpired();
    return this.deps.proofs.authenticationOptions(pending.user_id, {
      purpose: 'sign-in-mfa',
      owner: pending.id,
    });
  }

  passwordlessOptions() {
    return this.deps.proofs.passwordlessOptions();
  }

  /** Passwordless: a discoverable passkey with user verification counts as both factors. */
  async passwordless(assertion: WebAuthnResponse, context: ProofContext): Promise<Outcome> {
    const userId = await this.deps.proofs.passwordless(assertion);
    const user = userId ? await this.deps.users.findById(userId) : undefined;
    if (!user) throw Errors.mfaCodeInvalid();
    return this.deps.signIn(user, { ...context, method: 'passkey', secondFactorDone: true });
  }

  /** Step-up: this session proves a second factor now (sensitive changes follow for 15 minutes). */
  async stepUp(principal: Principal, proof: MfaProof): Promise<void> {
    const sessionId = principal.sessionId;
    if (!sessionId) throw Errors.forbidden('sessionOnly');
    const ok = await this.deps.proofs.check(principal.user.id, proof, {
      purpose: 'step-up',
      owner: sessionId,
    });
    if (!ok) throw Errors.mfaCodeInvalid();
    await this.deps.sessions.setMfaAt(sessionId, this.deps.clock.now().toISOString());
    await this.deps.events.sessionChanged(sessionId);
  }

  stepUpOptions(principal: Principal) {
    const sessionId = principal.sessionId;
    if (!sessionId) throw Errors.forbidden('sessionOnly');
    return this.deps.proofs.authenticationOptions(principal.user.id, {
      purpose: 'step-up',
      owner: sessionId,
    });
  }
}
