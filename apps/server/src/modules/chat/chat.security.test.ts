import type { Member, Message, PresenceStatus, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInUser, uniqueUsername } from '../../test/factories.js';
import {
  connectSocket,
  emitWithAck,
  listening,
  recorder,
  revokedAndClosed,
  settle,
  type ClientSocket,
} from '../../test/sockets.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

type Person = Awaited<ReturnType<typeof signedInUser>>;

const history = async (client: TestClient, roomId: string) =>
  (await client.get(`/api/v1/rooms/${roomId}/messages?limit=200`)).json<{ messages: Message[] }>().messages;

const send = async (client: TestClient, roomId: string, text: string, clientMsgId: string) =>
  (await client.post(`/api/v1/rooms/${roomId}/messages`, { text, clientMsgId })).json<{ message: Message }>()
    .message;

const MISSING_ROOM = {
  error: { code: 'not_found', message: 'This room does not exist or you are not in it' },
};
const MISSING_MESSAGE = {
  error: { code: 'not_found', message: 'This message does not exist or you cannot see it' },
};

describe.each(DATABASE_KINDS)('chat security (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let admin: Person;
  const sockets: ClientSocket[] = [];
  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { PRESENCE_GRACE_MS: '100' });
    url = await listening(app);
    [alice, bob, carol, admin] = await Promise.all([
      signedInUser(app, { username: uniqueUsername('alice') }),
      signedInUser(app, { username: uniqueUsername('bob') }),
      signedInUser(app, { username: uniqueUsername('carol') }),
      signedInUser(app, { username: uniqueUsername('admin'), role: 'admin' }),
    ]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('answers outsiders (administrators too) about private rooms, DMs and discussions exactly like missing ones', async () => {
    const secret = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('secret'),
      memberIds: [bob.user.id],
    });
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const discussion = await createRoom(alice.client, {
      type: 'discussion',
      parentId: secret.id,
      displayName: 'Plans',
    });
    const message = await send(alice.client, secret.id, 'the plan', 'plan1');

    for (const outsider of [carol, admin]) {
      for (const roomId of [secret.id, dm.id, discussion.id, 'no-such-room']) {
        const c = outsider.client;
        const answers = [
          await c.get(`/api/v1/rooms/${roomId}`),
          await c.patch(`/api/v1/rooms/${roomId}`, { topic: 'mine now' }),
          await c.get(`/api/v1/rooms/${roomId}/messages`),
          await c.post(`/api/v1/rooms/${roomId}/messages`, { text: 'hi', clientMsgId: 'o1' }),
          await c.get(`/api/v1/rooms/${roomId}/members`),
          await c.post(`/api/v1/rooms/${roomId}/members`, { userIds: [outsider.user.id] }),
          await c.patch(`/api/v1/rooms/${roomId}/members/${outsider.user.id}`, { role: 'owner' }),
          await c.patch(`/api/v1/rooms/${roomId}/members/${alice.user.id}`, { role: 'member' }),
          await c.delete(`/api/v1/rooms/${roomId}/members/${bob.user.id}`),
          await c.post(`/api/v1/rooms/${roomId}/join`),
          await c.post(`/api/v1/rooms/${roomId}/leave`),
          await c.post(`/api/v1/rooms/${roomId}/read`, { seq: 1 }),
          await c.post(`/api/v1/rooms/${roomId}/commands`, { text: '/topic hijacked' }),
          await c.post(`/api/v1/rooms/${roomId}/commands`, { text: '/nope' }),
          await c.post('/api/v1/rooms', { type: 'discussion', parentId: roomId, displayName: 'x' }),
          await c.post('/api/v1/rooms', { type: 'private', name: uniqueUsername('t'), teamId: roomId }),
        ];
        for (const res of answers) {
          expect(res.statusCode, `${res.raw.req.method} ${res.raw.req.url}`).toBe(404);
          expect(res.json()).toEqual(MISSING_ROOM);
        }
      }
      for (const messageId of [message.id, 'no-such-message']) {
        for (const res of [
          await outsider.client.patch(`/api/v1/messages/${messageId}`, { text: 'edited' }),
          await outsider.client.delete(`/api/v1/messages/${messageId}`),
        ]) {
          expect(res.statusCode).toBe(404);
          expect(res.json()).toEqual(MISSING_MESSAGE);
        }
      }
      const mine = (await outsider.client.get('/api/v1/rooms')).json<{ rooms: Room[] }>().rooms;
      expect(mine.map((r) => r.id)).not.toEqual(expect.arrayContaining([secret.id]));
      expect(mine.some((r) => [secret.id, dm.id, discussion.id].includes(r.id))).toBe(false);
    }
    // Nothing changed.
    expect((await history(alice.client, secret.id)).map((m) => m.text)).toEqual([
      '@' + alice.user.username + ' started a discussion: Plans',
      'the plan',
    ]);
    const members = (await alice.client.get(`/api/v1/rooms/${secret.id}/members`)).json<{
      members: Member[];
    }>().members;
    expect(members.map((m) => [m.user.id, m.role])).toEqual([
      [alice.user.id, 'owner'],
      [bob.user.id, 'member'],
    ]);
  });

  it('keeps private rooms, DMs and discussions out of the directory; wildcards and quotes match literally', async () => {
    const tag = uniqueUsername('dirx');
    const open = await createRoom(alice.client, { type: 'channel', name: `${tag}-open` });
    const hidden = await createRoom(alice.client, { type: 'private', name: `${tag}-hidden` });
    const team = await createRoom(alice.client, { type: 'team', name: `${tag}-team` });
    const teamSecret = await createRoom(alice.client, {
      type: 'private',
      name: `${tag}-teamsecret`,
      teamId: team.id,
    });
    await createRoom(alice.client, { type: 'discussion', parentId: open.id, displayName: `${tag} talk` });
    const found = async (client: TestClient, q: string) =>
      (await client.get(`/api/v1/rooms/directory?q=${encodeURIComponent(q)}`))
        .json<{ rooms: Room[] }>()
        .rooms.map((r) => r.id);

    expect((await found(carol.client, tag)).sort()).toEqual([open.id, team.id].sort());
    expect(await found(admin.client, `${tag}-hidden`)).toEqual([]);
    // Team members see the team's private channels.
    expect(await found(alice.client, `${tag}-teamsecret`)).toEqual([teamSecret.id]);
    expect(await found(carol.client, `${tag}-teamsecret`)).toEqual([]);
    expect(hidden.id).not.toBe(open.id);

    // LIKE wildcards and SQL are plain text.
    for (const q of ['%', '_', `${tag}%`, `${tag.slice(0, -1)}_`, "' or 1=1 --", '\\', '%_%', '\\%']) {
      const res = await carol.client.get(`/api/v1/rooms/directory?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(
        res.json<{ rooms: Room[] }>().rooms.some((r) => [hidden.id, teamSecret.id].includes(r.id)),
        q,
      ).toBe(false);
      expect(
        res.json<{ rooms: Room[] }>().rooms.some((r) => r.id === open.id),
        q,
      ).toBe(false);
    }
    await carol.client.post(`/api/v1/rooms/${team.id}/join`);
    expect(await found(carol.client, `${tag}-teamsecret`)).toEqual([teamSecret.id]);
  });

  it('refuses replies to, and discussions from, messages of other rooms like missing messages', async () => {
    const secret = await createRoom(alice.client, { type: 'private', name: uniqueUsername('s') });
    const secretMessage = await send(alice.client, secret.id, 'classified', 'c1');
    const open = await createRoom(carol.client, {
      type: 'channel',
      name: uniqueUsername('o'),
      memberIds: [alice.user.id],
    });

    const replies = [
      await carol.client.post(`/api/v1/rooms/${open.id}/messages`, {
        text: 'quoting',
        clientMsgId: 'q1',
        replyToId: secretMessage.id,
      }),
      await carol.client.post(`/api/v1/rooms/${open.id}/messages`, {
        text: 'quoting',
        clientMsgId: 'q2',
        replyToId: 'no-such-message',
      }),
    ];
    expect(replies.map((r) => r.statusCode)).toEqual([400, 400]);
    expect(replies[0]!.json()).toEqual(replies[1]!.json());

    // Even a member of both rooms cannot quote across rooms (the quote would leak to the others).
    const cross = await alice.client.post(`/api/v1/rooms/${open.id}/messages`, {
      text: 'quoting',
      clientMsgId: 'q3',
      replyToId: secretMessage.id,
    });
    expect(cross.statusCode).toBe(400);

    const discussions = [
      await carol.client.post('/api/v1/rooms', {
        type: 'discussion',
        parentId: open.id,
        sourceMessageId: secretMessage.id,
      }),
      await carol.client.post('/api/v1/rooms', {
        type: 'discussion',
        parentId: open.id,
        sourceMessageId: 'no-such-message',
      }),
    ];
    expect(discussions.map((r) => r.statusCode)).toEqual([400, 400]);
    expect(discussions[0]!.json()).toEqual(discussions[1]!.json());
    expect(JSON.stringify(discussions[0]!.json())).not.toContain('classified');
    expect((await history(carol.client, open.id)).map((m) => m.text)).toEqual([]);
  });

  it('records mentions of members only: mentioning an outsider tells them nothing', async () => {
    const secret = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('m'),
      memberIds: [bob.user.id],
    });
    const sent = await send(
      alice.client,
      secret.id,
      `@${carol.user.username} @${bob.user.username} look`,
      'm1',
    );
    expect(sent.mentions).toEqual([bob.user.id]);
    const carolRooms = (await carol.client.get('/api/v1/rooms')).json<{ rooms: Room[] }>().rooms;
    expect(carolRooms.some((r) => r.id === secret.id)).toBe(false);
  });

  it('keeps roles in their lanes: members, moderators and the last owner', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('roles'),
      memberIds: [bob.user.id, carol.user.id],
    });
    const url = (userId: string) => `/api/v1/rooms/${room.id}/members/${userId}`;

    // A member cannot promote themselves, change others or remove anyone.
    expect((await carol.client.patch(url(carol.user.id), { role: 'owner' })).statusCode).toBe(403);
    expect((await carol.client.patch(url(bob.user.id), { role: 'moderator' })).statusCode).toBe(403);
    expect((await carol.client.delete(url(bob.user.id))).statusCode).toBe(403);
    expect((await carol.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'mine' })).statusCode).toBe(403);
    expect((await carol.client.patch(`/api/v1/rooms/${room.id}`, { archived: true })).statusCode).toBe(403);

    // A moderator removes members but cannot touch owners or hand out roles.
    expect((await alice.client.patch(url(bob.user.id), { role: 'moderator' })).statusCode).toBe(200);
    expect((await bob.client.patch(url(bob.user.id), { role: 'owner' })).statusCode).toBe(403);
    expect((await bob.client.patch(url(alice.user.id), { role: 'member' })).statusCode).toBe(403);
    expect((await bob.client.delete(url(alice.user.id))).statusCode).toBe(403);
    expect((await bob.client.patch(`/api/v1/rooms/${room.id}`, { archived: true })).statusCode).toBe(403);

    // The last owner cannot step down.
    const lastOwner = await alice.client.patch(url(alice.user.id), { role: 'member' });
    expect(lastOwner.statusCode).toBe(409);

    const roles = (await alice.client.get(`/api/v1/rooms/${room.id}/members`))
      .json<{ members: Member[] }>()
      .members.map((m) => [m.user.id, m.role]);
    expect(roles).toEqual([
      [alice.user.id, 'owner'],
      [bob.user.id, 'moderator'],
      [carol.user.id, 'member'],
    ]);

    // DMs have no roles and nobody can be pushed out of them.
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id, carol.user.id] });
    const dmUrl = (userId: string) => `/api/v1/rooms/${dm.id}/members/${userId}`;
    expect((await alice.client.patch(dmUrl(bob.user.id), { role: 'owner' })).statusCode).toBe(403);
    expect((await alice.client.delete(dmUrl(bob.user.id))).statusCode).toBe(403);
    expect(
      (await alice.client.post(`/api/v1/rooms/${dm.id}/members`, { userIds: [admin.user.id] })).statusCode,
    ).toBe(403);
    expect((await alice.client.post(`/api/v1/rooms/${dm.id}/leave`)).statusCode).toBe(403);
  });

  it('keeps an archived room read-only for messages, invitations and roles', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('arch'),
      memberIds: [bob.user.id],
    });
    const before = await send(bob.client, room.id, 'before the archive', 'a1');
    expect((await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: true })).statusCode).toBe(200);
    const seqAfterArchive = (await alice.client.get(`/api/v1/rooms/${room.id}`)).json<{ room: Room }>().room
      .lastSeq;

    const refused = [
      await bob.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'late', clientMsgId: 'a2' }),
      await bob.client.patch(`/api/v1/messages/${before.id}`, { text: 'rewritten' }),
      await bob.client.delete(`/api/v1/messages/${before.id}`),
      await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [carol.user.id] }),
      await alice.client.patch(`/api/v1/rooms/${room.id}/members/${bob.user.id}`, { role: 'moderator' }),
      await alice.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'new topic' }),
      await carol.client.post(`/api/v1/rooms/${room.id}/join`),
      await alice.client.post('/api/v1/rooms', { type: 'discussion', parentId: room.id, displayName: 'x' }),
    ];
    for (const res of refused) {
      expect(res.statusCode, `${res.raw.req.method} ${res.raw.req.url}`).toBe(409);
      expect(res.json().error.code).toBe('room_archived');
    }
    // Still readable, unchanged.
    const messages = await history(bob.client, room.id);
    expect(messages.find((m) => m.id === before.id)?.text).toBe('before the archive');
    expect((await alice.client.get(`/api/v1/rooms/${room.id}`)).json<{ room: Room }>().room.lastSeq).toBe(
      seqAfterArchive,
    );
  });

  it('lets a read-only API token read but write nothing over HTTP or sockets', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('ro'),
      memberIds: [bob.user.id],
    });
    const message = await send(bob.client, room.id, 'mine', 'r1');
    const { secret } = (
      await bob.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{ secret: string }>();
    const auth = { authorization: `Bearer ${secret}` };
    const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
      app.app.inject({
        method,
        url: path,
        headers: auth,
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
      });

    expect((await inject('GET', `/api/v1/rooms/${room.id}/messages`)).statusCode).toBe(200);
    for (const res of [
      await inject('POST', `/api/v1/rooms/${room.id}/messages`, { text: 'x', clientMsgId: 'tok1' }),
      await inject('PATCH', `/api/v1/messages/${message.id}`, { text: 'changed' }),
      await inject('DELETE', `/api/v1/messages/${message.id}`),
      await inject('POST', `/api/v1/rooms/${room.id}/commands`, { text: '/me waves' }),
      await inject('POST', `/api/v1/rooms/${room.id}/leave`),
      await inject('POST', `/api/v1/rooms/${room.id}/read`, { seq: 1 }),
      await inject('PATCH', `/api/v1/rooms/${room.id}`, { topic: 'x' }),
      await inject('POST', '/api/v1/rooms', { type: 'channel', name: uniqueUsername('tok') }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('insufficient_scope');
    }
    const socket = await connectSocket(url, { token: secret });
    sockets.push(socket);
    expect(
      await emitWithAck(socket, 'message:send', { roomId: room.id, text: 'x', clientMsgId: 'tok2' }),
    ).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
    expect((await history(alice.client, room.id)).map((m) => m.text)).toEqual(['mine']);
  });

  it('takes the sender from the session, never from a socket payload', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('id'),
      memberIds: [bob.user.id],
    });
    const b = await connect(bob);
    const ack = await emitWithAck<Message>(b, 'message:send', {
      roomId: room.id,
      text: 'who am i',
      clientMsgId: 'who1',
      authorId: alice.user.id,
      author: { id: alice.user.id },
      userId: alice.user.id,
    });
    expect(ack).toMatchObject({ ok: true, data: { author: { id: bob.user.id } } });
    const http = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'and here',
      clientMsgId: 'who2',
      authorId: alice.user.id,
    });
    expect(http.json<{ message: Message }>().message.author?.id).toBe(bob.user.id);
  });

  it('tells outsiders nothing: no messages, typing, room or member events, and no presence', async () => {
    // Fresh people: nobody here shares a room with the outsider from earlier tests.
    const [alice, bob, carol, dave] = await Promise.all([
      signedInUser(app),
      signedInUser(app),
      signedInUser(app),
      signedInUser(app),
    ]);
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('quiet'),
      memberIds: [bob.user.id],
    });
    const [a, c, ad] = [await connect(alice), await connect(carol), await connect(admin)];
    const [rc, rad] = [recorder(c), recorder(ad)];

    await send(alice.client, room.id, 'psst', 'p1');
    await emitWithAck(a, 'typing', { roomId: room.id, typing: true });
    await alice.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'secret topic' });
    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [dave.user.id] });
    await alice.client.patch(`/api/v1/rooms/${room.id}/members/${dave.user.id}`, { role: 'moderator' });
    await alice.client.delete(`/api/v1/rooms/${room.id}/members/${dave.user.id}`);
    await createRoom(alice.client, { type: 'discussion', parentId: room.id, displayName: 'side' });

    // Carol cannot type into it, and cannot ask about people she shares no room with.
    expect(await emitWithAck(c, 'typing', { roomId: room.id, typing: true })).toEqual({
      ok: false,
      error: MISSING_ROOM.error,
    });
    const presence = await emitWithAck<Record<string, PresenceStatus>>(c, 'presence:get', {
      userIds: [alice.user.id, bob.user.id],
    });
    expect(presence).toEqual({ ok: true, data: {} });

    await settle(a);
    await settle(c);
    await settle(ad);
    expect(rc.about(room.id)).toEqual([]);
    expect(rad.about(room.id)).toEqual([]);
    expect(rc.of('presence').filter((p) => [alice.user.id, bob.user.id].includes(p.userId))).toEqual([]);
  });

  it('ends room subscriptions on leave, removal, logout and deactivation', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('subs'),
      memberIds: [bob.user.id, carol.user.id],
    });
    const erin = await signedInUser(app);
    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [erin.user.id] });
    const [b, c] = [await connect(bob), await connect(carol)];
    const [rb, rc] = [recorder(b), recorder(c)];

    // Bob leaves through the slash command, Carol is removed.
    expect((await bob.client.post(`/api/v1/rooms/${room.id}/commands`, { text: '/leave' })).statusCode).toBe(
      200,
    );
    expect((await alice.client.delete(`/api/v1/rooms/${room.id}/members/${carol.user.id}`)).statusCode).toBe(
      204,
    );
    await settle(b);
    await settle(c);
    const mark = { b: rb.received.length, c: rc.received.length };
    await send(alice.client, room.id, 'after they left', 'l1');
    await settle(b);
    await settle(c);
    expect(rb.received.slice(mark.b).filter((r) => r.event === 'message:new')).toEqual([]);
    expect(rc.received.slice(mark.c).filter((r) => r.event === 'message:new')).toEqual([]);

    // Erin's socket ends with her session, then with her account.
    const e1 = await connect(erin);
    const closed = revokedAndClosed(e1);
    expect((await erin.client.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    await closed;
    const again = await signedInUser(app);
    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [again.user.id] });
    const e2 = await connect(again);
    const deactivated = revokedAndClosed(e2);
    const setup = await admin.client.patch(`/api/v1/admin/users/${again.user.id}`, { active: false });
    expect(setup.statusCode).toBe(200);
    await deactivated;
    expect(e2.connected).toBe(false);
  });
});
