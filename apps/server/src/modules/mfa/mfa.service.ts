import type {
  MfaFactorCreated,
  MfaSetupDue,
  MfaState,
  SecuritySettings,
  TotpSetup,
  WebAuthnResponse,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { SettingsService } from '../settings/index.js';
import type { Account, UsersRepository } from '../users/index.js';
import { policyCovers, setupDue } from './mfa.policy.js';
import { presentFactor } from './mfa.presenter.js';
import type { MfaRepository } from './mfa.repository.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import type { SecurityEventKind, SecurityEventsRepository } from './security-events.repository.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import type { WebAuthn } from './webauthn.js';

/** A WebAuthn ceremony's challenge is good for five minutes, once. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface MfaDependencies {
  repo: MfaRepository;
  events: SecurityEventsRepository;
  users: UsersRepository;
  settings: SettingsService;
  secrets: SecretBox;
  webauthn: WebAuthn;
  clock: Clock;
  /** Cached principals of this person forget their second-factor state (here and on other nodes). */
  userChanged: (userId: string) => Promise<void>;
  /** Ends every session of this person (an administrator reset their factors). */
  endSessions: (userId: string) => Promise<void>;
}

type Person = Pick<Account, 'id' | 'username' | 'display_name' | 'role' | 'is_provider'> & {
  guest?: number;
};

/** A person's second factors: TOTP, passkeys, recovery codes; the policy; the admin reset. */
export class MfaService {
  constructor(private readonly deps: MfaDependencies) {}

  private nowIso = () => this.deps.clock.now().toISOString();

  async state(person: Person & { mfa_required_since?: string | null }): Promise<MfaState> {
    const factors = (await this.deps.repo.factors(person.id)).filter((f) => f.confirmed === 1);
    const security = await this.deps.settings.get('security');
    const required = policyCovers(security, person);
    const due = await this.setupDue(person, security);
    return {
      factors: factors.map(presentFactor),
      recoveryCodesLeft: await this.deps.repo.recoveryCodesLeft(person.id),
      required,
      enrollBy: due?.enrollBy ?? null,
    };
  }

  /**
   * What the session must say about a factor still to set up: null when policy does not ask this
   * person, they have one, or policy has not asked them yet (`mfa_required_since` unset).
   */
  async setupDue(
    person: Person & { mfa_required_since?: string | null },
    security?: SecuritySettings,
  ): Promise<MfaSetupDue | null> {
    if (!person.mfa_required_since) return null;
    const settings = security ?? (await this.deps.settings.get('security'));
    if (!policyCovers(settings, person)) return null;
    if (await this.deps.repo.hasConfirmedFactor(person.id)) return null;
    return setupDue(settings, person.mfa_required_since, this.deps.clock.now().getTime());
  }

  /** At sign-in: the policy asks this person for a factor they lack, so their grace starts now. */
  async noteSignIn(person: Person & { mfa_required_since?: string | null }): Promise<MfaSetupDue | null> {
    const security = await this.deps.settings.get('security');
    if (!policyCovers(security, person) || (await this.deps.repo.hasConfirmedFactor(person.id))) {
      return null;
    }
    let since = person.mfa_required_since;
    if (!since) {
      since = this.nowIso();
      await this.deps.users.update(person.id, { mfa_required_since: since });
    }
    return setupDue(security, since, this.deps.clock.now().getTime());
  }

  /**
   * Refuses security settings that would lock people out: password sign-in off without an active
   * administrator among the break-glass accounts, or a policy covering the acting administrator
   * while they have no second factor themselves.
   */
  async checkSecurityChange(next: SecuritySettings, actorId: string | null): Promise<void> {
    if (!next.passwordSignIn) {
      const admins = await Promise.all(next.breakGlassAdmins.map((u) => this.deps.users.findByUsername(u)));
      if (!admins.some((a) => a && a.role === 'admin' && a.active === 1)) {
        throw Errors.conflict('breakGlassNeeded');
      }
    }
    const actor = actorId ? await this.deps.users.findById(actorId) : undefined;
    if (actor && policyCovers(next, actor) && !(await this.deps.repo.hasConfirmedFactor(actor.id))) {
      throw Errors.conflict('policyCoversYou');
    }
  }

  hasConfirmedFactor(userId: string): Promise<boolean> {
    return this.deps.repo.hasConfirmedFactor(userId);
  }

  /** A passkey signs in on its own, so it counts as a way in (unlinking an identity asks). */
  async hasPasskey(userId: string): Promise<boolean> {
    return (await this.deps.repo.confirmedFactors(userId)).some((f) => f.type === 'passkey');
  }

  /** A new secret to scan; replaces an unconfirmed one. One confirmed authenticator app per person. */
  async startTotp(person: Person): Promise<TotpSetup> {
    const factors = await this.deps.repo.factors(person.id);
    if (factors.some((f) => f.type === 'totp' && f.confirmed === 1)) {
      throw Errors.conflict('totpExists');
    }
    const secret = newTotpSecret();
    const now = this.deps.clock.now();
    await this.deps.repo.replaceUnconfirmedTotp({
      id: newId(now.getTime()),
      user_id: person.id,
      type: 'totp',
      name: 'Authenticator app',
      confirmed: 0,
      totp_secret: this.deps.secrets.seal(secret),
      totp_last_step: null,
      credential_id: null,
      public_key: null,
      transports: null,
      created_at: now.toISOString(),
      last_used_at: null,
    });
    const { name } = await this.deps.settings.get('workspace');
    return { secret, otpauthUri: otpauthUri(secret, name || 'Parley', person.username) };
  }

