import type { Message, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { connectSocket, emitWithAck, listening } from '../../test/sockets.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

const history = async (client: TestClient, roomId: string) =>
  (await client.get(`/api/v1/rooms/${roomId}/messages?limit=200`)).json<{ messages: Message[] }>().messages;

/**
 * Integrity under hostile input and races (found by a security review): each of these failed
 * before its fix. The races run truly concurrently on PostgreSQL.
 */
describe.each(DATABASE_KINDS)('chat integrity (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  it('an outsider cannot attach a "discussion" to a message of a private room via sourceMessageId', async () => {
    const secret = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('sec'),
      memberIds: [bob.user.id],
    });
    const sent = await alice.client.post(`/api/v1/rooms/${secret.id}/messages`, {
      text: 'quarterly numbers',
      clientMsgId: 's1',
    });
    const messageId = sent.json<{ message: Message }>().message.id;
    const res = await carol.client.post('/api/v1/rooms', {
      type: 'channel',
      name: uniqueUsername('evil'),
      displayName: 'IT: re-enter your password at evil.example',
      sourceMessageId: messageId,
    });
    expect(res.statusCode).toBe(400);
    expect((await history(bob.client, secret.id)).find((m) => m.id === messageId)?.discussion).toBeNull();
  });

  it('system messages (the record of removals and role changes) cannot be deleted', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('sys'),
      memberIds: [bob.user.id],
    });
    await alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`);
    const notice = (await history(alice.client, room.id)).find((m) => m.kind === 'system')!;
    expect(notice.text).toContain('removed');
    expect((await alice.client.delete(`/api/v1/messages/${notice.id}`)).statusCode).toBe(403);
    expect((await history(alice.client, room.id)).find((m) => m.id === notice.id)?.text).toContain('removed');
  });

  it('removing a member from an archived room is refused and changes nothing; leaving it writes nothing', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('arch'),
      memberIds: [bob.user.id],
    });
    expect((await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: true })).statusCode).toBe(200);
    const seq = async () =>
      (await alice.client.get(`/api/v1/rooms/${room.id}`)).json<{ room: Room }>().room.lastSeq;
    const before = await seq();
    expect((await alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`)).statusCode).toBe(
      409,
    );
    expect((await bob.client.post(`/api/v1/rooms/${room.id}/leave`)).statusCode).toBe(204);
    expect(await seq()).toBe(before);
  });

  it('the same person joining twice at once (two tabs) writes one "joined" notice', async () => {
    const room = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('cj') });
    const results = await Promise.all([1, 2, 3].map(() => bob.client.post(`/api/v1/rooms/${room.id}/join`)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect((await history(alice.client, room.id)).filter((m) => m.text.endsWith(' joined'))).toHaveLength(1);
  });

  it('user input never answers 500 (NUL characters, ids that are not ids, seqs beyond 32 bits)', async () => {
    const room = await createRoom(alice.client, { type: 'private', name: uniqueUsername('p') });
    const ok = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'x', clientMsgId: 'k' });
    const messageId = ok.json<{ message: Message }>().message.id;
    const c = alice.client;
    const answers = {
      send: await c.post(`/api/v1/rooms/${room.id}/messages`, { text: 'a\u0000b', clientMsgId: 'n1' }),
      edit: await c.patch(`/api/v1/messages/${messageId}`, { text: 'y\u0000' }),
      me: await c.post(`/api/v1/rooms/${room.id}/commands`, { text: '/me \u0000x' }),
      directory: await c.get('/api/v1/rooms/directory?q=a%00b'),
      roomId: await c.get('/api/v1/rooms/a%00b'),
      messageId: await c.delete('/api/v1/messages/a%00b'),
      replyToId: await c.post(`/api/v1/rooms/${room.id}/messages`, {
        text: 'z',
        clientMsgId: 'n2',
        replyToId: 'a\u0000b',
      }),
      memberIds: await c.post('/api/v1/rooms', { type: 'direct', memberIds: ['a\u0000b'] }),
      read: await c.post(`/api/v1/rooms/${room.id}/read`, { seq: 2 ** 31 }),
      before: await c.get(`/api/v1/rooms/${room.id}/messages?before=3000000000`),
      after: await c.get(`/api/v1/rooms/${room.id}/messages?after=3000000000`),
    };
    for (const [name, res] of Object.entries(answers)) {
      expect(res.statusCode, `${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${name}: ${res.body}`).toBeLessThan(500);
    }
    const socket = await connectSocket(await listening(app), { cookie: alice.client.sessionCookieHeader });
    try {
      const ack = await emitWithAck(socket, 'message:send', {
        roomId: room.id,
        text: 'a\u0000b',
        clientMsgId: 'n3',
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    } finally {
      socket.close();
    }
    expect((await history(alice.client, room.id)).map((m) => m.text)).toEqual(['x']);
  });

  it('a role change decides on the actor’s role as of the room lock, not before it', async () => {
    // Three owners. Alice demotes Bob while Bob demotes Carol: Bob must not succeed after his own
    // demotion committed.
    const stale: string[] = [];
    for (let i = 0; i < 8; i++) {
      const room = await createRoom(alice.client, {
        type: 'private',
        name: uniqueUsername('race'),
        memberIds: [bob.user.id, carol.user.id],
      });
      const url = (id: string) => `/api/v1/rooms/${room.id}/members/${id}`;
      await alice.client.patch(url(bob.user.id), { role: 'owner' });
      await alice.client.patch(url(carol.user.id), { role: 'owner' });
      const [byAlice, byBob] = await Promise.all([
        alice.client.patch(url(bob.user.id), { role: 'member' }),
        bob.client.patch(url(carol.user.id), { role: 'member' }),
      ]);
      if (byAlice.statusCode !== 200 || byBob.statusCode !== 200) continue;
      const notices = (await history(alice.client, room.id)).filter((m) => m.text.endsWith(' a member'));
      if (notices[0]?.text.startsWith(`@${alice.user.username} `)) stale.push(room.id);
    }
    expect(stale).toEqual([]);
  });

  it('a send racing the sender’s removal never lands after the removal', async () => {
    const late: string[] = [];
    for (let i = 0; i < 20; i++) {
      const room = await createRoom(alice.client, {
        type: 'private',
        name: uniqueUsername('race'),
        memberIds: [bob.user.id],
      });
      await Promise.all([
        alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`),
        bob.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'sneaked in', clientMsgId: `s${i}` }),
      ]);
      const messages = await history(alice.client, room.id);
      const removedAt = messages.find((m) => m.kind === 'system' && m.text.includes(' removed '))?.seq;
      const sneaked = messages.find((m) => m.text === 'sneaked in')?.seq;
      if (removedAt !== undefined && sneaked !== undefined && sneaked > removedAt) late.push(room.id);
    }
    expect(late).toEqual([]);
  });
});
