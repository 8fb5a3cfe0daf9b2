import type { LoginRequest, RegisterRequest, SetupRequest, TokenScope } from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import type { DeviceCookies } from '../../lib/device-cookie.js';
import type { LoginThrottle } from '../../lib/login-throttle.js';
import { dummyVerify, hashPassword, verifyPassword } from '../../lib/password.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { TokensService } from '../tokens/tokens.service.js';
import type { UserRow, UsersRepository } from '../users/users.repository.js';
import type { SessionsRepository } from './sessions.repository.js';

/** Who is making a request, resolved from the session cookie or a bearer token, never from the payload. */
export interface Principal {
  user: UserRow;
  via: 'session' | 'token';
  /** sha256 of the cookie, for sessions. */
  sessionId: string | null;
  /** The API token's id, for tokens. */
  tokenId: string | null;
  csrfToken: string | null;
  /** What an API token may do; null for sessions, which may do everything their role allows. */
  scopes: TokenScope[] | null;
}

/** Returned when a session starts; `cookie` goes into the httpOnly cookie and nowhere else. */
export interface StartedSession {
  user: UserRow;
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  /** Marks this browser as one that signed in to this account (see DeviceCookies). */
  deviceCookie: string;
}

/** Where a sign-in attempt comes from. */
export interface LoginContext {
  ip: string;
  userAgent: string | null;
  /** The request's device cookie, if any. */
  deviceCookie: string | undefined;
}

export interface AuthServiceOptions {
  sessionTtlMs: number;
  passwordHashCost: number;
}

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokensService,
    private readonly settings: SettingsService,
    private readonly throttle: LoginThrottle,
    private readonly devices: DeviceCookies,
    private readonly realtime: RealtimePort,
    private readonly clock: Clock,
    private readonly options: AuthServiceOptions,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await this.users.countAdmins()) === 0;
  }

  async setup(input: SetupRequest, userAgent: string | null): Promise<StartedSession> {
    if (!(await this.needsSetup())) throw Errors.setupAlreadyDone();
    const now = this.clock.now().toISOString();
    const row = await this.newUserRow({ ...input, role: 'admin' });
    const user = await this.users.insertFirstAdmin(row, now);
    if (!user) throw Errors.setupAlreadyDone();
    if (input.workspaceName) await this.settings.update({ workspace: { name: input.workspaceName } });
    return this.startSession(user, userAgent);
  }

  async register(input: RegisterRequest, userAgent: string | null): Promise<StartedSession> {
    if (await this.needsSetup()) throw Errors.setupRequired();
    const { registrationOpen } = await this.settings.get('workspace');
    if (!registrationOpen) throw Errors.registrationClosed();
    const user = await this.createUser({ ...input, role: 'user' });
    return this.startSession(user, userAgent);
  }

  /** Used by registration, the admin API and the CLI. */
  async createUser(input: {
    username: string;
    displayName: string;
    password: string;
    email?: string | undefined;
    role: 'admin' | 'user';
  }): Promise<UserRow> {
    try {
      return await this.users.insert(await this.newUserRow(input));
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.usernameTaken(input.username);
      throw err;
    }
  }

  async login(input: LoginRequest, context: LoginContext): Promise<StartedSession> {
    const deviceId = this.devices.verify(context.deviceCookie, input.username, this.clock.now());
    const begun = this.throttle.begin({ ip: context.ip, username: input.username, deviceId });
    if ('retryAfterSeconds' in begun) throw Errors.rateLimited(begun.retryAfterSeconds);
    const { attempt } = begun;
    let user: UserRow | undefined;
    let ok: boolean;
    try {
      user = await this.users.findByUsername(input.username);
      ok = user
        ? await verifyPassword(input.password, user.password_hash)
        : (await dummyVerify(input.password, this.options.passwordHashCost), false);
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
    return this.startSession(user, context.userAgent);
  }

  async logout(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    await this.sessions.delete(principal.sessionId);
    this.realtime.endSessions([principal.sessionId]);
  }

  /** Changes the password and signs out every other session of this user. */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await verifyPassword(currentPassword, principal.user.password_hash))) {
      throw Errors.invalidCredentials('The current password is wrong');
    }
    const hash = await hashPassword(newPassword, this.options.passwordHashCost);
    await this.users.update(principal.user.id, {
      password_hash: hash,
      updated_at: this.clock.now().toISOString(),
    });
    const ended = await this.sessions.deleteAllForUserExcept(principal.user.id, principal.sessionId);
    this.realtime.endSessions(ended);
  }

  async fromSessionCookie(cookie: string): Promise<Principal | null> {
    const session = await this.sessions.findActive(sha256(cookie), this.clock.now().toISOString());
    if (!session) return null;
    const user = await this.users.findById(session.user_id);
    if (!user || user.active !== 1) return null;
    return {
      user,
      via: 'session',
      sessionId: session.id,
      tokenId: null,
      csrfToken: session.csrf_token,
      scopes: null,
    };
  }

  async fromBearerToken(secret: string): Promise<Principal | null> {
    const token = await this.tokens.authenticate(secret);
    const user = token ? await this.users.findById(token.userId) : undefined;
    return user && token && user.active === 1
      ? { user, via: 'token', sessionId: null, tokenId: token.tokenId, csrfToken: null, scopes: token.scopes }
      : null;
  }

  /** Deletes expired sessions and disconnects their sockets, which would otherwise outlive them. */
  async sweepExpiredSessions(): Promise<number> {
    const ended = await this.sessions.deleteExpired(this.clock.now().toISOString());
    this.realtime.endSessions(ended);
    return ended.length;
  }

  private async startSession(user: UserRow, userAgent: string | null): Promise<StartedSession> {
    const now = this.clock.now();
    const cookie = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    await this.sessions.insert({
      id: sha256(cookie),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      user_agent: userAgent?.slice(0, 256) ?? null,
    });
    return { user, cookie, csrfToken, expiresAt, deviceCookie: this.devices.issue(user.username, now) };
  }

  private async newUserRow(input: {
    username: string;
    displayName: string;
    password: string;
    email?: string | undefined;
    role: 'admin' | 'user';
  }): Promise<UserRow> {
    const now = this.clock.now().toISOString();
    return {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      password_hash: await hashPassword(input.password, this.options.passwordHashCost),
      role: input.role,
      avatar_file: null,
      active: 1,
      created_at: now,
      updated_at: now,
    };
  }
}
