import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PublicUser, ServerToClientEvents } from '@parley/shared';
import { buildApp, type ParleyApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestDb } from '../test/databases.js';
import { fixedClock } from '../test/fakes.js';
import { signedInUser, TEST_PASSWORD, uniqueUsername } from '../test/factories.js';
import { RATE_LIMITS } from '../plugins/rate-limits.js';
import { startRedis } from '../test/redis-server.js';
import { TEST_ORIGIN, TestClient, type TestApp } from '../test/test-app.js';

/** Two Parley nodes on one PostgreSQL database, sharing socket.io rooms through Redis sharded pub/sub. */
describe('several nodes behind one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let db: Awaited<ReturnType<typeof createTestDb>>;
  const nodes: ParleyApp[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-nodes-'));
  const sockets: Socket[] = [];
  // The nodes of a cluster share a time; rate-limit windows in Redis go by it, not by Redis's clock.
  const clock = fixedClock();

  beforeAll(async () => {
    redis = await startRedis();
    db = await createTestDb('postgres');
    const config = loadConfig({
      PUBLIC_URL: TEST_ORIGIN,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      WEB_DIST: join(dataDir, 'none'),
      LOG_LEVEL: 'silent',
      PASSWORD_HASH_COST: '10',
      SECRET_KEY: 'shared-secret-key-for-both-nodes-0000',
    });
    for (let i = 0; i < 2; i++) {
      const node = await buildApp(config, { db, clock });
      await node.app.listen({ host: '127.0.0.1', port: 0 });
      nodes.push(node);
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    for (const node of nodes) await node.app.close();
    await db.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const url = (node: ParleyApp) => `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;

  it('delivers an event caused on one node to a socket connected to the other, and ends sessions everywhere', async () => {
    const [a, b] = nodes as [ParleyApp, ParleyApp];
    await a.services.auth.createUser({
      username: 'multi',
      displayName: 'Multi Node',
      password: TEST_PASSWORD,
      role: 'user',
    });
    const viaA = new TestClient(a as TestApp);
    expect(
      (await viaA.post('/api/v1/auth/login', { username: 'multi', password: TEST_PASSWORD })).statusCode,
    ).toBe(200);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url(b), {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: TEST_ORIGIN, cookie: viaA.sessionCookieHeader },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });

    const updated = new Promise<PublicUser>((resolve) => socket.on('user:updated', resolve));
    expect((await viaA.patch('/api/v1/me', { displayName: 'Seen On Node B' })).statusCode).toBe(200);
    expect(await updated).toMatchObject({ username: 'multi', displayName: 'Seen On Node B' });

    const revoked = new Promise<void>((resolve) => socket.on('session:revoked', () => resolve()));
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    expect((await viaA.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await revoked;
    expect(await disconnected).toBe('io server disconnect');
  });

  it('shares rate-limit counts between nodes through Redis', async () => {
    const [a, b] = nodes as [ParleyApp, ParleyApp];
    const { max } = RATE_LIMITS.setup;
    const attempt = (node: ParleyApp, i: number) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        headers: { origin: TEST_ORIGIN },
        remoteAddress: '192.0.2.77',
        payload: { username: `late${i}`, displayName: 'Late', password: 'a long enough password' },
      });
    // Half the allowance on each node; the next attempt on either is refused.
    for (let i = 0; i < max; i++) expect((await attempt(i % 2 === 0 ? a : b, i)).statusCode).not.toBe(429);
    expect((await attempt(a, max)).statusCode).toBe(429);
    expect((await attempt(b, max + 1)).statusCode).toBe(429);
    // Each route counts on its own: the same address may still register.
    const register = await b.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { origin: TEST_ORIGIN },
      remoteAddress: '192.0.2.77',
      payload: { username: 'late-register', displayName: 'Late', password: 'a long enough password' },
    });
    expect(register.statusCode).not.toBe(429);
    // The window ends by the nodes' clock.
    clock.advance(RATE_LIMITS.setup.timeWindow - 1_000);
    expect((await attempt(b, max + 2)).statusCode).toBe(429);
    clock.advance(1_000);
    expect((await attempt(a, max + 3)).statusCode).not.toBe(429);
  });

  it('counts per-person limits across nodes: sends on node A and node B add up', async () => {
    const [a, b] = nodes as [ParleyApp, ParleyApp];
    await a.services.settings.update({ limits: { messagesPerMinute: 3 } });
    try {
      const person = await signedInUser(a as TestApp);
      const viaB = new TestClient(b as TestApp);
      viaB.cookies = { ...person.client.cookies };
      const room = (
        await person.client.post('/api/v1/rooms', { type: 'channel', name: uniqueUsername('limits') })
      ).json<{ room: { id: string } }>().room;
      const send = (client: TestClient, n: number) =>
        client.post(`/api/v1/rooms/${room.id}/messages`, { text: `m${n}`, clientMsgId: `m${n}` });
      expect((await send(person.client, 1)).statusCode).toBe(201);
      expect((await send(viaB, 2)).statusCode).toBe(201);
      expect((await send(person.client, 3)).statusCode).toBe(201);
      const refused = await send(viaB, 4);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('rate_limited');
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await a.services.settings.update({ limits: { messagesPerMinute: 60 } });
    }
  });

  it('forgets cached sign-ins on every node: a logout or deactivation on node A is refused on node B at once', async () => {
    const [a, b] = nodes as [TestApp, TestApp];
    const onB = (client: TestClient) =>
      b.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        cookies: client.cookies,
        headers: { origin: TEST_ORIGIN },
      });

    // Node B resolves (and caches) the session; A answers the logout only once B has forgotten it.
    const leaving = await signedInUser(a);
    expect((await onB(leaving.client)).statusCode).toBe(200);
    expect((await leaving.client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await onB(leaving.client)).statusCode).toBe(401);

    // The same for an administrator's deactivation made on node A.
    const admin = await signedInUser(a, { role: 'admin' });
    const deactivated = await signedInUser(a);
    expect((await onB(deactivated.client)).statusCode).toBe(200);
    const res = await admin.client.patch(`/api/v1/admin/users/${deactivated.user.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect((await onB(deactivated.client)).statusCode).toBe(401);
  });
});
