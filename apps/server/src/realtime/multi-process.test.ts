import type { AckResult, Call, Message, PresenceStatus, Room, ServerToClientEvents } from '@parley/shared';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../test/databases.js';
import { TEST_PASSWORD } from '../test/factories.js';
import { HttpSession, startServerProcess, type ServerProcess } from '../test/processes.js';
import { startRedis } from '../test/redis-server.js';
import type { ClientSocket } from '../test/sockets.js';

const ORIGIN = 'http://parley.test';
const GRACE_MS = 200;

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Two real Parley processes on one PostgreSQL and one Redis behave as one server. */
describe('two server processes on one PostgreSQL and one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  const sockets: ClientSocket[] = [];
  const people: Record<'alice' | 'bob' | 'carol' | 'dave', { session: HttpSession; id: string }> =
    {} as never;
  let admin: HttpSession;

  beforeAll(async () => {
    redis = await startRedis();
    db = await createTestDb('postgres');
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      PUBLIC_URL: ORIGIN,
      SECRET_KEY: 'one-secret-key-shared-by-both-nodes-00',
      PRESENCE_GRACE_MS: String(GRACE_MS),
    };
    // One after the other: both would otherwise race to run the migrations.
    nodeA = await startServerProcess(env);
    nodeB = await startServerProcess(env);

    admin = new HttpSession(nodeA.url, ORIGIN);
    const setup = await admin.request('POST', '/api/v1/setup', {
      username: 'root',
      displayName: 'Root',
      password: TEST_PASSWORD,
    });
    expect(setup.status).toBe(201);
    for (const username of ['alice', 'bob', 'carol', 'dave'] as const) {
      const created = await admin.request<{ user: { id: string } }>('POST', '/api/v1/admin/users', {
        username,
        displayName: username[0]!.toUpperCase() + username.slice(1),
        password: TEST_PASSWORD,
      });
      expect(created.status).toBe(201);
      const session = new HttpSession(nodeA.url, ORIGIN);
      expect(
        (await session.request('POST', '/api/v1/auth/login', { username, password: TEST_PASSWORD })).status,
      ).toBe(200);
      people[username] = { session, id: created.body.user.id };
    }
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await nodeA?.stop();
    await nodeB?.stop();
    await db?.close();
    await redis?.stop();
  });

  async function socketFor(who: keyof typeof people, node: ServerProcess) {
    const socket: ClientSocket = connect(node.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: ORIGIN, cookie: people[who].session.cookieHeader },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const received: { event: string; payload: unknown }[] = [];
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    const untyped = socket as unknown as {
      on(e: string, f: unknown): void;
      off(e: string, f: unknown): void;
    };
    return {
      socket,
      of: <E extends keyof ServerToClientEvents>(event: E) =>
        received.filter((r) => r.event === event).map((r) => r.payload as Payload<E>),
      next: <E extends keyof ServerToClientEvents>(
        event: E,
        match: (p: Payload<E>) => boolean = () => true,
      ) =>
        new Promise<Payload<E>>((resolve) => {
          const seen = received.filter((r) => r.event === event).map((r) => r.payload as Payload<E>);
          const found = seen.find(match);
          if (found) return resolve(found);
          const listener = (p: Payload<E>) => {
            if (!match(p)) return;
            untyped.off(event, listener);
            resolve(p);
          };
          untyped.on(event, listener);
        }),
      ask: <T>(event: string, payload?: unknown) =>
        new Promise<AckResult<T>>((resolve) =>
          payload === undefined
            ? (socket.emit as (e: string, a: (r: AckResult<T>) => void) => void)(event, resolve)
            : (socket.emit as (e: string, p: unknown, a: (r: AckResult<T>) => void) => void)(
                event,
                payload,
                resolve,
              ),
        ),
    };
  }

  it('carries messages, typing, presence and removals from node A to clients on node B', async () => {
    const { alice, bob } = people;
    const room = (
      await alice.session.request<{ room: Room }>('POST', '/api/v1/rooms', {
        type: 'private',
        name: 'launch',
        memberIds: [bob.id],
      })
    ).body.room;
    const bobOnB = await socketFor('bob', nodeB);
    const carolOnB = await socketFor('carol', nodeB);

    // A message posted through node A reaches Bob on node B, and not Carol.
    await alice.session.request('POST', `/api/v1/rooms/${room.id}/messages`, {
      text: 'from node A',
      clientMsgId: 'a1',
    });
    expect(await bobOnB.next('message:new', (m: Message) => m.text === 'from node A')).toMatchObject({
      seq: 1,
    });

    // Alice comes online on node A: Bob on node B hears it, and node B's answer includes node A's sockets.
    const aliceOnA = await socketFor('alice', nodeA);
    await bobOnB.next('presence', (p) => p.userId === alice.id && p.status === 'online');
    expect(await bobOnB.ask<Record<string, PresenceStatus>>('presence:get', { userIds: [alice.id] })).toEqual(
      {
        ok: true,
        data: { [alice.id]: 'online' },
      },
    );

    // Typing on node A reaches node B.
    await aliceOnA.ask('typing', { roomId: room.id, typing: true });
    expect(await bobOnB.next('typing')).toEqual({ roomId: room.id, userId: alice.id, typing: true });

    // Removal through node A unsubscribes Bob's socket on node B before the answer.
    expect((await alice.session.request('DELETE', `/api/v1/rooms/${room.id}/members/${bob.id}`)).status).toBe(
      204,
    );
    await alice.session.request('POST', `/api/v1/rooms/${room.id}/messages`, {
      text: 'bob is gone',
      clientMsgId: 'a2',
    });
    expect(await bobOnB.next('room:removed')).toEqual({ roomId: room.id });
    await bobOnB.ask('whoami');
    await alice.session.request('GET', '/api/v1/rooms'); // let node A's emit reach Redis and back
    await aliceOnA.next('message:new', (m: Message) => m.text === 'bob is gone');
    await bobOnB.ask('whoami');
    expect(bobOnB.of('message:new').map((m) => m.text)).toEqual(['from node A']);
    expect(carolOnB.of('message:new')).toEqual([]);
    expect(carolOnB.of('typing')).toEqual([]);
  });

  it('rings a callee on every device on both nodes, stops on answer, and misses once when two sweepers race', async () => {
    const { alice, bob } = people;
    const configured = await admin.request('PATCH', '/api/v1/admin/settings', {
      jitsi: {
        domain: 'meet.example.org',
        useAuthToken: true,
        appId: 'parley',
        appSecret: 'a-long-enough-application-secret-0123456789',
      },
      calls: { ringTimeoutSeconds: 5 },
    });
    expect(configured.status).toBe(200);
    const room = (
      await alice.session.request<{ room: Room }>('POST', '/api/v1/rooms', {
        type: 'direct',
        memberIds: [bob.id],
      })
    ).body.room;
    const bobOnB = await socketFor('bob', nodeB);
    const bobOnA = await socketFor('bob', nodeA);

    // Alice calls through node A; both of Bob's devices ring.
    const started = await alice.session.request<{ call: Call }>('POST', `/api/v1/rooms/${room.id}/calls`, {});
    expect(started.status).toBe(201);
    const call = started.body.call;
    for (const device of [bobOnA, bobOnB]) {
      const ringing = await device.next('call:ringing', (e) => e.call.id === call.id);
      expect(ringing.caller.id).toBe(alice.id);
    }
    // Bob answers through node B: both devices learn he answered (and stop ringing).
    expect((await bob.session.on(nodeB.url).request('POST', `/api/v1/calls/${call.id}/accept`)).status).toBe(
      200,
    );
    for (const device of [bobOnA, bobOnB]) {
      await device.next(
        'call:updated',
        (c) => c.id === call.id && c.participants.some((p) => p.user.id === bob.id && p.state === 'accepted'),
      );
    }
    await alice.session.request('POST', `/api/v1/calls/${call.id}/end`);
    await bobOnB.next('call:ended', (c) => c.id === call.id);

    // A call nobody answers: both nodes sweep; it is missed exactly once.
    const second = (await alice.session.request<{ call: Call }>('POST', `/api/v1/rooms/${room.id}/calls`, {}))
      .body.call;
    await bobOnB.next('call:ringing', (e) => e.call.id === second.id);
    const ended = await bobOnB.next('call:ended', (c) => c.id === second.id);
    expect(ended).toMatchObject({ status: 'missed', endReason: 'timeout' });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(bobOnB.of('call:ended').filter((c) => c.id === second.id)).toHaveLength(1);
    expect(bobOnA.of('call:ended').filter((c) => c.id === second.id)).toHaveLength(1);
  }, 30_000);

  it('keeps a user online who still has a socket on node B when node A stops, and says offline for one who had not', async () => {
    // Dave is new here: no socket of his is left from the test before.
    const { alice, bob, dave } = people;
    // Bob watches both from node B through DMs.
    for (const other of [alice, dave]) {
      await bob.session.request('POST', '/api/v1/rooms', { type: 'direct', memberIds: [other.id] });
    }
    const bobOnB = await socketFor('bob', nodeB);
    await socketFor('alice', nodeA);
    await socketFor('alice', nodeB);
    await socketFor('dave', nodeA);
    const statuses = async () =>
      (await bobOnB.ask<Record<string, PresenceStatus>>('presence:get', {
        userIds: [alice.id, dave.id],
      })) as {
        ok: true;
        data: Record<string, PresenceStatus>;
      };
    expect((await statuses()).data).toEqual({ [alice.id]: 'online', [dave.id]: 'online' });

    await nodeA.stop();

    // Dave's only node stopped: Bob is told he is offline. Alice still has node B.
    await bobOnB.next('presence', (p) => p.userId === dave.id && p.status === 'offline');
    await new Promise((r) => setTimeout(r, GRACE_MS * 3));
    expect(bobOnB.of('presence').filter((p) => p.userId === alice.id && p.status === 'offline')).toEqual([]);
    expect((await statuses()).data).toEqual({ [alice.id]: 'online', [dave.id]: 'offline' });
  });
});
