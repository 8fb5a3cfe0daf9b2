import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  sentMessage,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { listening, recorder, settle, socketPool } from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MISSING_MESSAGE = {
  error: { code: 'not_found', message: 'This message does not exist or you cannot see it' },
};
const emojiPath = (id: string, emoji: string) =>
  `/api/v1/messages/${id}/reactions/${encodeURIComponent(emoji)}`;

/** Who may react and follow threads, and who hears about it: members of the message's room only. */
describe.each(DATABASE_KINDS)('reactions and threads security (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let admin: Person;
  const { connect, closeAll } = socketPool(() => url);

  beforeAll(async () => {
    app = await createTestApp(kind);
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    admin = await signedInUser(app, { username: uniqueUsername('admin'), role: 'admin' });
  });
  afterAll(async () => {
    closeAll();
    await app.close();
  });

  it('answers outsiders, administrators included, about messages of rooms they are not in like missing ones', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const root = await sentMessage(alice, room.id, { text: 'secret' });
    await sentMessage(bob, room.id, { text: 'secret reply', threadId: root.id });
    for (const outsider of [carol, admin]) {
      for (const res of [
        await outsider.client.put(emojiPath(root.id, '👀')),
        await outsider.client.delete(emojiPath(root.id, '👀')),
        await outsider.client.get(`/api/v1/messages/${root.id}/thread`),
        await outsider.client.put(`/api/v1/messages/${root.id}/thread/follow`),
        await outsider.client.put(`/api/v1/messages/${root.id}/thread/read`, { seq: 99 }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(MISSING_MESSAGE);
      }
    }
    expect((await alice.client.get(`/api/v1/messages/${root.id}/thread`)).json().root.reactions).toEqual([]);
  });

  it('stops a removed member: no reactions, replies, thread or listing, and no more thread events', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const root = await sentMessage(alice, room.id, { text: 'root' });
    await sentMessage(bob, room.id, { text: 'I follow now', threadId: root.id });
    const bobSocket = await connect(bob);
    const heard = recorder(bobSocket);
    expect((await alice.client.delete(`/api/v1/rooms/${room.id}/members/${bob.user.id}`)).statusCode).toBe(
      204,
    );

    await sentMessage(alice, room.id, { text: 'after bob left', threadId: root.id });
    expect((await bob.client.put(emojiPath(root.id, '👍'))).statusCode).toBe(404);
    expect((await bob.client.get(`/api/v1/messages/${root.id}/thread`)).statusCode).toBe(404);
    const retry = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'still here?',
      clientMsgId: uniqueUsername('x'),
      threadId: root.id,
    });
    expect(retry.statusCode).toBe(404);
    const list = (await bob.client.get('/api/v1/threads')).json<{ threads: { room: { id: string } }[] }>();
    expect(list.threads.filter((t) => t.room.id === room.id)).toEqual([]);
    await settle(bobSocket);
    expect(heard.of('thread:updated').filter((e) => e.roomId === room.id)).toEqual([]);
    expect(heard.of('reaction:changed')).toEqual([]);
  });

  it('lets a read-only API token read threads but react, follow or mark nothing', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const root = await sentMessage(alice, room.id, { text: 'root' });
    const { secret } = (
      await bob.client.post('/api/v1/me/tokens', { name: 'reader', scopes: ['read'] })
    ).json<{
      secret: string;
    }>();
    const inject = (method: 'GET' | 'PUT' | 'DELETE', path: string, payload?: Record<string, unknown>) =>
      app.app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${secret}` },
        ...(payload ? { payload } : {}),
      });
    expect((await inject('GET', `/api/v1/messages/${root.id}/thread`)).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/threads')).statusCode).toBe(200);
    for (const res of [
      await inject('PUT', emojiPath(root.id, '👍')),
      await inject('DELETE', emojiPath(root.id, '👍')),
      await inject('PUT', `/api/v1/messages/${root.id}/thread/follow`),
      await inject('DELETE', `/api/v1/messages/${root.id}/thread/follow`),
      await inject('PUT', `/api/v1/messages/${root.id}/thread/read`, { seq: 1 }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('insufficient_scope');
    }
    // Anonymous: sign in first.
    const anonymous = await app.app.inject({ method: 'GET', url: '/api/v1/threads' });
    expect(anonymous.statusCode).toBe(401);
  });
});
