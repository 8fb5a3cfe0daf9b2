/**
 * AuthService on in-memory fakes of its repositories and neighbours, with a clock the test moves:
 * the rules of signing in, sessions, password changes and resets, without a database or HTTP.
 * auth.routes.test.ts covers the same over HTTP on both databases.
 */
import { DEFAULT_SECURITY_SETTINGS, type TokenScope } from '@parley/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { sha256 } from '../../lib/ids.js';
import { DeviceCookies } from '../../lib/device-cookie.js';
import { LoginThrottle } from '../../lib/login-throttle.js';
import type { AuthInvalidation } from '../../lib/principal-cache.js';
import { PrincipalCache } from '../../lib/principal-cache.js';
import type { Principal } from '../../lib/principal.js';
import { fixedClock, recordingRealtime } from '../../test/fakes.js';
import type { SettingsService } from '../settings/index.js';
import type { TokensService } from '../tokens/index.js';
import type { UserRow, UsersRepository } from '../users/index.js';
import {
  AuthService,
  PASSWORD_RESET_TTL_MS,
  type LoginContext,
  type SignInOutcome,
  type StartedSession,
} from './auth.service.js';
import type { MfaProofs, MfaService } from '../mfa/index.js';

/** These tests are about first factors: nobody here has a second one (the route tests cover those). */
async function sessionOf(outcome: Promise<SignInOutcome>): Promise<StartedSession> {
  const result = await outcome;
  if (!('session' in result)) throw new Error('expected a session, got a second-factor challenge');
  return result.session;
}
const noSecondFactors = {
  mfa: { noteSignIn: () => Promise.resolve(null), setupDue: () => Promise.resolve(null) },
  proofs: { methods: () => Promise.resolve([]) },
};
import type { PasswordResetsRepository } from './password-resets.repository.js';
import { AuthEvents } from './auth.events.js';
import { AuthSweeper } from './auth.sweeper.js';
import type { LoginSessionRow as SessionRow, LoginSessionsRepository } from './login-sessions.repository.js';

const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery';
/** scrypt's cost as log2(N): tiny, so hashing takes microseconds here. */
const HASH_COST = 4;

type NewUser = Omit<UserRow, 'active' | 'is_provider'> & { active?: number; is_provider?: number };

/** The users table's rules this service relies on: unique usernames, one first admin, a last admin. */
class MemoryUsers implements Pick<
  UsersRepository,
  | 'countAdmins'
  | 'insertFirstAdmin'
  | 'insert'
  | 'findById'
  | 'findByUsername'
  | 'findPasswordHash'
  | 'update'
  | 'changeAccount'
