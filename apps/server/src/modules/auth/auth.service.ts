import type { LoginRequest, MfaMethod, MfaSetupDue, RegisterRequest, SetupRequest } from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId, newPublicId, newSecret, sha256 } from '../../lib/ids.js';
import type { DeviceCookies } from '../../lib/device-cookie.js';
import type { LoginThrottle } from '../../lib/login-throttle.js';
import type { PrincipalCache } from '../../lib/principal-cache.js';
import type { Principal } from '../../lib/principal.js';
import { dummyVerify, hashPassword, verifyPassword } from '../../lib/password.js';
import { passwordAllowed, type MfaProofs, type MfaService } from '../mfa/index.js';
import type { SettingsService } from '../settings/index.js';
import type { TokensService } from '../tokens/index.js';
import { toAccount, type Account, type UserRow, type UsersRepository } from '../users/index.js';
import type { AuthEvents } from './auth.events.js';
import type { LoginSessionsRepository } from './login-sessions.repository.js';
import type { PasswordResetsRepository } from './password-resets.repository.js';
import { SecondFactorStep, type SessionOrigin } from './second-factor-step.js';
import { principalOfToken } from './token-principals.js';

/** Returned when a session starts; `cookie` goes into the httpOnly cookie and nowhere else. */
export interface StartedSession {
  user: Account;
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  /** Marks this browser as one that signed in to this account (see DeviceCookies). */
  deviceCookie: string;
  /** A second factor policy wants set up (issue 18), or null. */
  mfaSetup: MfaSetupDue | null;
}

/** Where a sign-in attempt comes from. */
export interface LoginContext {
  ip: string;
  userAgent: string | null;
  /** The request's device cookie, if any. */
  deviceCookie: string | undefined;
}

/** How the first factor was proven; see AuthService.signIn. */
export interface SignInContext {
  ip: string;
  userAgent: string | null;
  method: 'password' | 'passkey' | 'oidc';
  /** The first factor already counts as two (a passkey with user verification, trusted provider MFA). */
  secondFactorDone: boolean;
  /** Set for single sign-on: which provider, and its session id for back-channel logout. */
  identity?: { providerId: string; sid: string | null };
  /** What the devices list says it signed in with (the provider's name for SSO); `method` otherwise. */
  signedInWith?: string;
}

/** Where a session is used from, as the devices list shows it. */
export type { SessionOrigin };

/** A started session, or what the browser must still prove (`pendingCookie` names the half-done sign-in). */
export type SignInOutcome =
  | { session: StartedSession }
  | { challenge: { pendingCookie: string; methods: MfaMethod[]; expiresAt: Date } };

/** A reset link works for a day, once. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000;

export interface AuthDependencies {
  users: UsersRepository;
  sessions: LoginSessionsRepository;
  resets: PasswordResetsRepository;
  tokens: TokensService;
  settings: SettingsService;
  throttle: LoginThrottle;
  devices: DeviceCookies;
  events: AuthEvents;
  clock: Clock;
  sessionTtlMs: number;
  passwordHashCost: number;
  /** Resolved principals for a few seconds; see PrincipalCache. */
  principals: PrincipalCache<Principal>;
  /** Second factors: the policy, and proving one. */
  mfa: MfaService;
  proofs: MfaProofs;
}

export class AuthService {
  /** Resolved principals for a few seconds; the sockets' authentication forgets entries here too. */
  readonly principals: PrincipalCache<Principal>;
  /** The second step of sign-in, passkey sign-in options, step-up. */
  readonly secondFactor: SecondFactorStep<StartedSession, SignInOutcome>;

  constructor(private readonly deps: AuthDependencies) {
    this.principals = deps.principals;
    this.secondFactor = new SecondFactorStep({
      ...deps,
      signIn: (user, context) => this.signIn(user, context),
      startSession: (user, userAgent, mfa, origin) =>
        this.startSession(toAccount(user), userAgent, origin, mfa),
    });
  }

  async needsSetup(): Promise<boolean> {
    return (await this.deps.users.countAdmins()) === 0;
  }

  async setup(
    input: SetupRequest,
    userAgent: string | null,
    ip: string | null = null,
  ): Promise<StartedSession> {
    if (!(await this.needsSetup())) throw Errors.setupAlreadyDone();
    const row = await this.newUserRow({ ...input, role: 'admin' });
    const user = await this.deps.users.insertFirstAdmin(row);
    if (!user) throw Errors.setupAlreadyDone();
    if (input.workspaceName) await this.deps.settings.update({ workspace: { name: input.workspaceName } });
    return this.startSession(toAccount(user), userAgent, { ip, signedInWith: 'password' });
  }

