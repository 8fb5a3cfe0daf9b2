import type { MfaMethod, MfaProof, WebAuthnResponse } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import { newSecret, sha256 } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { ChallengePurpose, MfaRepository } from './mfa.repository.js';
import type { PendingSignInRow, PendingSignInsRepository } from './pending-sign-ins.repository.js';
import { hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.js';
import { CHALLENGE_TTL_MS } from './mfa.service.js';
import { matchTotp } from './totp.js';
import type { WebAuthn } from './webauthn.js';

/** A sign-in waits ten minutes for its second factor. */
export const PENDING_SIGN_IN_TTL_MS = 10 * 60_000;

export interface MfaProofsDependencies {
  repo: MfaRepository;
  pending: PendingSignInsRepository;
  secrets: SecretBox;
  webauthn: WebAuthn;
  clock: Clock;
}

/** Proving a second factor: at sign-in, at step-up, and passwordless passkey sign-in. */
export class MfaProofs {
  constructor(private readonly deps: MfaProofsDependencies) {}

  private nowIso = () => this.deps.clock.now().toISOString();

  /** What this person can finish a sign-in with (empty: no second factor to ask for). */
  async methods(userId: string): Promise<MfaMethod[]> {
    const factors = await this.deps.repo.confirmedFactors(userId);
    if (factors.length === 0) return [];
    const methods: MfaMethod[] = [];
    if (factors.some((f) => f.type === 'totp')) methods.push('totp');
    if (factors.some((f) => f.type === 'passkey')) methods.push('passkey');
    if ((await this.deps.repo.recoveryCodesLeft(userId)) > 0) methods.push('recovery');
    return methods;
  }

  /**
   * Whether the proof is good: a TOTP code of a step not used before, an unused recovery code
   * (used up now), or an assertion of one of their passkeys over a challenge given to `owner`.
   */
  async check(
    userId: string,
    proof: MfaProof,
    ceremony: { purpose: ChallengePurpose; owner: string },
  ): Promise<boolean> {
    if ('assertion' in proof) return this.checkAssertion(userId, proof.assertion, ceremony);
    const code = proof.code.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) return this.checkTotp(userId, code);
    if (looksLikeRecoveryCode(code)) {
      return this.deps.repo.useRecoveryCode(userId, hashRecoveryCode(code), this.nowIso());
    }
    return false;
  }

  /** Request options for one person's passkeys, the challenge kept for `owner`. */
  async authenticationOptions(
    userId: string,
    ceremony: { purpose: ChallengePurpose; owner: string },
  ): Promise<{ options: Record<string, unknown> }> {
    const passkeys = (await this.deps.repo.confirmedFactors(userId)).filter((f) => f.type === 'passkey');
    const options = await this.deps.webauthn.authenticationOptions(passkeys);
    await this.saveChallenge(options.challenge, ceremony.purpose, ceremony.owner);
    return { options: options as unknown as Record<string, unknown> };
  }

  /** Options for signing in with a discoverable passkey and no username. */
  async passwordlessOptions(): Promise<{ options: Record<string, unknown> }> {
    const options = await this.deps.webauthn.authenticationOptions(null);
    await this.saveChallenge(options.challenge, 'passwordless', '');
    return { options: options as unknown as Record<string, unknown> };
  }

  /** Whose passkey signed (with user verification) a passwordless challenge, or null. */
  async passwordless(assertion: WebAuthnResponse): Promise<string | null> {
    const factor = await this.deps.repo.findByCredentialId(assertion.id);
    if (!factor) return null;
    const counter = await this.deps.webauthn.verifyAuthentication(
      assertion,
      factor,
      (challenge) => this.deps.repo.takeChallenge(challenge, 'passwordless', '', this.nowIso()),
      true,
    );
    if (counter === null) return null;
    await this.deps.repo.usePasskey(factor.id, counter, this.nowIso());
    return factor.user_id;
  }

  /** A sign-in waiting for its second factor; the cookie names it, only its hash is stored. */
  async startPending(
    userId: string,
    method: string,
    identity: unknown,
  ): Promise<{ cookie: string; expiresAt: Date }> {
    const cookie = newSecret();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_TTL_MS);
    await this.deps.pending.insert({
      id: sha256(cookie),
      user_id: userId,
      method,
      identity: identity === undefined ? null : JSON.stringify(identity),
      attempts: 0,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    return { cookie, expiresAt };
  }

  findPending(cookie: string | undefined): Promise<PendingSignInRow | undefined> {
    if (!cookie) return Promise.resolve(undefined);
    return this.deps.pending.findActive(sha256(cookie), this.nowIso());
  }

  /** Counts a wrong proof; returns how many there were. */
  countPendingFailure(id: string): Promise<number> {
    return this.deps.pending.countFailure(id);
  }

  /** Ends the pending sign-in; true for the one caller that did. */
  endPending(id: string): Promise<boolean> {
    return this.deps.pending.take(id);
  }

  /** Expired challenges and pending sign-ins go; how many. */
  async sweep(): Promise<number> {
    return (
      (await this.deps.repo.deleteExpiredChallenges(this.nowIso())) +
      (await this.deps.pending.deleteExpired(this.nowIso()))
    );
  }

  private async checkTotp(userId: string, code: string): Promise<boolean> {
    const totp = (await this.deps.repo.confirmedFactors(userId)).find((f) => f.type === 'totp');
    const secret = totp?.totp_secret ? this.deps.secrets.open(totp.totp_secret) : null;
    if (!totp || !secret) return false;
    const step = matchTotp(secret, code, this.deps.clock.now().getTime(), totp.totp_last_step);
    return step !== null && (await this.deps.repo.useTotpStep(totp.id, step, this.nowIso()));
  }

  private async checkAssertion(
    userId: string,
    assertion: WebAuthnResponse,
    ceremony: { purpose: ChallengePurpose; owner: string },
  ): Promise<boolean> {
    const factor = await this.deps.repo.findByCredentialId(assertion.id);
    if (!factor || factor.user_id !== userId) return false;
    const counter = await this.deps.webauthn.verifyAuthentication(
      assertion,
      factor,
      (challenge) => this.deps.repo.takeChallenge(challenge, ceremony.purpose, ceremony.owner, this.nowIso()),
      false,
    );
    if (counter === null) return false;
    await this.deps.repo.usePasskey(factor.id, counter, this.nowIso());
    return true;
  }

  private async saveChallenge(challenge: string, purpose: ChallengePurpose, owner: string): Promise<void> {
    const expires = this.deps.clock.now().getTime() + CHALLENGE_TTL_MS;
    await this.deps.repo.saveChallenge({
      challenge,
      purpose,
      owner,
      expires_at: new Date(expires).toISOString(),
    });
  }
}
