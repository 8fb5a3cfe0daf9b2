import type { Message, Room } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, setUpAdmin, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import {
  connectSocket,
  emitWithAck,
  listening,
  recorder,
  settle,
  type ClientSocket,
} from '../../test/sockets.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

/** Per-person limits on chat writes (issue 15, item 5), over HTTP and sockets. */
describe.each(DATABASE_KINDS)('per-person chat limits (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let url: string;
  let admin: TestClient;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const sockets: ClientSocket[] = [];
  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return socket;
  };
  /** Each test starts at the beginning of a fresh hour, so no window carries over. */
  let hour = 0;
  const freshWindows = () => clock.set(`2026-11-23T${String(11 + hour++).padStart(2, '0')}:00:00.000Z`);
  const setLimits = async (limits: Record<string, number>) => {
    const res = await admin.patch('/api/v1/admin/settings', { limits });
    expect(res.statusCode, res.body).toBe(200);
  };
  const channel = (...members: Person[]) =>
    createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('limits'),
      memberIds: members.map((m) => m.user.id),
    });
  let sends = 0;
  const send = (person: Person, room: Room, text: string) =>
    person.client.post(`/api/v1/rooms/${room.id}/messages`, { text, clientMsgId: `http${++sends}` });

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    url = await listening(app);
    admin = (await setUpAdmin(app)).client;
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await setLimits({
      messagesPerMinute: 60,
      typingPerMinute: 120,
      roomsPerHour: 60,
      membersAddedPerHour: 500,
      roomChangesPerMinute: 60,
      profileChangesPerHour: 60,
    });
  });
  afterAll(async () => app.close());

  it('lets two people send 20 messages each at once, over HTTP and the socket', async () => {
    freshWindows();
    const room = await channel(bob);
    const b = await connect(bob);
    const [overHttp, overSocket] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => send(alice, room, `a${i}`))),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          emitWithAck<Message>(b, 'message:send', { roomId: room.id, text: `b${i}`, clientMsgId: `b${i}` }),
        ),
      ),
    ]);
    expect(overHttp.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(overSocket.every((ack) => ack.ok)).toBe(true);
  });

  it('answers the message past the limit with 429 rate_limited and Retry-After, until the window ends', async () => {
    freshWindows();
    const room = await channel();
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => send(alice, room, `m${i}`)));
    expect(sent.every((r) => r.statusCode === 201)).toBe(true);
    clock.advance(15_000);
    const refused = await send(alice, room, 'one too many');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('45 s') as string },
    });
    // Limits are per person: someone else in the room is not held back.
    const others = await bob.client.post(`/api/v1/rooms/${room.id}/join`);
    expect(others.statusCode).toBe(200);
    expect((await send(bob, room, 'mine')).statusCode).toBe(201);
    // Slash commands post too: they count with the messages.
    const command = await alice.client.post(`/api/v1/rooms/${room.id}/commands`, { text: '/me waves' });
    expect(command.statusCode).toBe(429);
    // A refused attempt does not count: the next window is open in full.
    clock.advance(45_000);
    expect((await send(alice, room, 'next minute')).statusCode).toBe(201);
  });

  it('acks a socket send past the limit with rate_limited, and an admin change applies at once', async () => {
    freshWindows();
    const room = await channel();
    const a = await connect(alice);
    await setLimits({ messagesPerMinute: 3 });
    const acks = [];
    for (let i = 0; i < 4; i++) {
      acks.push(
        await emitWithAck<Message>(a, 'message:send', {
          roomId: room.id,
          text: `s${i}`,
          clientMsgId: `s${i}`,
        }),
      );
    }
    expect(acks.slice(0, 3).every((ack) => ack.ok)).toBe(true);
    expect(acks[3]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await send(alice, room, 'http too')).statusCode).toBe(429);
    await setLimits({ messagesPerMinute: 10 });
    expect((await send(alice, room, 'raised')).statusCode).toBe(201);
    // Settings are validated like every other section.
    const bad = await admin.patch('/api/v1/admin/settings', { limits: { messagesPerMinute: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.limits.messagesPerMinute');
  });

  it('forwards a fast typist in full, and drops a typing flood past the limit', async () => {
    freshWindows();
    const room = await channel(bob);
    const [a, b] = [await connect(alice), await connect(bob)];
    const seen = recorder(b);
    // A very fast typist: a message every 2 s for a minute, "typing" before each and "stopped" on send.
    for (let i = 0; i < 30; i++) {
      expect(await emitWithAck(a, 'typing', { roomId: room.id, typing: true })).toMatchObject({ ok: true });
      clock.advance(1_000);
      const ack = await emitWithAck(a, 'message:send', {
        roomId: room.id,
        text: `t${i}`,
        clientMsgId: `t${i}`,
      });
      expect(ack.ok).toBe(true);
      expect(await emitWithAck(a, 'typing', { roomId: room.id, typing: false })).toMatchObject({ ok: true });
      clock.advance(999);
    }
    await settle(b);
    expect(seen.of('typing')).toHaveLength(60);

    // The flood from the issue: typing true/false as fast as possible.
    freshWindows();
    const acks = [];
    for (let i = 0; i < 150; i++) {
      acks.push(await emitWithAck(a, 'typing', { roomId: room.id, typing: i % 2 === 0 }));
    }
    await settle(b);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(120);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(seen.of('typing')).toHaveLength(60 + 120);
  });

  it('limits how many rooms one person creates and how many people they add', async () => {
    freshWindows();
    // The flood: rooms created as fast as possible, someone added to each.
    const burst = await Promise.all(
      Array.from({ length: 80 }, () =>
        alice.client.post('/api/v1/rooms', {
          type: 'private',
          name: uniqueUsername('flood'),
          memberIds: [carol.user.id],
        }),
      ),
    );
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const refused = burst.find((r) => r.statusCode === 429)!;
    expect(refused.headers['retry-after']).toBe('3600');
    const carolsRooms = (await carol.client.get('/api/v1/rooms')).json<{ rooms: Room[] }>().rooms;
    expect(carolsRooms.filter((r) => r.name?.startsWith('flood'))).toHaveLength(60);

    freshWindows();
    await setLimits({ membersAddedPerHour: 2 });
    const room = await channel();
    const tooMany = await alice.client.post(`/api/v1/rooms/${room.id}/members`, {
      userIds: [bob.user.id, carol.user.id, bob.user.id],
    });
    // Counted per distinct person: bob and carol are two.
    expect(tooMany.statusCode).toBe(200);
    const more = await alice.client.post('/api/v1/rooms', {
      type: 'private',
      name: uniqueUsername('more'),
      memberIds: [bob.user.id],
    });
    expect(more.statusCode).toBe(429);
    expect(more.json().error.code).toBe('rate_limited');
  });

  it('counts /invite against people added and /topic and /leave against room changes, as over HTTP', async () => {
    freshWindows();
    await setLimits({ membersAddedPerHour: 1 });
    const room = await channel();
    const command = (text: string) => alice.client.post(`/api/v1/rooms/${room.id}/commands`, { text });
    const invite = await command(`/invite @${bob.user.username} @${carol.user.username}`);
    expect(invite.statusCode).toBe(429);
    expect(invite.json().error.code).toBe('rate_limited');
    const members = (await alice.client.get(`/api/v1/rooms/${room.id}/members`)).json<{
      members: { user: { id: string } }[];
    }>().members;
    expect(members.map((m) => m.user.id)).toEqual([alice.user.id]);

    await setLimits({ roomChangesPerMinute: 1 });
    expect((await command('/topic first')).statusCode).toBe(200);
    const topic = await command('/topic second');
    expect(topic.statusCode).toBe(429);
    expect((await command('/leave')).statusCode).toBe(429);
  });

  it('limits profile changes', async () => {
    freshWindows();
    await setLimits({ profileChangesPerHour: 2 });
    const change = (n: number) => bob.client.patch('/api/v1/me', { displayName: `Bob ${n}` });
    expect((await change(1)).statusCode).toBe(200);
    expect((await change(2)).statusCode).toBe(200);
    const refused = await change(3);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await bob.client.delete('/api/v1/me/avatar')).statusCode).toBe(429);
  });
});
