import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, sentMessage, setUpAdmin, signedInPeople, signedInUser } from '../../test/factories.js';
import {
  browserSubscription,
  startPushService,
  testResolver,
  type PushServiceFixture,
} from '../../test/push-service.js';
import { createTestApp, createTestAppOn, TestClient, type TestApp } from '../../test/test-app.js';

const ROUTES = [
  ['GET', '/api/v1/push/public-key'],
  ['GET', '/api/v1/me/push-subscriptions'],
  ['POST', '/api/v1/me/push-subscriptions'],
  ['DELETE', '/api/v1/me/push-subscriptions/01a24ed4-aa7b-7497-b3bc-1da6b62b0257'],
] as const;

describe.each(DATABASE_KINDS)('push authorization (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, {}, { push: { resolve: testResolver } });
  });
  afterAll(async () => app.close());

  it('answers 401 to anyone not signed in, on every route', async () => {
    const stranger = new TestClient(app);
    for (const [method, url] of ROUTES) {
      const res = await stranger.request(
        method,
        url,
        method === 'POST' ? browserSubscription('https://push.example.com/a') : undefined,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('authentication_required');
    }
  });

  it('keeps each person to their own devices: lists never show, and deletes never reach, another person’s', async () => {
    const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    const mine = (
      await alice.client.post(
        '/api/v1/me/push-subscriptions',
        browserSubscription('https://push.example.com/alice'),
      )
    ).json();
    expect((await bob.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toEqual([]);
    const res = await bob.client.delete(`/api/v1/me/push-subscriptions/${mine.id}`);
    expect(res.statusCode).toBe(404);
    expect((await alice.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toHaveLength(1);
  });

  it('lets a read-only API token list devices but not add one', async () => {
    const { client } = await signedInUser(app);
    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'ro', scopes: ['read'] })).json();
    const bot = new TestClient(app);
    bot.bearer = secret;
    expect((await bot.get('/api/v1/me/push-subscriptions')).statusCode).toBe(200);
    const res = await bot.post(
      '/api/v1/me/push-subscriptions',
      browserSubscription('https://push.example.com/bot'),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('insufficient_scope');
  });

  it('limits how often one person adds or removes devices (429 with Retry-After)', async () => {
    const { client } = await signedInUser(app);
    for (let i = 0; i < 30; i++) {
      const res = await client.post(
        '/api/v1/me/push-subscriptions',
        browserSubscription(`https://push.example.com/r${i}`),
      );
      expect(res.statusCode).toBe(201);
    }
    const over = await client.post(
      '/api/v1/me/push-subscriptions',
      browserSubscription('https://push.example.com/r30'),
    );
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    // At most 20 devices are kept (the oldest go).
    expect((await client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toHaveLength(20);
  });
});

describe.each(DATABASE_KINDS)('push keys (%s)', (kind) => {
  const KEY_A = 'key-a-that-is-certainly-long-enough-0001';
  const KEY_B = 'key-b-that-is-certainly-long-enough-0002';

  it('are made once and shared by every node; sealed at rest; unreadable under another SECRET_KEY', async () => {
    const db = await createTestDb(kind);
    try {
      const [first, second] = await Promise.all([
        createTestAppOn(db, { SECRET_KEY: KEY_A }),
        createTestAppOn(db, { SECRET_KEY: KEY_A }),
      ]);
      const keyOf = async (node: TestApp) =>
        (await (await signedInUser(node)).client.get('/api/v1/push/public-key')).json<{ key: string }>().key;
      const key = await keyOf(first);
      expect(await keyOf(second)).toBe(key);
      const rows = await db.kysely.selectFrom('push_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      const privateKey = first.services.push.keys.current()!.privateKey;
      expect(rows[0]!.private_key).toMatch(/^v2:/);
      expect(rows[0]!.private_key).not.toContain(privateKey);
      await Promise.all([first.close(), second.close()]);

      const other = await createTestAppOn(db, { SECRET_KEY: KEY_B });
      try {
        const res = await (await signedInUser(other)).client.get('/api/v1/push/public-key');
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('push_unavailable');
        // Nothing was replaced: the right key still opens it.
        expect((await db.kysely.selectFrom('push_keys').selectAll().execute())[0]!.public_key).toBe(key);
      } finally {
        await other.close();
      }
    } finally {
      await db.close();
    }
  });
});

describe('push secrets in the logs', () => {
  let pushService: PushServiceFixture;
  let app: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    pushService = await startPushService();
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await createTestApp(
      'sqlite',
      { PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' },
      { logStream: stream, push: { extraCa: pushService.ca } },
    );
  });
  afterAll(async () => {
    await app.close();
    await pushService.close();
  });

  it('logs a failed delivery with the push service host only, never the endpoint or keys', async () => {
    await setUpAdmin(app);
    const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    const sub = pushService.subscribe();
    await bob.client.post('/api/v1/me/push-subscriptions', { endpoint: sub.endpoint, keys: sub.keys });
    pushService.answer(sub.id, 500);
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    await sentMessage(alice, room.id, { text: 'hi' });
    await app.services.push.notifier.settled();
    const failure = lines.find((l) => l.includes('push delivery failed'));
    expect(failure).toBeDefined();
    expect(failure).toContain(new URL(pushService.origin).host);
    const all = lines.join('\n');
    expect(all).not.toContain(sub.id);
    expect(all).not.toContain(sub.keys.auth);
    expect(all).not.toContain(app.services.push.keys.current()!.privateKey);
    // Still subscribed: only 404/410 remove a device.
    expect((await bob.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toHaveLength(1);
  });

  it('does not follow a redirect from a push service', async () => {
    const [carol, dave] = await signedInPeople(app, 'carol', 'dave');
    const [moved, target] = [pushService.subscribe(), pushService.subscribe()];
    await dave.client.post('/api/v1/me/push-subscriptions', { endpoint: moved.endpoint, keys: moved.keys });
    pushService.redirect(moved.id, target.endpoint);
    const room = await createRoom(carol.client, { type: 'direct', memberIds: [dave.user.id] });
    await sentMessage(carol, room.id, { text: 'hi' });
    await app.services.push.notifier.settled();
    // Followed, the target would have been posted to (and failed to decrypt what was not its own).
    expect(pushService.received.filter((p) => [moved.id, target.id].includes(p.subscriptionId))).toEqual([]);
    expect(pushService.failures).toEqual([]);
    expect(lines.some((l) => l.includes('push delivery failed') && l.includes('307'))).toBe(true);
  });
});
