import { randomBytes } from 'node:crypto';
import { PushSubscriptionListSchema, PushSubscriptionSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser } from '../../test/factories.js';
import { browserSubscription, testResolver } from '../../test/push-service.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('push subscriptions (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind, {}, { push: { resolve: testResolver } });
  });
  afterAll(async () => app.close());

  it('gives signed-in people the server key, the same after a restart of the key store', async () => {
    const { client } = await signedInUser(app);
    const res = await client.get('/api/v1/push/public-key');
    expect(res.statusCode).toBe(200);
    const { key } = res.json<{ key: string }>();
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    expect(Buffer.from(key, 'base64url')[0]).toBe(4);
    await app.services.push.keys.load();
    expect(app.services.push.keys.current()?.publicKey).toBe(key);
    expect((await new TestClient(app).get('/api/v1/push/public-key')).statusCode).toBe(401);
  });

  it('saves, lists and removes my devices without ever showing the endpoint or keys', async () => {
    const { client } = await signedInUser(app);
    const sub = browserSubscription(
      `https://fcm.googleapis.com/fcm/send/${randomBytes(8).toString('hex')}`,
      'Chrome on Linux',
    );
    const created = await client.post('/api/v1/me/push-subscriptions', sub);
    expect(created.statusCode).toBe(201);
    const device = PushSubscriptionSchema.parse(created.json());
    expect(device).toMatchObject({
      device: 'Chrome on Linux',
      service: 'fcm.googleapis.com',
      lastUsedAt: null,
    });

    const list = PushSubscriptionListSchema.parse((await client.get('/api/v1/me/push-subscriptions')).json());
    expect(list.subscriptions.map((s) => s.id)).toEqual([device.id]);
    const raw = (await client.get('/api/v1/me/push-subscriptions')).body;
    expect(raw).not.toContain(sub.endpoint);
    expect(raw).not.toContain(sub.keys.auth);

    expect((await client.delete(`/api/v1/me/push-subscriptions/${device.id}`)).statusCode).toBe(204);
    expect((await client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toEqual([]);
    expect((await client.delete(`/api/v1/me/push-subscriptions/${device.id}`)).statusCode).toBe(404);
  });

  it('replaces the row of an endpoint subscribed again, moving it to whoever is signed in now', async () => {
    const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    const endpoint = `https://push.example.com/wpush/v2/${randomBytes(8).toString('hex')}`;
    const first = (
      await alice.client.post('/api/v1/me/push-subscriptions', browserSubscription(endpoint))
    ).json();
    const again = await alice.client.post(
      '/api/v1/me/push-subscriptions',
      browserSubscription(endpoint, 'Renamed'),
    );
    expect(again.statusCode).toBe(201);
    const list = (await alice.client.get('/api/v1/me/push-subscriptions')).json().subscriptions;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ device: 'Renamed' });
    expect(list[0].id).not.toBe(first.id);

    // The same browser, now signed in as Bob: the device is Bob's, no longer Alice's.
    const moved = await bob.client.post('/api/v1/me/push-subscriptions', browserSubscription(endpoint));
    expect(moved.statusCode).toBe(201);
    expect((await alice.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toEqual([]);
    expect((await bob.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toHaveLength(1);
  });

  it("answers 404 for someone else's device and leaves it in place", async () => {
    const [alice, mallory] = await signedInPeople(app, 'alice', 'mallory');
    const sub = browserSubscription(`https://push.example.com/x/${randomBytes(8).toString('hex')}`);
    const { id } = (await alice.client.post('/api/v1/me/push-subscriptions', sub)).json<{ id: string }>();
    const res = await mallory.client.delete(`/api/v1/me/push-subscriptions/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await alice.client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toHaveLength(1);
  });

  it('refuses endpoints that are not https: or point inside, with push_endpoint_refused', async () => {
    const { client } = await signedInUser(app);
    for (const host of [
      'inside.example.com',
      'loopback.example.com',
      'mapped.example.com',
      'dual.example.com',
      'linklocal.example.com',
      'nowhere.example.com',
      '127.0.0.1',
      '[::1]',
      '[::ffff:10.0.0.1]',
      '192.168.1.20:8443',
    ]) {
      const res = await client.post(
        '/api/v1/me/push-subscriptions',
        browserSubscription(`https://${host}/push/1`),
      );
      expect(res.statusCode, host).toBe(400);
      expect(res.json().error.code, host).toBe('push_endpoint_refused');
    }
    expect((await client.get('/api/v1/me/push-subscriptions')).json().subscriptions).toEqual([]);
  });

  it('answers 400 for malformed subscriptions', async () => {
    const { client } = await signedInUser(app);
    const good = browserSubscription('https://push.example.com/a');
    for (const body of [
      {},
      { ...good, endpoint: 'http://push.example.com/a' },
      { ...good, endpoint: 'not a url' },
      { ...good, endpoint: `https://push.example.com/${'a'.repeat(2100)}` },
      { ...good, keys: { ...good.keys, p256dh: 'short' } },
      { ...good, keys: { ...good.keys, auth: randomBytes(12).toString('base64url') } },
      { ...good, keys: { p256dh: good.keys.p256dh } },
      { ...good, device: 'x'.repeat(65) },
      { ...good, extra: true },
    ]) {
      const res = await client.post('/api/v1/me/push-subscriptions', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(['validation_failed', 'push_endpoint_refused']).toContain(res.json().error.code);
    }
    expect((await client.delete('/api/v1/me/push-subscriptions/not-an-id')).statusCode).toBe(400);
  });

  it('accepts private endpoints when PUSH_ALLOW_PRIVATE_ENDPOINTS=true', async () => {
    const open = await createTestApp(
      kind,
      { PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' },
      { push: { resolve: testResolver } },
    );
    try {
      const { client } = await signedInUser(open);
      const res = await client.post(
        '/api/v1/me/push-subscriptions',
        browserSubscription('https://10.0.0.7/push/1'),
      );
      expect(res.statusCode).toBe(201);
      const http = await client.post(
        '/api/v1/me/push-subscriptions',
        browserSubscription('http://10.0.0.7/push/2'),
      );
      expect(http.statusCode).toBe(400);
    } finally {
      await open.close();
    }
  });
});
