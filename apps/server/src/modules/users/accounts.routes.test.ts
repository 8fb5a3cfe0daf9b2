import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser, TEST_PASSWORD } from '../../test/factories.js';
import { connectSocket, listening, revokedAndClosed, type ClientSocket } from '../../test/sockets.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const NEW_PASSWORD = 'a completely new password';

describe.each(DATABASE_KINDS)('account administration (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;
  let adminId: string;
  let url: string;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    app = await createTestApp(kind);
    const set = await setUpAdmin(app);
    admin = set.client;
    adminId = set.user.id;
    url = await listening(app);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('lists accounts with their status and changes roles at once', async () => {
    const { client, user } = await signedInUser(app);
    const listed = (await admin.get('/api/v1/admin/users')).json().users as { id: string; active: boolean }[];
    expect(listed.find((u) => u.id === user.id)).toMatchObject({ active: true, role: 'user' });

    expect((await client.get('/api/v1/admin/users')).statusCode).toBe(403);
    const promoted = await admin.patch(`/api/v1/admin/users/${user.id}`, { role: 'admin' });
    expect(promoted.json().user).toMatchObject({ id: user.id, role: 'admin', active: true });
    // Takes effect on the very next request of the promoted person (no stale cache).
    expect((await client.get('/api/v1/admin/users')).statusCode).toBe(200);
    await admin.patch(`/api/v1/admin/users/${user.id}`, { role: 'user' });
    expect((await client.get('/api/v1/admin/users')).statusCode).toBe(403);
  });

  it('deactivation ends sessions, tokens and sockets at once and refuses sign-in; reactivation restores it', async () => {
    const { client, user } = await signedInUser(app);
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'bot' })).json();
    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.get('/api/v1/me')).statusCode).toBe(200);
    const socket = await connectSocket(url, { cookie: client.sessionCookieHeader });
    sockets.push(socket);
    const closed = revokedAndClosed(socket);
    const link = (await admin.post(`/api/v1/admin/users/${user.id}/password-reset`)).json()
      .resetUrl as string;
    const resetToken = new URL(link).hash.slice('#token='.length);

    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.active).toBe(false);
    expect(await closed).toBe('io server disconnect');
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    expect((await bot.get('/api/v1/me')).statusCode).toBe(401);

    const again = await new TestClient(app).post('/api/v1/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error).toMatchObject({ code: 'account_deactivated' });

    await admin.patch(`/api/v1/admin/users/${user.id}`, { active: true });
    // A reset link made before the deactivation does not come back to life.
    const stale = await new TestClient(app).post('/api/v1/auth/password-reset/inspect', {
      token: resetToken,
    });
    expect(stale.statusCode).toBe(404);
    const back = await new TestClient(app).post('/api/v1/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
    });
    expect(back.statusCode).toBe(200);
  });

  it('never leaves the workspace without an active administrator, even when two admins demote each other at once', async () => {
    const lonely = await createTestApp(kind);
    try {
      const first = await setUpAdmin(lonely);
      expect(
        (await first.client.patch(`/api/v1/admin/users/${first.user.id}`, { role: 'user' })).statusCode,
      ).toBe(409);
      const self = await first.client.patch(`/api/v1/admin/users/${first.user.id}`, { active: false });
      expect(self.statusCode).toBe(409);

      const second = await signedInUser(lonely, { role: 'admin' });
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all([
          first.client.patch(`/api/v1/admin/users/${second.user.id}`, { role: 'user' }),
          second.client.patch(`/api/v1/admin/users/${first.user.id}`, { role: 'user' }),
        ]);
        const codes = answers.map((a) => a.statusCode).sort();
        // Exactly one wins; the loser is either refused (409) or no longer an admin (403).
        expect(codes.filter((c) => c === 200)).toHaveLength(1);
        const admins = (
          (await lonely.services.users.listForAdmin()) as { role: string; active: boolean }[]
        ).filter((u) => u.role === 'admin' && u.active);
        expect(admins).toHaveLength(1);
        // Restore both as admins for the next round (through the survivor).
        const survivor = answers[0].statusCode === 200 ? first : second;
        const other = survivor === first ? second : first;
        expect(
          (await survivor.client.patch(`/api/v1/admin/users/${other.user.id}`, { role: 'admin' })).statusCode,
        ).toBe(200);
      }
    } finally {
      await lonely.close();
    }
  });

  it('answers 404 for an unknown account and 400 for bad changes', async () => {
    expect(
      (await admin.patch('/api/v1/admin/users/00000000-0000-4000-8000-000000000000', { role: 'user' }))
        .statusCode,
    ).toBe(404);
    expect((await admin.patch(`/api/v1/admin/users/${adminId}`, {})).statusCode).toBe(400);
    expect((await admin.patch(`/api/v1/admin/users/${adminId}`, { role: 'owner' })).statusCode).toBe(400);
    expect((await admin.patch(`/api/v1/admin/users/${adminId}`, { active: 'no' })).statusCode).toBe(400);
  });

  it('makes a one-time reset link that sets a new password, signs in and ends other sessions', async () => {
    const { client, user } = await signedInUser(app);
    const made = await admin.post(`/api/v1/admin/users/${user.id}/password-reset`);
    expect(made.statusCode).toBe(201);
    const { resetUrl, expiresAt } = made.json();
    expect(resetUrl).toMatch(/^http:\/\/localhost:3000\/reset-password#token=[\w-]{43}$/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const token = new URL(resetUrl).hash.slice('#token='.length);

    const visitor = new TestClient(app);
    const info = await visitor.post('/api/v1/auth/password-reset/inspect', { token });
    expect(info.json()).toMatchObject({ username: user.username, displayName: user.displayName });

    const [a, b] = await Promise.all([
      visitor.post('/api/v1/auth/password-reset', { token, newPassword: NEW_PASSWORD }),
      new TestClient(app).post('/api/v1/auth/password-reset', { token, newPassword: 'another new password' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 404]);
    const winner = a.statusCode === 200 ? visitor : null;
    if (winner) expect((await winner.get('/api/v1/me')).json().user.id).toBe(user.id);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);

    const used = await new TestClient(app).post('/api/v1/auth/password-reset/inspect', { token });
    expect(used.statusCode).toBe(404);
    expect(used.json().error.message).toBe('This reset link is invalid, used or expired');

    // A newer link replaces an older unused one.
    const older = new URL(
      (await admin.post(`/api/v1/admin/users/${user.id}/password-reset`)).json().resetUrl,
    ).hash.slice(7);
    const newer = new URL(
      (await admin.post(`/api/v1/admin/users/${user.id}/password-reset`)).json().resetUrl,
    ).hash.slice(7);
    expect(
      (await new TestClient(app).post('/api/v1/auth/password-reset/inspect', { token: older })).statusCode,
    ).toBe(404);
    expect(
      (await new TestClient(app).post('/api/v1/auth/password-reset/inspect', { token: newer })).statusCode,
    ).toBe(200);
    const foreign = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { token: newer, newPassword: NEW_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe.each(DATABASE_KINDS)('password change and sign out everywhere (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp(kind);
    url = await listening(app);
  });
  afterAll(async () => app.close());

  it('keeps API tokens by default and revokes them (and their sockets) with revokeTokens', async () => {
    const { client } = await signedInUser(app);
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'keeps' })).json();
    await client.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.get('/api/v1/me')).statusCode).toBe(200);

    const socket = await connectSocket(url, { token: secret });
    const closed = revokedAndClosed(socket);
    const res = await client.post('/api/v1/me/password', {
      currentPassword: NEW_PASSWORD,
      newPassword: 'yet another password',
      revokeTokens: true,
    });
    expect(res.statusCode).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await bot.get('/api/v1/me')).statusCode).toBe(401);
    expect((await client.get('/api/v1/me/tokens')).json().tokens).toEqual([]);
    socket.close();
  });

  it('signs out every other session and revokes every token, keeping this session', async () => {
    const { client, user } = await signedInUser(app);
    const other = new TestClient(app);
    await other.post('/api/v1/auth/login', { username: user.username, password: TEST_PASSWORD });
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'gone' })).json();
    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.post('/api/v1/me/sign-out-everywhere')).statusCode).toBe(403);

    expect((await client.post('/api/v1/me/sign-out-everywhere')).statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    expect((await bot.get('/api/v1/me')).statusCode).toBe(401);
  });
});
