import type { DeviceSession } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/ids.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { TEST_PASSWORD, uniqueUsername } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, revokedAndClosed } from '../../test/sockets.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;

/** Signed-in devices on the profile (issue 18, item 5): the list, last use, signing one out. */
describe.each(DATABASE_KINDS)('device sessions (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // Behind a proxy, so each test browser can come from an address of its own (X-Forwarded-For).
    app = await createTestApp(kind, { TRUST_PROXY: 'true' }, { clock });
    url = await listening(app);
  });
  afterAll(async () => app.close());

  /** One person signed in on several browsers, each with its own user agent and address. */
  async function personOn(...devices: { userAgent: string; ip: string }[]) {
    const username = uniqueUsername('ada');
    await app.services.auth.createUser({
      username,
      displayName: 'Ada',
      password: TEST_PASSWORD,
      role: 'user',
    });
    const clients: TestClient[] = [];
    for (const device of devices) {
      const client = new TestClient(app);
      const headers = { 'user-agent': device.userAgent, 'x-forwarded-for': device.ip };
      const res = await client.post('/api/v1/auth/login', { username, password: TEST_PASSWORD }, headers);
      expect(res.statusCode).toBe(200);
      clients.push(client);
      clock.advance(1000);
    }
    return clients;
  }
  const list = async (client: TestClient, headers?: Record<string, string>) => {
    const res = await client.get('/api/v1/me/sessions', headers);
    expect(res.statusCode).toBe(200);
    await app.services.devices.settled();
    return res.json<{ sessions: DeviceSession[] }>().sessions;
  };

  it('lists my live sessions newest first, marking this one, without their secret ids', async () => {
    const [laptop, phone] = await personOn(
      { userAgent: 'Laptop Firefox', ip: '203.0.113.1' },
      { userAgent: 'Phone Safari', ip: '203.0.113.2' },
    );
    const sessions = await list(laptop!);
    expect(sessions).toEqual([
      {
        id: expect.stringMatching(/^[\w-]{22}$/),
        current: false,
        createdAt: new Date(clock.now().getTime() - 1000).toISOString(),
        lastSeenAt: new Date(clock.now().getTime() - 1000).toISOString(),
        userAgent: 'Phone Safari',
        ip: '203.0.113.2',
        signedInWith: 'password',
      },
      {
        id: expect.stringMatching(/^[\w-]{22}$/),
        current: true,
        createdAt: new Date(clock.now().getTime() - 2000).toISOString(),
        lastSeenAt: new Date(clock.now().getTime() - 2000).toISOString(),
        userAgent: 'Laptop Firefox',
        ip: '203.0.113.1',
        signedInWith: 'password',
      },
    ]);
    const secretIds = [laptop!, phone!].map((c) => sha256(c.sessionCookieValue));
    for (const s of sessions) expect(secretIds).not.toContain(s.id);
    expect((await list(phone!)).map((s) => s.current)).toEqual([true, false]);
  });

  it('records the last use and its address at most once a minute', async () => {
    const [laptop, phone] = await personOn(
      { userAgent: 'Laptop', ip: '203.0.113.10' },
      { userAgent: 'Phone', ip: '203.0.113.11' },
    );
    const signedInAt = new Date(clock.now().getTime() - 2000).toISOString();
    const laptopRow = async () => (await list(phone!)).find((s) => s.userAgent === 'Laptop')!;

    clock.advance(30_000);
    await laptop!.get('/api/v1/me', { 'x-forwarded-for': '198.51.100.1' });
    await app.services.devices.settled();
    expect(await laptopRow()).toMatchObject({ lastSeenAt: signedInAt, ip: '203.0.113.10' });

    clock.advance(MINUTE);
    await laptop!.get('/api/v1/me', { 'x-forwarded-for': '198.51.100.2' });
    await app.services.devices.settled();
    const seenAt = clock.now().toISOString();
    expect(await laptopRow()).toMatchObject({ lastSeenAt: seenAt, ip: '198.51.100.2' });

    clock.advance(20_000);
    await laptop!.get('/api/v1/me', { 'x-forwarded-for': '198.51.100.3' });
    await app.services.devices.settled();
    expect(await laptopRow()).toMatchObject({ lastSeenAt: seenAt, ip: '198.51.100.2' });
  });

  it('signs another device out at once: its requests and its socket end', async () => {
    const [laptop, phone] = await personOn(
      { userAgent: 'Laptop', ip: '203.0.113.20' },
      { userAgent: 'Phone', ip: '203.0.113.21' },
    );
    const socket = await connectSocket(url, { cookie: phone!.sessionCookieHeader });
    const closed = revokedAndClosed(socket);
    const phoneId = (await list(laptop!)).find((s) => s.userAgent === 'Phone')!.id;

    const res = await laptop!.delete(`/api/v1/me/sessions/${phoneId}`);
    expect(res.statusCode).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await phone!.get('/api/v1/me')).statusCode).toBe(401);
    expect((await list(laptop!)).map((s) => s.userAgent)).toEqual(['Laptop']);
    expect((await laptop!.delete(`/api/v1/me/sessions/${phoneId}`)).statusCode).toBe(404);
    socket.close();
  });

  it('signs this device out like logout when it is the current one', async () => {
    const [laptop, phone] = await personOn(
      { userAgent: 'Laptop', ip: '203.0.113.30' },
      { userAgent: 'Phone', ip: '203.0.113.31' },
    );
    const own = (await list(laptop!)).find((s) => s.current)!;
    const res = await laptop!.delete(`/api/v1/me/sessions/${own.id}`);
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.filter((c) => c.value === '').map((c) => c.name);
    expect(cleared).toEqual(expect.arrayContaining(['parley_session', 'parley_csrf']));
    expect((await laptop!.get('/api/v1/me')).statusCode).toBe(401);
    expect((await list(phone!)).map((s) => s.userAgent)).toEqual(['Phone']);
  });

  it("answers someone else's session, an unknown one and a malformed id alike: not found or invalid", async () => {
    const [ada] = await personOn({ userAgent: 'Ada', ip: '203.0.113.40' });
    const [bob] = await personOn({ userAgent: 'Bob', ip: '203.0.113.41' });
    const bobId = (await list(bob!))[0]!.id;
    const theirs = await ada!.delete(`/api/v1/me/sessions/${bobId}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe('not_found');
    expect((await bob!.get('/api/v1/me')).statusCode).toBe(200);
    expect((await ada!.delete('/api/v1/me/sessions/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await ada!.delete('/api/v1/me/sessions/not.an.id')).json().error.code).toBe('validation_failed');
    // Nor does the session's secret id work in its place.
    expect((await ada!.delete(`/api/v1/me/sessions/${sha256(ada!.sessionCookieValue)}`)).statusCode).toBe(
      404,
    );
  });

  it('lets an API token read the list but not sign devices out', async () => {
    const [laptop] = await personOn({ userAgent: 'Laptop', ip: '203.0.113.50' });
    const { secret } = (
      await laptop!.post('/api/v1/me/tokens', { name: 'script', scopes: ['read', 'write'] })
    ).json();
    const bot = new TestClient(app);
    bot.bearer = secret;
    const sessions = await list(bot);
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([['Laptop', false]]);
    const refused = await bot.delete(`/api/v1/me/sessions/${sessions[0]!.id}`);
    expect(refused.statusCode).toBe(403);
    expect((await laptop!.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('leaves expired sessions out', async () => {
    const [old] = await personOn({ userAgent: 'Old', ip: '203.0.113.60' });
    const username = (await old!.get('/api/v1/me')).json().user.username as string;
    clock.advance(31 * 24 * 60 * MINUTE);
    const fresh = new TestClient(app);
    await fresh.post('/api/v1/auth/login', { username, password: TEST_PASSWORD }, { 'user-agent': 'New' });
    expect((await list(fresh)).map((s) => s.userAgent)).toEqual(['New']);
  });
});
