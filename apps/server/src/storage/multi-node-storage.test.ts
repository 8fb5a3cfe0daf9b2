import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../test/databases.js';
import { TEST_PASSWORD } from '../test/factories.js';
import { HttpSession, startServerProcess, type ServerProcess } from '../test/processes.js';
import { startRedis } from '../test/redis-server.js';
import { createTestBucket, s3Env } from '../test/s3.js';

const ORIGIN = 'http://parley.test';

/** PUT /me/avatar as multipart through a signed-in session (HttpSession itself sends JSON only). */
async function uploadAvatar(base: string, session: HttpSession, png: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('avatar', new Blob([png], { type: 'image/png' }), 'me.png');
  return fetch(`${base}/api/v1/me/avatar`, {
    method: 'PUT',
    headers: {
      origin: ORIGIN,
      cookie: session.cookieHeader,
      [CSRF_HEADER]: session.cookies[CSRF_COOKIE]!,
    },
    body: form,
  });
}

/** Issue 20's "done when": two Parley processes on PostgreSQL, Redis and S3 serve the same avatars. */
describe('two server processes on one PostgreSQL, one Redis and one S3 bucket', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;

  beforeAll(async () => {
    redis = await startRedis();
    db = await createTestDb('postgres');
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      PUBLIC_URL: ORIGIN,
      SECRET_KEY: 'one-secret-key-shared-by-both-nodes-00',
      ...s3Env(await createTestBucket()),
    };
    // One after the other: both would otherwise race to run the migrations.
    nodeA = await startServerProcess(env);
    nodeB = await startServerProcess(env);
  }, 120_000);

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await db?.close();
    await redis?.stop();
  });

  it('serves an avatar uploaded through node A from node B, and forgets it on both when removed', async () => {
    const admin = new HttpSession(nodeA.url, ORIGIN);
    const setup = await admin.request('POST', '/api/v1/setup', {
      username: 'root',
      displayName: 'Root',
      password: TEST_PASSWORD,
    });
    expect(setup.status).toBe(201);

    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#7a3' } })
      .png()
      .toBuffer();
    const uploaded = await uploadAvatar(nodeA.url, admin, png);
    expect(uploaded.status).toBe(200);
    const url = ((await uploaded.json()) as { user: { avatarUrl: string } }).user.avatarUrl;
    expect(url).toMatch(/^\/avatars\//);

    const fromA = await fetch(`${nodeA.url}${url}`);
    const fromB = await fetch(`${nodeB.url}${url}`);
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await fromB.arrayBuffer());
    expect(bytes).toEqual(Buffer.from(await fromA.arrayBuffer()));
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });

    // The same person on node B removes it: neither node serves it any more.
    const onB = admin.on(nodeB.url);
    expect((await onB.request('DELETE', '/api/v1/me/avatar')).status).toBe(200);
    expect((await fetch(`${nodeA.url}${url}`)).status).toBe(404);
    expect((await fetch(`${nodeB.url}${url}`)).status).toBe(404);
  });
});