> {
  readonly rows = new Map<string, UserRow>();

  countAdmins(): Promise<number> {
    return Promise.resolve([...this.rows.values()].filter((u) => u.role === 'admin').length);
  }

  async insertFirstAdmin(row: NewUser): Promise<UserRow | undefined> {
    return (await this.countAdmins()) > 0 ? undefined : this.insert(row);
  }

  insert(row: NewUser): Promise<UserRow> {
    if ([...this.rows.values()].some((u) => u.username === row.username)) {
      return Promise.reject(Object.assign(new Error('unique'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    }
    const stored: UserRow = { active: 1, is_provider: 0, ...row };
    this.rows.set(row.id, stored);
    return Promise.resolve({ ...stored });
  }

  findById(id: string): Promise<UserRow | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    const row = [...this.rows.values()].find((u) => u.username === username);
    return Promise.resolve(row && { ...row });
  }

  findPasswordHash(id: string): Promise<string | undefined> {
    return Promise.resolve(this.rows.get(id)?.password_hash);
  }

  update(id: string, patch: Partial<UserRow>): Promise<UserRow | undefined> {
    const row = this.rows.get(id);
    if (row) Object.assign(row, patch);
    return this.findById(id);
  }

  changeAccount(
    id: string,
    change: { role?: 'admin' | 'user'; active?: 0 | 1; is_provider?: 0 | 1 },
    nowIso: string,
  ): Promise<{ ok: true; user: UserRow } | { ok: false; reason: 'not_found' | 'last_admin' }> {
    const user = this.rows.get(id);
    if (!user) return Promise.resolve({ ok: false, reason: 'not_found' });
    const staysActiveAdmin = (change.role ?? user.role) === 'admin' && (change.active ?? user.active) === 1;
    const otherAdmins = [...this.rows.values()].filter(
      (u) => u.id !== id && u.role === 'admin' && u.active === 1,
    );
    if (user.role === 'admin' && user.active === 1 && !staysActiveAdmin && otherAdmins.length === 0) {
      return Promise.resolve({ ok: false, reason: 'last_admin' });
    }
    Object.assign(user, change, { updated_at: nowIso });
    return Promise.resolve({ ok: true, user: { ...user } });
  }
}

class MemorySessions implements Pick<
  LoginSessionsRepository,
  'insert' | 'findActive' | 'delete' | 'deleteAllForUserExcept' | 'deleteExpired'
> {
  readonly rows = new Map<string, SessionRow>();
  lookups = 0;

  insert(row: SessionRow): Promise<void> {
    this.rows.set(row.id, { ...row });
    return Promise.resolve();
  }

  findActive(id: string, nowIso: string): Promise<SessionRow | undefined> {
    this.lookups++;
    const row = this.rows.get(id);
    return Promise.resolve(row && row.expires_at > nowIso ? { ...row } : undefined);
  }

  delete(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }

  deleteAllForUserExcept(userId: string, keepId: string | null): Promise<string[]> {
    return this.deleteWhere((s) => s.user_id === userId && s.id !== keepId);
  }

  deleteExpired(nowIso: string): Promise<string[]> {
    return this.deleteWhere((s) => s.expires_at <= nowIso);
  }

  private deleteWhere(match: (s: SessionRow) => boolean): Promise<string[]> {
    const ids = [...this.rows.values()].filter(match).map((s) => s.id);
    for (const id of ids) this.rows.delete(id);
    return Promise.resolve(ids);
  }
}

interface ResetRow {
  id: string;
  user_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

class MemoryResets implements Pick<
  PasswordResetsRepository,
  'replaceForUser' | 'findUsable' | 'claim' | 'deleteUnusedForUser'
> {
  rows: ResetRow[] = [];

  replaceForUser(row: ResetRow): Promise<void> {
    this.rows = this.rows.filter((r) => r.user_id !== row.user_id || r.used_at !== null);
    this.rows.push({ ...row });
    return Promise.resolve();
  }

  findUsable(tokenHash: string, nowIso: string) {
    const row = this.usable(tokenHash, nowIso);
    return Promise.resolve(row && { user_id: row.user_id, expires_at: row.expires_at });
  }

  claim(tokenHash: string, nowIso: string): Promise<string | null> {
    const row = this.usable(tokenHash, nowIso);
    if (row) row.used_at = nowIso;
    return Promise.resolve(row?.user_id ?? null);
  }

  deleteUnusedForUser(userId: string): Promise<void> {
    this.rows = this.rows.filter((r) => r.user_id !== userId || r.used_at !== null);
    return Promise.resolve();
  }

  private usable(tokenHash: string, nowIso: string): ResetRow | undefined {
    return this.rows.find((r) => r.token_hash === tokenHash && r.used_at === null && r.expires_at > nowIso);
  }
}

interface FakeToken {
  tokenId: string;
  userId: string;
  scopes: TokenScope[];
  expiresAt: string | null;
}

/** API tokens by secret; records which were used and whose were revoked. */
class FakeTokens implements Pick<TokensService, 'authenticate' | 'noteUse' | 'revokeAll'> {
  readonly bySecret = new Map<string, FakeToken>();
  readonly used: string[] = [];
  readonly revokedFor: string[] = [];

  authenticate(secret: string): Promise<FakeToken | null> {
    return Promise.resolve(this.bySecret.get(secret) ?? null);
  }

  noteUse(tokenId: string): Promise<void> {
    this.used.push(tokenId);
    return Promise.resolve();
  }

  revokeAll(userId: string): Promise<number> {
    this.revokedFor.push(userId);
    const theirs = [...this.bySecret].filter(([, token]) => token.userId === userId);
    for (const [secret] of theirs) this.bySecret.delete(secret);
    return Promise.resolve(theirs.length);
  }
}

/** The two settings the service reads or writes. */
class FakeSettings {
  workspace = { name: 'Parley', registrationOpen: false };
  security = { ...DEFAULT_SECURITY_SETTINGS };

  get(name: 'workspace' | 'security') {
    expect(['workspace', 'security']).toContain(name);
    return Promise.resolve(name === 'workspace' ? { ...this.workspace } : { ...this.security });
  }

  update(patch: { workspace?: Partial<FakeSettings['workspace']> }) {
    Object.assign(this.workspace, patch.workspace);
    return Promise.resolve();
  }
}

interface AuthDeps {
  users: MemoryUsers;
  sessions: MemorySessions;
  tokens: FakeTokens;
  settings: FakeSettings;
  throttle: LoginThrottle;
  devices: DeviceCookies;
  realtime: ReturnType<typeof recordingRealtime>;
  clock: ReturnType<typeof fixedClock>;
  resets: MemoryResets;
  principals: PrincipalCache<Principal>;
  invalidateAuth: (what: AuthInvalidation) => Promise<void>;
}

/** The one place that knows AuthService's constructor: the fakes stand in for the real classes. */
function buildAuthService(deps: AuthDeps): { auth: AuthService; sweeper: AuthSweeper } {
  const events = new AuthEvents({ realtime: deps.realtime, invalidateAuth: deps.invalidateAuth });
  const sessions = deps.sessions as unknown as LoginSessionsRepository;
  const auth = new AuthService({
    users: deps.users as unknown as UsersRepository,
    sessions,
    resets: deps.resets as unknown as PasswordResetsRepository,
    tokens: deps.tokens as unknown as TokensService,
    settings: deps.settings as unknown as SettingsService,
    throttle: deps.throttle,
    devices: deps.devices,
    events,
    clock: deps.clock,
    sessionTtlMs: SESSION_TTL_MS,
    passwordHashCost: HASH_COST,
    principals: deps.principals,
    mfa: noSecondFactors.mfa as unknown as MfaService,
    proofs: noSecondFactors.proofs as unknown as MfaProofs,
  });
  return { auth, sweeper: new AuthSweeper({ sessions, events, clock: deps.clock }) };
}

function world() {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  const principals = new PrincipalCache<Principal>(clock);
  const invalidations: AuthInvalidation[] = [];
  const deps: AuthDeps = {
    users: new MemoryUsers(),
    sessions: new MemorySessions(),
    tokens: new FakeTokens(),
    settings: new FakeSettings(),
    throttle: new LoginThrottle(clock),
    devices: new DeviceCookies('unit-test-secret-key-that-is-long-enough'),
    realtime: recordingRealtime(),
    clock,
    resets: new MemoryResets(),
    principals,
    invalidateAuth: (what) => {
      invalidations.push(what);
      principals.invalidate(what);
      return Promise.resolve();
    },
  };
  return { ...deps, invalidations, ...buildAuthService(deps) };
}

type World = ReturnType<typeof world>;

/** Rejects with an AppError: the test reads its status and code. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err: unknown = await promise.then(
    () => expect.unreachable('expected a refusal'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const from = (ip = '203.0.113.7', deviceCookie?: string): LoginContext => ({
  ip,
  userAgent: 'unit-test',
  deviceCookie,
});

const ended = (w: World) => w.realtime.calls.flatMap((c) => (c.kind === 'endSessions' ? c.ids : []));

/** The principal this session's cookie resolves to, as the HTTP guard would ask. */
const principalOf = (w: World, session: StartedSession) => w.auth.fromSessionCookie(session.cookie);

describe('AuthService (fakes)', () => {
  let w: World;
  let admin: StartedSession;

  beforeEach(async () => {
    w = world();
    admin = await w.auth.setup(
      { username: 'grace', displayName: 'Grace Hopper', password: PASSWORD, workspaceName: 'Navy Labs' },
      'setup-agent',
    );
  });

  describe('setup and registration', () => {
    it('creates exactly one first administrator, names the workspace and signs them in', async () => {
      expect(admin.user).toMatchObject({ username: 'grace', role: 'admin', active: 1 });
      expect(admin.user).not.toHaveProperty('password_hash');
      expect(w.settings.workspace.name).toBe('Navy Labs');
      expect(admin.expiresAt.toISOString()).toBe(
        new Date(Date.parse('2026-11-23T10:00:00.000Z') + SESSION_TTL_MS).toISOString(),
      );
      const stored = w.sessions.rows.get(sha256(admin.cookie));
      expect(stored).toMatchObject({
        user_id: admin.user.id,
        csrf_token: admin.csrfToken,
        user_agent: 'setup-agent',
      });
      expect(await w.auth.needsSetup()).toBe(false);
      const again = await refusal(
        w.auth.setup({ username: 'mallory', displayName: 'M', password: PASSWORD }, null),
      );
      expect(again).toMatchObject({ status: 409, code: 'setup_already_done' });
      expect(w.users.rows.size).toBe(1);
    });

    it('refuses sign-in and registration before setup', async () => {
      const empty = world();
      expect(await empty.auth.needsSetup()).toBe(true);
      expect(await refusal(empty.auth.login({ username: 'x', password: PASSWORD }, from()))).toMatchObject({
        code: 'setup_required',
      });
      expect(
        await refusal(empty.auth.register({ username: 'x', displayName: 'X', password: PASSWORD }, null)),
      ).toMatchObject({ code: 'setup_required' });
    });

    it('registers only while registration is open, with unique usernames and a hashed password', async () => {
      const input = { username: 'ada', displayName: 'Ada', password: PASSWORD };
      expect(await refusal(w.auth.register(input, null))).toMatchObject({
        status: 403,
        code: 'registration_closed',
      });
      w.settings.workspace.registrationOpen = true;
      const ada = await w.auth.register(input, 'browser');
      expect(ada.user).toMatchObject({ username: 'ada', role: 'user' });
      const hash = await w.users.findPasswordHash(ada.user.id);
      expect(hash).toMatch(/^scrypt\$4\$/);
      expect(hash).not.toContain(PASSWORD);
      expect(await refusal(w.auth.register(input, null))).toMatchObject({
        status: 409,
        code: 'username_taken',
      });
    });

    it('keeps only 256 characters of a user agent', async () => {
      await sessionOf(
        w.auth.login({ username: 'grace', password: PASSWORD }, { ...from(), userAgent: 'u'.repeat(1000) }),
      );
      const agents = [...w.sessions.rows.values()].map((s) => s.user_agent?.length);
      expect(agents).toContain(256);
    });
  });

  describe('login', () => {
    it('signs in with the right password: a new session the cookie resolves to', async () => {
      const session = await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
      expect(session.cookie).not.toBe(admin.cookie);
      expect(session.user.id).toBe(admin.user.id);
      const principal = await principalOf(w, session);
      expect(principal).toMatchObject({
        via: 'session',
        sessionId: sha256(session.cookie),
        csrfToken: session.csrfToken,
        tokenId: null,
        scopes: null,
      });
      expect(principal?.user.username).toBe('grace');
      // The device cookie names this browser for this account only.
      expect(w.devices.verify(session.deviceCookie, 'grace', w.clock.now())).toEqual(expect.any(String));
      expect(w.devices.verify(session.deviceCookie, 'ada', w.clock.now())).toBeNull();
    });

    it('says the same for a wrong password and an unknown username', async () => {
      const wrong = await refusal(
        sessionOf(w.auth.login({ username: 'grace', password: 'not it at all' }, from())),
      );
      const unknown = await refusal(
        sessionOf(w.auth.login({ username: 'nobody', password: PASSWORD }, from())),
      );
      expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' });
      expect(unknown).toMatchObject({ status: 401, code: 'invalid_credentials', message: wrong.message });
      expect(w.sessions.rows.size).toBe(1);
    });

    it('blocks an address after five failures for an account, even with the right password, until the window passes', async () => {
      for (let i = 0; i < 5; i++) {
        await refusal(sessionOf(w.auth.login({ username: 'grace', password: `wrong-${i}` }, from())));
      }
      const blocked = await refusal(
        sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from())),
      );
      expect(blocked).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
      // Another address is not blocked; the owner's known browser is not either.
      await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from('198.51.100.1')));
      await sessionOf(
        w.auth.login({ username: 'grace', password: PASSWORD }, from(undefined, admin.deviceCookie)),
      );
      w.clock.advance(15 * 60_000 + 1);
      await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
    });

    it('tells a deactivated account why, without counting it as a failure', async () => {
      const ada = await w.auth.createUser({
        username: 'ada',
        displayName: 'Ada',
        password: PASSWORD,
        role: 'user',
      });
      const grace = (await principalOf(w, admin))!;
      await w.auth.changeAccount(grace, ada.id, { active: false });
      for (let i = 0; i < 6; i++) {
        expect(
          await refusal(sessionOf(w.auth.login({ username: 'ada', password: PASSWORD }, from()))),
        ).toMatchObject({
          status: 403,
          code: 'account_deactivated',
        });
      }
      await w.auth.changeAccount(grace, ada.id, { active: true });
      const session = await sessionOf(w.auth.login({ username: 'ada', password: PASSWORD }, from()));
      expect(session.user.username).toBe('ada');
    });
  });

  describe('sessions', () => {
    it('resolve until they expire by the clock, then not, and the sweep ends them', async () => {
      const session = await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
      w.clock.advance(SESSION_TTL_MS - 1000);
      expect(await principalOf(w, session)).not.toBeNull();
      // Cached a moment ago, yet the cache does not outlive the session.
      w.clock.advance(1000);
      expect(await principalOf(w, session)).toBeNull();
      expect(await w.auth.fromSessionCookie('not-a-cookie')).toBeNull();

      expect(await w.sweeper.sweepExpiredSessions()).toBe(2);
      expect(ended(w).sort()).toEqual([sha256(admin.cookie), sha256(session.cookie)].sort());
      expect(w.sessions.rows.size).toBe(0);
      expect(await w.sweeper.sweepExpiredSessions()).toBe(0);
    });

    it('are read once, then served from the principal cache until something invalidates them', async () => {
      const before = w.sessions.lookups;
      const first = await principalOf(w, admin);
      expect(await principalOf(w, admin)).toEqual(first);
      expect(w.sessions.lookups).toBe(before + 1);
      await w.invalidateAuth({ users: [admin.user.id] });
      expect(await principalOf(w, admin)).toEqual(first);
      expect(w.sessions.lookups).toBe(before + 2);
    });

    it('logout ends only that session, here and in every cache', async () => {
      const other = await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
      const principal = (await principalOf(w, admin))!;
      await w.auth.logout(principal);
      expect(await principalOf(w, admin)).toBeNull();
      expect(await principalOf(w, other)).not.toBeNull();
      expect(ended(w)).toEqual([sha256(admin.cookie)]);
      expect(w.invalidations).toContainEqual({ sessions: [sha256(admin.cookie)] });
    });

    it('logout with an API token has no session to end', async () => {
      const principal = (await principalOf(w, admin))!;
      await w.auth.logout({ ...principal, via: 'token', sessionId: null, tokenId: 't1' });
      expect(w.sessions.rows.size).toBe(1);
      expect(ended(w)).toEqual([]);
    });

    it('a deactivated account resolves to nobody', async () => {
      const ada = await w.auth.createUser({
        username: 'ada',
        displayName: 'Ada',
        password: PASSWORD,
        role: 'user',
      });
      const session = await sessionOf(w.auth.login({ username: 'ada', password: PASSWORD }, from()));
      w.users.rows.get(ada.id)!.active = 0;
      w.principals.invalidate({ users: [ada.id] });
      expect(await principalOf(w, session)).toBeNull();
    });
  });

  describe('API tokens', () => {
    it('resolve to a token principal, from the cache the second time, noting each use', async () => {
      w.tokens.bySecret.set('prl_secret', {
        tokenId: 'tok1',
        userId: admin.user.id,
        scopes: ['read'],
        expiresAt: null,
      });
      const first = await w.auth.fromBearerToken('prl_secret');
      expect(first).toMatchObject({ via: 'token', tokenId: 'tok1', sessionId: null, csrfToken: null });
      expect(first?.scopes).toEqual(['read']);
      w.tokens.bySecret.clear();
      expect(await w.auth.fromBearerToken('prl_secret')).toEqual(first);
      expect(w.tokens.used).toEqual(['tok1']);
      expect(await w.auth.fromBearerToken('prl_other')).toBeNull();
    });
  });

  describe('passwords', () => {
    it('a change needs the current password, then signs out every other session', async () => {
      const other = await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
      const me = (await principalOf(w, admin))!;
      const input = { currentPassword: 'wrong', newPassword: 'a new password', revokeTokens: false };
      expect(await refusal(w.auth.changePassword(me, input))).toMatchObject({
        status: 401,
        code: 'invalid_credentials',
      });
      await w.auth.changePassword(me, { ...input, currentPassword: PASSWORD });
      expect(await principalOf(w, admin)).not.toBeNull();
      expect(await principalOf(w, other)).toBeNull();
      expect(w.tokens.revokedFor).toEqual([]);
      expect(w.invalidations).toContainEqual({ users: [admin.user.id] });
      await refusal(sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from())));
      await sessionOf(w.auth.login({ username: 'grace', password: 'a new password' }, from()));
    });

    it('a change can revoke every API token too', async () => {
      const me = (await principalOf(w, admin))!;
      await w.auth.changePassword(me, {
        currentPassword: PASSWORD,
        newPassword: 'another one',
        revokeTokens: true,
      });
      expect(w.tokens.revokedFor).toEqual([admin.user.id]);
    });

    it('signing out everywhere keeps this session and revokes the tokens', async () => {
      const other = await sessionOf(w.auth.login({ username: 'grace', password: PASSWORD }, from()));
      await w.auth.signOutEverywhere((await principalOf(w, admin))!);
      expect(await principalOf(w, admin)).not.toBeNull();
      expect(await principalOf(w, other)).toBeNull();
      expect(ended(w)).toEqual([sha256(other.cookie)]);
      expect(w.tokens.revokedFor).toEqual([admin.user.id]);
    });
  });

  describe('password reset links', () => {
    let ada: Awaited<ReturnType<AuthService['createUser']>>;
    let grace: Principal;

    beforeEach(async () => {
      ada = await w.auth.createUser({
        username: 'ada',
        displayName: 'Ada',
        password: PASSWORD,
        role: 'user',
      });
      grace = (await principalOf(w, admin))!;
    });

    it('work once, for a day, set the password and sign only this browser in', async () => {
      const adaSession = await sessionOf(w.auth.login({ username: 'ada', password: PASSWORD }, from()));
      const { token, expiresAt } = await w.auth.createPasswordReset(grace, ada.id);
      expect(Date.parse(expiresAt) - w.clock.now().getTime()).toBe(PASSWORD_RESET_TTL_MS);
      expect(w.resets.rows[0]?.token_hash).toBe(sha256(token));
      expect((await w.auth.inspectPasswordReset(token)).user.username).toBe('ada');

      const session = await sessionOf(
        w.auth.completePasswordReset(token, 'chosen anew', { ip: '127.0.0.1', userAgent: 'phone' }),
      );
      expect(session.user.id).toBe(ada.id);
      expect(await principalOf(w, adaSession)).toBeNull();
      expect(await principalOf(w, session)).not.toBeNull();
      await sessionOf(w.auth.login({ username: 'ada', password: 'chosen anew' }, from()));

      expect(
        await refusal(
          sessionOf(w.auth.completePasswordReset(token, 'again', { ip: '127.0.0.1', userAgent: null })),
        ),
      ).toMatchObject({
        status: 404,
        code: 'not_found',
      });
      await refusal(w.auth.inspectPasswordReset(token));
    });

    it('expire after a day, and only the newest one works', async () => {
      const older = await w.auth.createPasswordReset(grace, ada.id);
      const newer = await w.auth.createPasswordReset(grace, ada.id);
      await refusal(w.auth.inspectPasswordReset(older.token));
      await w.auth.inspectPasswordReset(newer.token);
      w.clock.advance(PASSWORD_RESET_TTL_MS);
      expect(
        await refusal(
          sessionOf(
            w.auth.completePasswordReset(newer.token, 'too late', { ip: '127.0.0.1', userAgent: null }),
          ),
        ),
      ).toMatchObject({
        code: 'not_found',
      });
    });

    it('are refused for an unknown or deactivated account, and die with a deactivation', async () => {
      expect(await refusal(w.auth.createPasswordReset(grace, 'nobody'))).toMatchObject({ status: 404 });
      const { token } = await w.auth.createPasswordReset(grace, ada.id);
      await w.auth.changeAccount(grace, ada.id, { active: false });
      expect(w.resets.rows).toEqual([]);
      expect(await refusal(w.auth.createPasswordReset(grace, ada.id))).toMatchObject({ status: 409 });
      await w.auth.changeAccount(grace, ada.id, { active: true });
      await refusal(
        sessionOf(
          w.auth.completePasswordReset(token, 'after reactivation', { ip: '127.0.0.1', userAgent: null }),
        ),
      );
    });
  });

  describe('account changes', () => {
    it('deactivation ends sessions, tokens and sockets at once', async () => {
      const ada = await w.auth.createUser({
        username: 'ada',
        displayName: 'Ada',
        password: PASSWORD,
        role: 'user',
      });
      const adaSession = await sessionOf(w.auth.login({ username: 'ada', password: PASSWORD }, from()));
      const grace = (await principalOf(w, admin))!;
      const account = await w.auth.changeAccount(grace, ada.id, { active: false });
      expect(account).toMatchObject({ id: ada.id, active: 0 });
      expect(await principalOf(w, adaSession)).toBeNull();
      expect(ended(w)).toEqual([sha256(adaSession.cookie)]);
      expect(w.tokens.revokedFor).toEqual([ada.id]);
      expect(w.realtime.calls).toContainEqual({ kind: 'endUser', userId: ada.id });
      expect(w.invalidations).toContainEqual({ users: [ada.id] });
    });

    it('keeps an administrator from deactivating themselves, and the last one an administrator', async () => {
      const grace = (await principalOf(w, admin))!;
      expect(await refusal(w.auth.changeAccount(grace, grace.user.id, { active: false }))).toMatchObject({
        status: 409,
        code: 'conflict',
      });
      expect(await refusal(w.auth.changeAccount(grace, grace.user.id, { role: 'user' }))).toMatchObject({
        status: 409,
        message: expect.stringContaining('last active administrator'),
      });
      expect(await refusal(w.auth.changeAccount(grace, 'nobody', { role: 'user' }))).toMatchObject({
        status: 404,
      });
      const ada = await w.auth.createUser({
        username: 'ada',
        displayName: 'Ada',
        password: PASSWORD,
        role: 'user',
      });
      expect(await w.auth.changeAccount(grace, ada.id, { role: 'admin' })).toMatchObject({ role: 'admin' });
      expect(await w.auth.changeAccount(grace, grace.user.id, { role: 'user' })).toMatchObject({
        role: 'user',
      });
    });
  });
});