  /** The first code from the app confirms it; the first factor comes with ten recovery codes. */
  async confirmTotp(person: Person, code: string): Promise<{ recoveryCodes: string[] }> {
    const factors = await this.deps.repo.factors(person.id);
    const pending = factors.find((f) => f.type === 'totp' && f.confirmed === 0);
    if (!pending) throw Errors.conflict('totpNotStarted');
    const secret = this.deps.secrets.open(pending.totp_secret ?? '');
    const now = this.deps.clock.now();
    const step = secret ? matchTotp(secret, code.replace(/\s/g, ''), now.getTime(), null) : null;
    if (step === null) throw Errors.mfaCodeInvalid();
    const first = !factors.some((f) => f.confirmed === 1);
    if (!(await this.deps.repo.confirmTotp(pending.id, person.id, step, now.toISOString()))) {
      throw Errors.conflict('totpExists');
    }
    await this.record(person.id, person.id, 'factor_added');
    await this.deps.userChanged(person.id);
    return { recoveryCodes: first ? await this.issueRecoveryCodes(person.id) : [] };
  }

  async passkeyRegistrationOptions(person: Person): Promise<{ options: Record<string, unknown> }> {
    const { name } = await this.deps.settings.get('workspace');
    const options = await this.deps.webauthn.registrationOptions({
      rpName: name || 'Parley',
      userId: person.id,
      userName: person.username,
      displayName: person.display_name,
      existing: await this.deps.repo.factors(person.id),
    });
    await this.saveChallenge(options.challenge, 'register', person.id);
    return { options: options as unknown as Record<string, unknown> };
  }

  async registerPasskey(person: Person, name: string, response: WebAuthnResponse): Promise<MfaFactorCreated> {
    const verified = await this.deps.webauthn.verifyRegistration(response, (challenge) =>
      this.deps.repo.takeChallenge(challenge, 'register', person.id, this.nowIso()),
    );
    if (!verified) throw Errors.validation([], 'passkeyNotVerified');
    if (await this.deps.repo.findByCredentialId(verified.credentialId)) {
      throw Errors.conflict('passkeyRegistered');
    }
    const first = !(await this.deps.repo.hasConfirmedFactor(person.id));
    const now = this.deps.clock.now();
    const row = {
      id: newId(now.getTime()),
      user_id: person.id,
      type: 'passkey' as const,
      name,
      confirmed: 1,
      totp_secret: null,
      totp_last_step: null,
      credential_id: verified.credentialId,
      public_key: verified.publicKey,
      sign_count: verified.counter,
      transports: JSON.stringify(verified.transports),
      created_at: now.toISOString(),
      last_used_at: null,
    };
    await this.deps.repo.insert(row);
    await this.record(person.id, person.id, 'factor_added');
    await this.deps.userChanged(person.id);
    return {
      factor: presentFactor(row),
      ...(first ? { recoveryCodes: await this.issueRecoveryCodes(person.id) } : {}),
    };
  }

  /** Removes one of the person's factors (404 for anyone else's); the last one takes the codes along. */
  async removeFactor(person: Person, factorId: string): Promise<void> {
    const factors = await this.deps.repo.confirmedFactors(person.id);
    const target = factors.find((f) => f.id === factorId);
    if (target && factors.length === 1) {
      const security = await this.deps.settings.get('security');
      if (policyCovers(security, person)) {
        throw Errors.conflict('lastRequiredFactor');
      }
    }
    const removed = await this.deps.repo.deleteFactor(person.id, factorId);
    if (!removed) throw Errors.notFound('secondFactorNotFound');
    if (removed.confirmed === 1) {
      if (!(await this.deps.repo.hasConfirmedFactor(person.id))) {
        await this.deps.repo.deleteAllFor(person.id, { factors: false });
      }
      await this.record(person.id, person.id, 'factor_removed');
      await this.deps.userChanged(person.id);
    }
  }

  async regenerateRecoveryCodes(person: Person): Promise<{ recoveryCodes: string[] }> {
    if (!(await this.deps.repo.hasConfirmedFactor(person.id))) {
      throw Errors.conflict('setUpFactorFirst');
    }
    const recoveryCodes = await this.issueRecoveryCodes(person.id);
    await this.record(person.id, person.id, 'recovery_codes_regenerated');
    return { recoveryCodes };
  }

  /**
   * An administrator removes someone's factors and recovery codes: their sessions end, policy's
   * grace starts again at their next sign-in, and it is recorded.
   */
  async adminReset(actorId: string, userId: string): Promise<void> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw Errors.notFound('userNotFound');
    await this.deps.repo.deleteAllFor(userId);
    await this.deps.users.update(userId, { mfa_required_since: null });
    await this.record(userId, actorId, 'mfa_reset');
    await this.deps.endSessions(userId);
    await this.deps.userChanged(userId);
  }

  async securityEvents(userId: string) {
    if (!(await this.deps.users.findById(userId))) throw Errors.notFound('userNotFound');
    return this.deps.events.list(userId);
  }

  /** Ten new codes replace any old ones; only hashes are stored. */
  private async issueRecoveryCodes(userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.deps.repo.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode));
    return codes;
  }

  private async saveChallenge(challenge: string, purpose: 'register', owner: string): Promise<void> {
    const expires = this.deps.clock.now().getTime() + CHALLENGE_TTL_MS;
    await this.deps.repo.saveChallenge({
      challenge,
      purpose,
      owner,
      expires_at: new Date(expires).toISOString(),
    });
  }

  private async record(userId: string, actorId: string | null, kind: SecurityEventKind): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.events.insert({
      id: newId(now.getTime()),
      user_id: userId,
      actor_id: actorId,
      kind,
      created_at: now.toISOString(),
    });
  }
}
