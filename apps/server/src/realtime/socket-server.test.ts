import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PublicUser, ServerToClientEvents } from '@parley/shared';
import { DATABASE_KINDS } from '../test/databases.js';
import { signedInUser } from '../test/factories.js';
import { createTestApp, TEST_ORIGIN, type TestApp, type TestClient } from '../test/test-app.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(DATABASE_KINDS)('real-time connections (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind);
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  const open = (options: { cookie?: string; token?: string; origin?: string } = {}): ClientSocket => {
    const socket: ClientSocket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: {
        origin: options.origin ?? TEST_ORIGIN,
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      ...(options.token ? { auth: { token: options.token } } : {}),
    });
    sockets.push(socket);
    return socket;
  };

  const outcome = (socket: ClientSocket) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
    });

  const whoami = (socket: ClientSocket) => new Promise((resolve) => socket.emit('whoami', resolve));

  it('refuses sockets without a session', async () => {
    expect(await outcome(open())).toBe('refused: authentication_required');
    expect(await outcome(open({ cookie: 'parley_session=forged' }))).toBe('refused: authentication_required');
  });

  it('refuses handshakes from foreign origins even with a valid session', async () => {
    const { client } = await signedInUser(app);
    expect(
      await outcome(open({ cookie: client.sessionCookieHeader, origin: 'https://evil.example' })),
    ).toMatch(/^refused/);
  });

  it('knows who is connected from the session cookie or an API token, never from the payload', async () => {
    const { client, user } = await signedInUser(app);
    const socket = open({ cookie: client.sessionCookieHeader });
    expect(await outcome(socket)).toBe('connected');
    expect(await whoami(socket)).toEqual({ ok: true, data: { userId: user.id, username: user.username } });

    const { secret } = (await client.post('/api/v1/me/tokens', { name: 'socket bot' })).json();
    const bot = open({ token: secret });
    expect(await outcome(bot)).toBe('connected');
    expect(await whoami(bot)).toMatchObject({ data: { userId: user.id } });

    // A socket only delivers what its owner may read: a token without the read scope gets none.
    const writeOnly = (await client.post('/api/v1/me/tokens', { name: 'writer', scopes: ['write'] })).json();
    expect(await outcome(open({ token: writeOnly.secret }))).toBe('refused: forbidden');
  });

  it('answers a malformed event payload with a clear error and stays connected', async () => {
    const { client } = await signedInUser(app);
    const socket = open({ cookie: client.sessionCookieHeader });
    await outcome(socket);
    const answer = await new Promise((resolve) =>
      (socket as unknown as { emit(e: string, p: unknown, a: (r: unknown) => void): void }).emit(
        'whoami',
        { userId: 'someone-else' },
        resolve,
      ),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(socket.connected).toBe(true);
    expect(await whoami(socket)).toMatchObject({ ok: true });
  });

  it('pushes profile changes to everyone connected', async () => {
    const { client: watcher } = await signedInUser(app);
    const { client: changer, user } = await signedInUser(app);
    const socket = open({ cookie: watcher.sessionCookieHeader });
    await outcome(socket);
    const received = new Promise<PublicUser>((resolve) => socket.on('user:updated', resolve));
    await changer.patch('/api/v1/me', { displayName: 'Brand New Name' });
    expect(await received).toMatchObject({ id: user.id, displayName: 'Brand New Name' });
  });

  it('tells and disconnects the sockets of a session that logs out, and only those', async () => {
    const { client, user } = await signedInUser(app);
    const other: TestClient = (await signedInUser(app)).client;
    const mine = open({ cookie: client.sessionCookieHeader });
    const theirs = open({ cookie: other.sessionCookieHeader });
    await Promise.all([outcome(mine), outcome(theirs)]);

    const revoked = new Promise<string>((resolve) => mine.on('session:revoked', () => resolve('revoked')));
    const disconnected = new Promise<string>((resolve) => mine.on('disconnect', (reason) => resolve(reason)));
    let theirsRevoked = false;
    theirs.on('session:revoked', () => (theirsRevoked = true));

    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect(await revoked).toBe('revoked');
    expect(await disconnected).toBe('io server disconnect');
    expect(await whoami(theirs)).toMatchObject({ ok: true });
    expect(theirsRevoked).toBe(false);
    expect(user.id).toBeTruthy();
  });

  it('disconnects the sockets of a revoked API token, and not the owner’s browser', async () => {
    const { client } = await signedInUser(app);
    const { token, secret } = (await client.post('/api/v1/me/tokens', { name: 'revoked bot' })).json();
    const bot = open({ token: secret });
    const browser = open({ cookie: client.sessionCookieHeader });
    await Promise.all([outcome(bot), outcome(browser)]);
    const disconnected = new Promise<string>((resolve) => bot.on('disconnect', (reason) => resolve(reason)));

    expect((await client.delete(`/api/v1/me/tokens/${token.id}`)).statusCode).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
    expect(await whoami(browser)).toMatchObject({ ok: true });
  });

  it('disconnects the sockets of sessions the sweeper expires', async () => {
    const { client } = await signedInUser(app);
    const socket = open({ cookie: client.sessionCookieHeader });
    await outcome(socket);
    const disconnected = new Promise<string>((resolve) =>
      socket.on('disconnect', (reason) => resolve(reason)),
    );
    const { sessionId } = (await app.services.auth.fromSessionCookie(client.sessionCookieValue))!;
    await app.db.kysely
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', sessionId)
      .execute();

    expect(await app.services.sweepers.auth.sweepExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await disconnected).toBe('io server disconnect');
  });
});
