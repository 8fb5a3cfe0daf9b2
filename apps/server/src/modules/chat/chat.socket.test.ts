import type { Message, PresenceStatus, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import {
  connectSocket,
  emitWithAck,
  listening,
  recorder,
  settle,
  type ClientSocket,
} from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('chat over sockets (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const sockets: ClientSocket[] = [];
  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { PRESENCE_GRACE_MS: '150' });
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('delivers a socket-sent message to members only, acking with the committed message', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const [a, b, c] = [await connect(alice), await connect(bob), await connect(carol)];
    const [ra, rb, rc] = [recorder(a), recorder(b), recorder(c)];

    const ack = await emitWithAck<Message>(a, 'message:send', {
      roomId: room.id,
      text: 'over the socket',
      clientMsgId: 'sock1',
    });
    expect(ack).toMatchObject({ ok: true, data: { seq: 1, text: 'over the socket', roomId: room.id } });
    // Committed before the ack: the API already has it.
    const history = (await bob.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(history.messages.map((m) => m.text)).toEqual(['over the socket']);

    expect(await rb.next('message:new')).toMatchObject({
      text: 'over the socket',
      author: { id: alice.user.id },
    });
    expect(await ra.next('message:new')).toMatchObject({ clientMsgId: 'sock1' });
    const retry = await emitWithAck<Message>(a, 'message:send', {
      roomId: room.id,
      text: 'over the socket',
      clientMsgId: 'sock1',
    });
    expect(retry.ok && retry.data.id).toBe(ack.ok && ack.data.id);

    // Carol, not a member, gets nothing and cannot send there.
    const refused = await emitWithAck(c, 'message:send', {
      roomId: room.id,
      text: 'let me in',
      clientMsgId: 'c1',
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'This room does not exist or you are not in it' },
    });
    await settle(c);
    expect(rc.of('message:new')).toEqual([]);
  });

  it('lets a read-only API token listen but not send', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('bots'),
      memberIds: [bob.user.id],
    });
    const { secret } = (
      await bob.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{ secret: string }>();
    const reader = await connectSocket(url, { token: secret });
    sockets.push(reader);
    const heard = recorder(reader);
    const refused = await emitWithAck(reader, 'message:send', {
      roomId: room.id,
      text: 'bot says hi',
      clientMsgId: 'bot1',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
    await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'for the bot', clientMsgId: 'h1' });
    expect(await heard.next('message:new')).toMatchObject({ text: 'for the bot' });
    expect((await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json().messages).toHaveLength(1);
  });

  it('answers malformed socket payloads with validation errors, never silence or a crash', async () => {
    const a = await connect(alice);
    for (const payload of [
      null,
      'text',
      { roomId: 5 },
      { roomId: 'r', text: '', clientMsgId: 'x' },
      { roomId: 'r', text: 'x'.repeat(10_001), clientMsgId: 'x' },
    ]) {
      const res = await emitWithAck(a, 'message:send', payload);
      expect(res).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect(await emitWithAck(a, 'typing', { roomId: 'r' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await emitWithAck(a, 'presence:set', { status: 'invisible' })).toMatchObject({ ok: false });
    expect(a.connected).toBe(true);
  });

  it('subscribes open sockets when someone is added and unsubscribes them at once when removed', async () => {
    const room = await createRoom(alice.client, { type: 'private', name: uniqueUsername('rm') });
    const b = await connect(bob);
    const rb = recorder(b);

    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [bob.user.id] });
    const updated = await rb.next('room:updated', (r: Room) => r.id === room.id);
    expect(updated).toMatchObject({ myRole: 'member', memberCount: 2 });
    await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'welcome bob', clientMsgId: 'w' });
    expect(await rb.next('message:new', (m) => m.text === 'welcome bob')).toBeTruthy();

    expect((await alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`)).statusCode).toBe(
      204,
    );
    // Sent right after the removal answered: must not reach Bob's open socket.
    await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'after bob left',
      clientMsgId: 'x',
    });
    await alice.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'private again' });
    expect(await rb.next('room:removed')).toEqual({ roomId: room.id });
    await settle(b);
    expect(rb.of('message:new').map((m) => m.text)).not.toContain('after bob left');
    expect(
      rb.received.filter((r) => r.event === 'room:updated' && (r.payload as Room).topic === 'private again'),
    ).toEqual([]);
    expect(await emitWithAck(b, 'typing', { roomId: room.id, typing: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('sends each member the room with their own role, and read markers to my other devices', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('roles'),
      memberIds: [bob.user.id],
    });
    const [a, b, a2] = [await connect(alice), await connect(bob), await connect(alice)];
    const [ra, rb, ra2] = [recorder(a), recorder(b), recorder(a2)];
    await alice.client.patch(`/api/v1/rooms/${room.id}`, { displayName: 'Renamed' });
    expect(await ra.next('room:updated', (r: Room) => r.displayName === 'Renamed')).toMatchObject({
      myRole: 'owner',
    });
    expect(await rb.next('room:updated', (r: Room) => r.displayName === 'Renamed')).toMatchObject({
      myRole: 'member',
    });

    await bob.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'one', clientMsgId: 'r1' });
    await alice.client.post(`/api/v1/rooms/${room.id}/read`, { seq: 2 });
    expect(await ra2.next('read')).toEqual({ roomId: room.id, seq: 2 });
    await settle(b);
    expect(rb.of('read')).toEqual([]);
  });

  it('forwards typing to the other members only, dropping rapid repeats', async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const [a, b, c] = [await connect(alice), await connect(bob), await connect(carol)];
    const [rb, rc] = [recorder(b), recorder(c)];
    for (let i = 0; i < 5; i++) {
      expect(await emitWithAck(a, 'typing', { roomId: room.id, typing: true })).toEqual({
        ok: true,
        data: null,
      });
    }
    await emitWithAck(a, 'typing', { roomId: room.id, typing: false });
    await settle(b);
    expect(rb.of('typing').filter((t) => t.roomId === room.id)).toEqual([
      { roomId: room.id, userId: alice.user.id, typing: true },
      { roomId: room.id, userId: alice.user.id, typing: false },
    ]);
    await settle(c);
    expect(rc.of('typing')).toEqual([]);
  });

  it('tracks presence over tabs with away and a grace before offline, told only to people who share a room', async () => {
    const dave = await signedInUser(app);
    const erin = await signedInUser(app);
    await createRoom(dave.client, { type: 'direct', memberIds: [erin.user.id] });
    const watcher = await connect(erin);
    const outsider = await connect(carol);
    const [rw, ro] = [recorder(watcher), recorder(outsider)];
    const statusOf = async (socket: ClientSocket, userId: string) => {
      const res = await emitWithAck<Record<string, PresenceStatus>>(socket, 'presence:get', {
        userIds: [userId],
      });
      return res.ok ? res.data[userId] : res.error.code;
    };
    const forDave = (status: PresenceStatus) => (p: { userId: string; status: PresenceStatus }) =>
      p.userId === dave.user.id && p.status === status;

    expect(await statusOf(watcher, dave.user.id)).toBe('offline');
    const tab1 = await connect(dave);
    await rw.next('presence', forDave('online'));
    const tab2 = await connect(dave);
    await emitWithAck(tab1, 'presence:set', { status: 'away' });
    // One tab still active: online.
    expect(await statusOf(watcher, dave.user.id)).toBe('online');
    await emitWithAck(tab2, 'presence:set', { status: 'away' });
    await rw.next('presence', forDave('away'));
    expect(await statusOf(watcher, dave.user.id)).toBe('away');
    // Carol shares no room with Dave: she is told nothing and cannot ask.
    expect(await statusOf(outsider, dave.user.id)).toBeUndefined();

    tab1.close();
    tab2.close();
    await rw.next('presence', forDave('offline'));
    expect(await statusOf(watcher, dave.user.id)).toBe('offline');
    await settle(outsider);
    expect(ro.of('presence').filter((p) => p.userId === dave.user.id)).toEqual([]);

    // A reload (reconnect within the grace) is never announced as offline.
    const afterwards = recorder(watcher);
    const reloading = await connect(dave);
    await afterwards.next('presence', forDave('online'));
    reloading.close();
    await connect(dave);
    await new Promise((r) => setTimeout(r, 450)); // three times the grace
    expect(
      afterwards
        .of('presence')
        .filter((p) => p.userId === dave.user.id)
        .map((p) => p.status),
    ).not.toContain('offline');
    expect(await statusOf(watcher, dave.user.id)).toBe('online');
  });
});