  async register(
    input: RegisterRequest,
    userAgent: string | null,
    ip: string | null = null,
  ): Promise<StartedSession> {
    if (await this.needsSetup()) throw Errors.setupRequired();
    const { registrationOpen } = await this.deps.settings.get('workspace');
    if (!registrationOpen) throw Errors.registrationClosed();
    const user = await this.createUser({ ...input, role: 'user' });
    const mfaSetup = await this.deps.mfa.noteSignIn(user);
    return this.startSession(user, userAgent, { ip, signedInWith: 'password' }, { mfaAt: null, mfaSetup });
  }

  /** Used by registration, the admin API and the CLI. */
  async createUser(input: {
    username: string;
    displayName: string;
    password: string;
    email?: string | undefined;
    role: 'admin' | 'user';
  }): Promise<Account> {
    try {
      return toAccount(await this.deps.users.insert(await this.newUserRow(input)));
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.usernameTaken(input.username);
      throw err;
    }
  }

  async login(input: LoginRequest, context: LoginContext): Promise<SignInOutcome> {
    const deviceId = this.deps.devices.verify(context.deviceCookie, input.username, this.deps.clock.now());
    const begun = this.deps.throttle.begin({ ip: context.ip, username: input.username, deviceId });
    if ('retryAfterSeconds' in begun) throw Errors.rateLimited(begun.retryAfterSeconds);
    const { attempt } = begun;
    let user: UserRow | undefined;
    let ok: boolean;
    try {
      user = await this.deps.users.findByUsername(input.username);
      ok = user
        ? await verifyPassword(input.password, user.password_hash)
        : (await dummyVerify(input.password, this.deps.passwordHashCost), false);
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (!user || !ok) {
      attempt.failed();
      if (!user && (await this.needsSetup())) throw Errors.setupRequired();
      throw Errors.invalidCredentials();
    }
    if (user.active !== 1) {
      // The password was right, so saying why is safe; it is no sign-in and no failure either.
      attempt.abandoned();
      throw Errors.accountDeactivated();
    }
    attempt.succeeded();
    // After the password check, so it tells nothing about accounts the caller cannot sign in to.
    const security = await this.deps.settings.get('security');
    if (!passwordAllowed(security, user)) throw Errors.passwordSignInDisabled();
    return this.signIn(user, { ...context, method: 'password', secondFactorDone: false });
  }

  /**
   * Every way in ends here once the first factor is proven (password, passkey, single sign-on): a
   * deactivated account is refused, and the session starts (or, with issue 18's second factor, the
   * browser is asked for it).
   */
  async signIn(user: UserRow, context: SignInContext): Promise<SignInOutcome> {
    if (user.active !== 1) throw Errors.accountDeactivated();
    if (!context.secondFactorDone) {
      const methods = await this.deps.proofs.methods(user.id);
      if (methods.length > 0) {
        // The pending row keeps how it signed in (the provider's name for single sign-on) for the session.
        const signedInWith = context.signedInWith ?? context.method;
        const pending = await this.deps.proofs.startPending(user.id, signedInWith, context.identity);
        return { challenge: { pendingCookie: pending.cookie, methods, expiresAt: pending.expiresAt } };
      }
    }
    const done = context.secondFactorDone;
    const mfa = done
      ? { mfaAt: this.deps.clock.now().toISOString(), mfaSetup: null }
      : { mfaAt: null, mfaSetup: await this.deps.mfa.noteSignIn(user) };
    const origin = {
      ip: context.ip,
      signedInWith: context.signedInWith ?? context.method,
      identity: context.identity,
    };
    return { session: await this.startSession(toAccount(user), context.userAgent, origin, mfa) };
  }

  /**
   * A guest's session from their personal link (issue 19): the link is the credential (a guest has no
   * password and the second-factor policy never covers guests), and the session ends with the link at
   * the latest.
   */
  async startGuestSession(
    user: UserRow,
    origin: { ip: string; userAgent: string | null },
    until: Date,
  ): Promise<StartedSession> {
    if (user.guest !== 1 || user.active !== 1) throw Errors.forbidden('notAGuest');
    return this.startSession(
      toAccount(user),
      origin.userAgent,
      { ip: origin.ip, signedInWith: 'link' },
      { mfaAt: null, mfaSetup: null },
      until,
    );
  }

  async logout(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    await this.deps.sessions.delete(principal.sessionId);
    await this.deps.events.sessionsEnded([principal.sessionId]);
  }

  /**
   * Changes the password and signs out every other session of this user; with `revokeTokens`, also
   * revokes every API token (tokens survive a password change otherwise, as on GitHub).
   */
  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string; revokeTokens: boolean },
  ): Promise<void> {
    const currentHash = await this.deps.users.findPasswordHash(principal.user.id);
    if (!currentHash || !(await verifyPassword(input.currentPassword, currentHash))) {
      throw Errors.invalidCredentials('currentPasswordWrong');
    }
    const hash = await hashPassword(input.newPassword, this.deps.passwordHashCost);
    await this.deps.users.update(principal.user.id, {
      password_hash: hash,
      updated_at: this.deps.clock.now().toISOString(),
    });
    await this.deps.events.sessionsEnded(
      await this.deps.sessions.deleteAllForUserExcept(principal.user.id, principal.sessionId),
    );
    if (input.revokeTokens) await this.deps.tokens.revokeAll(principal.user.id);
    await this.deps.events.userChanged(principal.user.id);
  }

  /** "Sign out everywhere": every other session ends and every API token is revoked. */
  async signOutEverywhere(principal: Principal): Promise<void> {
    await this.deps.events.sessionsEnded(
      await this.deps.sessions.deleteAllForUserExcept(principal.user.id, principal.sessionId),
    );
    await this.deps.tokens.revokeAll(principal.user.id);
  }

  /**
   * An administrator changes someone's role or whether they may sign in. Deactivation ends their
   * sessions, tokens and sockets at once. The last active administrator stays one.
   */
  async changeAccount(
    actor: Principal,
    userId: string,
    change: { role?: 'admin' | 'user'; active?: boolean; provider?: boolean },
  ): Promise<Account> {
    if (change.active === false && userId === actor.user.id) {
      throw Errors.conflict('cannotDeactivateSelf');
    }
    const result = await this.deps.users.changeAccount(
      userId,
      {
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.active !== undefined ? { active: change.active ? 1 : 0 } : {}),
        ...(change.provider !== undefined ? { is_provider: change.provider ? 1 : 0 } : {}),
      },
      this.deps.clock.now().toISOString(),
    );
    if (!result.ok) {
      if (result.reason === 'not_found') throw Errors.notFound('userNotFound');
      throw Errors.conflict('lastAdministrator');
    }
    if (change.active === false) {
      await this.deps.resets.deleteUnusedForUser(userId);
      await this.deps.events.sessionsEnded(await this.deps.sessions.deleteAllForUserExcept(userId, null));
      await this.deps.tokens.revokeAll(userId);
      this.deps.events.userEnded(userId);
    }
    await this.deps.events.userChanged(userId);
    return toAccount(result.user);
  }

  /** A one-time link for the account's owner to choose a new password; only its hash is stored. */
  async createPasswordReset(actor: Principal, userId: string): Promise<{ token: string; expiresAt: string }> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw Errors.notFound('userNotFound');
    if (user.active !== 1) throw Errors.conflict('reactivateBeforeReset');
    const token = newSecret();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS).toISOString();
    await this.deps.resets.replaceForUser({
      id: newId(now.getTime()),
      user_id: user.id,
      token_hash: sha256(token),
      created_by: actor.user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    return { token, expiresAt };
  }

  /** Who a reset link is for, so the page can greet them or say the link is dead before they type. */
  async inspectPasswordReset(token: string): Promise<{ user: UserRow; expiresAt: string }> {
    const reset = await this.deps.resets.findUsable(sha256(token), this.deps.clock.now().toISOString());
    const user = reset ? await this.deps.users.findById(reset.user_id) : undefined;
    if (!reset || !user || user.active !== 1) throw Errors.resetLinkInvalid();
    return { user, expiresAt: reset.expires_at };
  }

  /**
   * Uses the link (once), sets the password, ends every other session, signs this browser in (asking
   * for the second factor when the account has one: a reset link is not a second factor).
   */
  async completePasswordReset(
    token: string,
    newPassword: string,
    context: { ip: string; userAgent: string | null },
  ): Promise<SignInOutcome> {
    const now = this.deps.clock.now().toISOString();
    const usable = await this.deps.resets.findUsable(sha256(token), now);
    const owner = usable ? await this.deps.users.findById(usable.user_id) : undefined;
    if (!owner || owner.active !== 1) throw Errors.resetLinkInvalid();
    // A password the policy would refuse at sign-in is no way in either (an admin's older link).
    if (!passwordAllowed(await this.deps.settings.get('security'), owner)) {
      throw Errors.passwordSignInDisabled();
    }
    const hash = await hashPassword(newPassword, this.deps.passwordHashCost);
    const userId = await this.deps.resets.claim(sha256(token), this.deps.clock.now().toISOString());
    if (userId !== owner.id) throw Errors.resetLinkInvalid();
    const user = await this.deps.users.update(userId, {
      password_hash: hash,
      updated_at: this.deps.clock.now().toISOString(),
    });
    if (!user) throw Errors.resetLinkInvalid();
    await this.deps.events.sessionsEnded(await this.deps.sessions.deleteAllForUserExcept(userId, null));
    await this.deps.events.userChanged(userId);
    return this.signIn(user, { ...context, method: 'password', secondFactorDone: false });
  }

  async fromSessionCookie(cookie: string): Promise<Principal | null> {
    const id = sha256(cookie);
    const cached = this.principals.get(`s:${id}`);
    if (cached) return cached;
    const lookup = this.principals.startLookup();
    const session = await this.deps.sessions.findActive(id, this.deps.clock.now().toISOString());
    if (!session) return null;
    const user = await this.deps.users.findById(session.user_id);
    if (!user || user.active !== 1) return null;
    const principal: Principal = {
      user: toAccount(user),
      via: 'session',
      sessionId: session.id,
      tokenId: null,
      csrfToken: session.csrf_token,
      scopes: null,
      mfaAt: session.mfa_at ?? null,
      // A session that proved a second factor owes none; otherwise policy may want one set up.
      mfaSetup: session.mfa_at ? null : await this.deps.mfa.setupDue(user),
    };
    this.principals.set(
      `s:${id}`,
      principal,
      {
        userId: user.id,
        sessionId: session.id,
        tokenId: null,
        expiresAt: Date.parse(session.expires_at),
      },
      lookup,
    );
    return principal;
  }

  fromBearerToken(secret: string): Promise<Principal | null> {
    return principalOfToken(this.deps, secret);
  }

  private async startSession(
    user: Account,
    userAgent: string | null,
    origin: SessionOrigin,
    mfa: { mfaAt: string | null; mfaSetup: MfaSetupDue | null } = { mfaAt: null, mfaSetup: null },
    until?: Date,
  ): Promise<StartedSession> {
    const now = this.deps.clock.now();
    const cookie = newSecret();
    const csrfToken = newSecret();
    const ttlEnd = now.getTime() + this.deps.sessionTtlMs;
    const expiresAt = new Date(until ? Math.min(ttlEnd, until.getTime()) : ttlEnd);
    await this.deps.sessions.insert({
      id: sha256(cookie),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      user_agent: userAgent?.slice(0, 256) ?? null,
      public_id: newPublicId(),
      last_seen_at: now.toISOString(),
      ip: origin.ip?.slice(0, 64) ?? null,
      signed_in_with: origin.signedInWith.slice(0, 64),
      mfa_at: mfa.mfaAt,
      identity_provider_id: origin.identity?.providerId ?? null,
      oidc_sid: origin.identity?.sid ?? null,
    });
    return {
      user,
      cookie,
      csrfToken,
      expiresAt,
      deviceCookie: this.deps.devices.issue(user.username, now),
      mfaSetup: mfa.mfaSetup,
    };
  }

  private async newUserRow(input: {
    username: string;
    displayName: string;
    password: string;
    email?: string | undefined;
    role: 'admin' | 'user';
  }): Promise<UserRow> {
    const at = this.deps.clock.now();
    const now = at.toISOString();
    return {
      id: newId(at.getTime()),
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      password_hash: await hashPassword(input.password, this.deps.passwordHashCost),
      role: input.role,
      avatar_file: null,
      active: 1,
      guest: 0,
      is_provider: 0,
      created_at: now,
      updated_at: now,
      mfa_required_since: null,
      locale: null,
    };
  }
}
