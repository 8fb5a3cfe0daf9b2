import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser, TEST_PASSWORD, uniqueUsername } from '../../test/factories.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('accounts over HTTP (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());

  it('reports that setup is needed, then creates exactly one first admin', async () => {
    const anon = new TestClient(app);
    expect((await anon.get('/api/v1/instance')).json()).toEqual({
      workspaceName: 'Parley',
      needsSetup: true,
      registrationOpen: false,
      passwordSignIn: true,
      passwordReset: false,
      locales: ['en', 'uk', 'de'],
    });

    const login = await anon.post('/api/v1/auth/login', { username: 'nobody', password: 'whatever-long' });
    expect(login.statusCode).toBe(409);
    expect(login.json().error.code).toBe('setup_required');

    const res = await anon.post('/api/v1/setup', {
      username: 'Grace',
      displayName: 'Grace Hopper',
      password: TEST_PASSWORD,
      workspaceName: 'Navy Labs',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'grace', displayName: 'Grace Hopper', role: 'admin' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toBe(anon.cookies[CSRF_COOKIE]);
    const sessionCookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe('Lax');
    admin = anon;

    const again = await new TestClient(app).post('/api/v1/setup', {
      username: 'mallory',
      displayName: 'Mallory',
      password: TEST_PASSWORD,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_already_done');
    expect((await anon.get('/api/v1/instance')).json()).toMatchObject({
      workspaceName: 'Navy Labs',
      needsSetup: false,
    });
  });

  it('lets only one of two racing setup requests win', async () => {
    const raced = await createTestApp(kind);
    try {
      const attempts = await Promise.all(
        ['a1', 'a2', 'a3'].map((u) =>
          new TestClient(raced).post('/api/v1/setup', {
            username: u,
            displayName: u,
            password: TEST_PASSWORD,
          }),
        ),
      );
      expect(attempts.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      expect((await raced.services.users.listForAdmin()).length).toBe(1);
    } finally {
      await raced.close();
    }
  });

  it('signs in with the right password only, with a generic error', async () => {
    const { user } = await signedInUser(app, { username: 'linus' });
    const client = new TestClient(app);
    const wrong = await client.post('/api/v1/auth/login', {
      username: 'linus',
      password: 'not the password',
    });
    expect(wrong.statusCode).toBe(401);
    const unknown = await client.post('/api/v1/auth/login', {
      username: 'nobody-here',
      password: 'not the password',
    });
    expect(unknown.json()).toEqual(wrong.json());

    const ok = await client.post('/api/v1/auth/login', { username: 'LINUS', password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect((await client.get('/api/v1/me')).json().user.id).toBe(user.id);
  });

  it('rate-limits repeated failed sign-ins for an account', async () => {
    await signedInUser(app, { username: 'target' });
    const client = new TestClient(app);
    for (let i = 0; i < 5; i++) {
      expect(
        (await client.post('/api/v1/auth/login', { username: 'target', password: `guess-${i}-xx` }))
          .statusCode,
      ).toBe(401);
    }
    const blocked = await client.post('/api/v1/auth/login', { username: 'target', password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets no more than the limit of a parallel burst of guesses reach the password check', async () => {
    await signedInUser(app, { username: 'burst' });
    const client = new TestClient(app);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.post('/api/v1/auth/login', { username: 'burst', password: `guess-${i}-xx` }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
  });

  it('refuses cookie-authenticated writes without the CSRF token, and sign-ins from foreign origins', async () => {
    const { client } = await signedInUser(app);
    const noToken = await client.patch('/api/v1/me', { displayName: 'Changed' }, { [CSRF_HEADER]: '' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const wrongToken = await client.patch(
      '/api/v1/me',
      { displayName: 'Changed' },
      { [CSRF_HEADER]: 'x'.repeat(43) },
    );
    expect(wrongToken.statusCode).toBe(403);
    expect((await client.get('/api/v1/me')).json().user.displayName).not.toBe('Changed');

    const foreign = await new TestClient(app).post(
      '/api/v1/auth/login',
      { username: 'linus', password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses cookie writes with the right CSRF token from a foreign or null Origin', async () => {
    const { client } = await signedInUser(app);
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: '', 'sec-fetch-site': 'same-site' },
      { origin: '', referer: 'https://evil.example/page' },
    ];
    for (const headers of attempts) {
      // An empty string stands for "no Origin header": inject drops it.
      const sent = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
      const res = await app.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        payload: { displayName: 'Hijacked' },
        cookies: client.cookies,
        headers: { [CSRF_HEADER]: client.cookies.parley_csrf ?? '', ...sent },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
    }
    expect((await client.get('/api/v1/me')).json().user.displayName).not.toBe('Hijacked');

    // Our own origin, or no Origin from a same-origin fetch or a non-browser client, still works.
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, {}]) {
      const res = await app.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        payload: { displayName: 'Fine' },
        cookies: client.cookies,
        headers: { [CSRF_HEADER]: client.cookies.parley_csrf ?? '', ...headers },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
    }
    expect((await client.patch('/api/v1/me', { displayName: 'Own origin' })).statusCode).toBe(200);
  });

  it('logs out: the session cookie stops working', async () => {
    const { client } = await signedInUser(app);
    const stolen = { ...client.cookies };
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const replay = new TestClient(app);
    replay.cookies = stolen;
    const me = await replay.get('/api/v1/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('authentication_required');
  });

  it('registers only while the admin keeps registration open', async () => {
    const visitor = new TestClient(app);
    const input = { username: 'newbie', displayName: 'New Bie', password: TEST_PASSWORD };
    const closed = await visitor.post('/api/v1/auth/register', input);
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe('registration_closed');

    expect(
      (await admin.patch('/api/v1/admin/settings', { workspace: { registrationOpen: true } })).statusCode,
    ).toBe(200);
    expect((await visitor.get('/api/v1/instance')).json().registrationOpen).toBe(true);
    const open = await visitor.post('/api/v1/auth/register', input);
    expect(open.statusCode).toBe(201);
    expect(open.json().user).toMatchObject({ username: 'newbie', role: 'user' });

    const taken = await new TestClient(app).post('/api/v1/auth/register', { ...input, username: 'NewBie' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('username_taken');
    await admin.patch('/api/v1/admin/settings', { workspace: { registrationOpen: false } });
  });

  it('changes the password, signs out other sessions and keeps this one', async () => {
    const username = uniqueUsername('pw');
    const { client } = await signedInUser(app, { username });
    const other = new TestClient(app);
    await other.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });

    const wrong = await client.post('/api/v1/me/password', {
      currentPassword: 'nope-nope-nope',
      newPassword: 'a brand new password',
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await client.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new password',
    });
    expect(ok.statusCode).toBe(204);

    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    const fresh = new TestClient(app);
    expect((await fresh.post('/api/v1/auth/login', { username, password: TEST_PASSWORD })).statusCode).toBe(
      401,
    );
    expect(
      (await fresh.post('/api/v1/auth/login', { username, password: 'a brand new password' })).statusCode,
    ).toBe(200);
  });

  it('lets an admin create accounts, and nobody else', async () => {
    const input = { username: uniqueUsername('made'), displayName: 'Made By Admin', password: TEST_PASSWORD };
    const created = await admin.post('/api/v1/admin/users', input);
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({ username: input.username, role: 'user' });
    const { client: plain } = await signedInUser(app);
    const denied = await plain.post('/api/v1/admin/users', { ...input, username: uniqueUsername() });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    expect((await plain.get('/api/v1/admin/users')).statusCode).toBe(403);
    const list = (await admin.get('/api/v1/admin/users')).json().users as { username: string }[];
    expect(list.map((u) => u.username)).toContain(input.username);
  });

  it('creates the admin through setUpAdmin on a fresh instance', async () => {
    const fresh = await createTestApp(kind);
    try {
      const { user } = await setUpAdmin(fresh, 'boss');
      expect(user.role).toBe('admin');
    } finally {
      await fresh.close();
    }
  });
});

describe.each(DATABASE_KINDS)('sign-in throttle against lockouts (%s)', (kind) => {
  let app: TestApp;
  let now = Date.parse('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock: { now: () => new Date(now) } });
  });
  afterAll(async () => app.close());

  const login = (
    username: string,
    password: string,
    remoteAddress: string,
    cookies: Record<string, string> = {},
  ) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      headers: { origin: TEST_ORIGIN },
      remoteAddress,
      cookies,
    });

  it('lets the owner in from a known browser right after 30 guesses from 6 addresses; strangers only wait', async () => {
    await signedInUser(app, { username: 'owner' });
    // The owner's browser signed in before and holds a device cookie.
    const first = await login('owner', TEST_PASSWORD, '192.0.2.10');
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'parley_device');
    expect(device?.httpOnly).toBe(true);
    expect(device?.path).toBe('/api/v1/auth');

    for (let i = 0; i < 30; i++) {
      const res = await login('owner', `wrong-guess-${i}`, `198.51.100.${i % 6}`);
      if (res.statusCode === 429) now += Number(res.headers['retry-after']) * 1000;
      else expect(res.statusCode).toBe(401);
    }

    // A new address without the cookie is slowed for seconds, never blocked for the window.
    const stranger = await login('owner', TEST_PASSWORD, '203.0.113.99');
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeLessThanOrEqual(30);

    const owner = await login('owner', TEST_PASSWORD, '203.0.113.50', { parley_device: device!.value });
    expect(owner.statusCode).toBe(200);
  });

  it('does not lock everyone behind one proxy address out of their accounts once 50 failures pile up there', async () => {
    await signedInUser(app, { username: 'colleague' });
    const proxy = '10.9.9.9';
    const first = await login('colleague', TEST_PASSWORD, proxy);
    const device = first.cookies.find((c) => c.name === 'parley_device')!;
    for (let i = 0; i < 50; i++) await login(`nobody${i}`, 'wrong-password-xx', proxy);
    expect((await login('colleague', TEST_PASSWORD, proxy)).statusCode).toBe(429);
    const known = await login('colleague', TEST_PASSWORD, proxy, { parley_device: device.value });
    expect(known.statusCode).toBe(200);
  });
});

describe('principals', () => {
  it('never carry the password hash, whether fresh or cached', async () => {
    const app = await createTestApp('sqlite');
    try {
      const { client } = await signedInUser(app);
      for (let i = 0; i < 2; i++) {
        const principal = await app.services.auth.fromSessionCookie(client.sessionCookieValue);
        expect(principal?.user).toBeDefined();
        expect(principal?.user).not.toHaveProperty('password_hash');
      }
    } finally {
      await app.close();
    }
  });
});
