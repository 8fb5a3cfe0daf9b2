import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';
import { offlineRealtime } from '../../realtime/realtime.port.js';
import { TokensEvents } from './tokens.events.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

describe.each(DATABASE_KINDS)('personal API tokens (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());

  it('creates a token whose secret authenticates as its owner without cookies or CSRF', async () => {
    const { client, user } = await signedInUser(app);
    const created = await client.post('/api/v1/me/tokens', { name: 'CI bot', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json<{ token: { id: string; expiresAt: string }; secret: string }>();
    expect(secret).toMatch(/^prl_[\w-]{43}$/);
    expect(new Date(token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.get('/api/v1/me')).json().user.id).toBe(user.id);
    const write = await bot.patch('/api/v1/me', { displayName: 'Renamed by bot' });
    expect(write.statusCode).toBe(200);

    const list = (await client.get('/api/v1/me/tokens')).json().tokens as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: token.id, name: 'CI bot' });
    expect(list[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('limits a token to its scopes: read cannot write, and only admin-scoped tokens administer', async () => {
    const { client, user } = await signedInUser(app);
    const readOnly = (await client.post('/api/v1/me/tokens', { name: 'dashboard', scopes: ['read'] })).json();
    expect(readOnly.token.scopes).toEqual(['read']);
    const bot = new TestClient(app);
    bot.bearer = readOnly.secret;
    expect((await bot.get('/api/v1/me')).json().user.id).toBe(user.id);
    const write = await bot.patch('/api/v1/me', { displayName: 'Nope' });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('insufficient_scope');
    expect(write.json().error.message).toContain('"write"');

    // Members cannot ask for the admin scope.
    const denied = await client.post('/api/v1/me/tokens', { name: 'sneaky', scopes: ['read', 'admin'] });
    expect(denied.statusCode).toBe(403);
    for (const scopes of [[], ['root'], ['read', 'read']]) {
      expect((await client.post('/api/v1/me/tokens', { name: 'bad', scopes })).statusCode).toBe(400);
    }
  });

  it('keeps a leaked everyday admin token from creating admins or opening registration', async () => {
    const fresh = await createTestApp(kind);
    try {
      const { client: admin } = await setUpAdmin(fresh);
      const everyday = (await admin.post('/api/v1/me/tokens', { name: 'everyday' })).json();
      expect(everyday.token.scopes).toEqual(['read', 'write']);
      const bot = new TestClient(fresh);
      bot.bearer = everyday.secret;
      const create = await bot.post('/api/v1/admin/users', {
        username: 'intruder',
        displayName: 'Intruder',
        password: 'a long enough password',
        role: 'admin',
      });
      expect(create.statusCode).toBe(403);
      expect(create.json().error.code).toBe('insufficient_scope');
      const open = await bot.patch('/api/v1/admin/settings', { workspace: { registrationOpen: true } });
      expect(open.statusCode).toBe(403);
      expect((await bot.get('/api/v1/admin/users')).statusCode).toBe(403);

      const adminToken = (
        await admin.post('/api/v1/me/tokens', { name: 'provisioning', scopes: ['read', 'write', 'admin'] })
      ).json();
      bot.bearer = adminToken.secret;
      expect((await bot.get('/api/v1/admin/users')).statusCode).toBe(200);
      expect((await bot.patch('/api/v1/admin/settings', { workspace: { name: 'Ops' } })).statusCode).toBe(
        200,
      );
      const listed = (await admin.get('/api/v1/me/tokens')).json().tokens as {
        name: string;
        scopes: string[];
      }[];
      expect(listed.find((t) => t.name === 'provisioning')?.scopes).toEqual(['read', 'write', 'admin']);
    } finally {
      await fresh.close();
    }
  });

  it('stops accepting a revoked token, and only its owner can revoke it', async () => {
    const { client } = await signedInUser(app);
    const { client: other } = await signedInUser(app);
    const { token, secret } = (await client.post('/api/v1/me/tokens', { name: 'temp' })).json();

    const foreign = await other.delete(`/api/v1/me/tokens/${token.id}`);
    expect(foreign.statusCode).toBe(404);

    expect((await client.delete(`/api/v1/me/tokens/${token.id}`)).statusCode).toBe(204);
    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('rejects unknown, malformed and expired tokens', async () => {
    const bot = new TestClient(app);
    for (const secret of ['prl_doesnotexist', 'garbage', '']) {
      bot.bearer = secret;
      expect((await bot.get('/api/v1/me')).statusCode).toBe(401);
    }
    const { user } = await signedInUser(app);
    const { secret } = await app.services.tokens.create(
      user.id,
      { name: 'old', expiresInDays: 1, scopes: ['read', 'write'] },
      { isAdmin: false },
    );
    // The same database seen two days later: the token has expired.
    const twoDaysLater = new TokensService({
      repo: new TokensRepository(app.db.kysely),
      events: new TokensEvents({ realtime: offlineRealtime }),
      clock: { now: () => new Date(Date.now() + 2 * 86_400_000) },
    });
    expect(await twoDaysLater.authenticate(secret)).toBeNull();
    expect(await app.services.tokens.authenticate(secret)).toMatchObject({ userId: user.id });
  });

  it('creates tokens only from a signed-in session, so a leaked token cannot mint a permanent one', async () => {
    const { client } = await signedInUser(app);
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'short', expiresInDays: 1 })).json();
    const bot = new TestClient(app);
    bot.bearer = secret;
    const minted = await bot.post('/api/v1/me/tokens', { name: 'forever' });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().error.code).toBe('forbidden');
    expect((await client.get('/api/v1/me/tokens')).json().tokens).toHaveLength(1);
  });

  it('validates token requests', async () => {
    const { client } = await signedInUser(app);
    expect((await client.post('/api/v1/me/tokens', { name: '' })).statusCode).toBe(400);
    expect((await client.post('/api/v1/me/tokens', { name: 'x', expiresInDays: 0 })).statusCode).toBe(400);
    expect((await client.post('/api/v1/me/tokens', { name: 'x', scope: 'admin' })).statusCode).toBe(400);
    expect((await client.delete('/api/v1/me/tokens/not-a-uuid')).statusCode).toBe(400);
  });
});
