import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  sentMessage,
  signedInPeople,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { listening, recorder, settle, socketPool } from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('reactions and threads over sockets (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const { connect, closeAll } = socketPool(() => url);

  beforeAll(async () => {
    app = await createTestApp(kind);
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => {
    closeAll();
    await app.close();
  });

  it('tells the room about reactions (`me: false` in the broadcast) and nobody outside it', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const root = await sentMessage(alice, room.id, { text: 'react' });
    const [aSocket, cSocket] = [await connect(alice), await connect(carol)];
    const [a, c] = [recorder(aSocket), recorder(cSocket)];
    await bob.client.put(`/api/v1/messages/${root.id}/reactions/${encodeURIComponent('🎉')}`);
    expect(await a.next('reaction:changed')).toEqual({
      roomId: room.id,
      messageId: root.id,
      emoji: '🎉',
      userId: bob.user.id,
      added: true,
    });
    const updated = await a.next('message:updated', (m) => m.id === root.id);
    expect(updated.reactions).toEqual([
      { emoji: '🎉', count: 1, me: false, by: [{ id: bob.user.id, displayName: bob.user.displayName }] },
    ]);
    // Repeating it changes nothing and announces nothing.
    await bob.client.put(`/api/v1/messages/${root.id}/reactions/${encodeURIComponent('🎉')}`);
    await bob.client.delete(`/api/v1/messages/${root.id}/reactions/${encodeURIComponent('🎉')}`);
    expect((await a.next('reaction:changed', (e) => !e.added)).userId).toBe(bob.user.id);
    await settle(aSocket);
    expect(a.of('reaction:changed')).toHaveLength(2);
    await settle(cSocket);
    expect(c.received.filter((r) => JSON.stringify(r.payload).includes(room.id))).toEqual([]);
  });

  it('sends each follower their thread state after a reply, and my read marker to my other devices', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('p'),
      memberIds: [bob.user.id],
    });
    const root = await sentMessage(alice, room.id, { text: 'root' });
    const [phone, laptop, b] = [
      recorder(await connect(alice)),
      recorder(await connect(alice)),
      recorder(await connect(bob)),
    ];
    const reply = await sentMessage(bob, room.id, { text: 'reply', threadId: root.id });
    const rootUpdate = await phone.next('message:updated', (m) => m.id === root.id);
    expect(rootUpdate.thread).toMatchObject({ replies: 1, participants: [{ id: bob.user.id }] });
    expect(await phone.next('thread:updated')).toEqual({
      roomId: room.id,
      rootId: root.id,
      unread: 1,
      following: true,
      unreadThreads: 1,
    });
    expect(await b.next('thread:updated')).toMatchObject({ rootId: root.id, unread: 0, following: true });

    await alice.client.put(`/api/v1/messages/${root.id}/thread/read`, { seq: reply.seq });
    expect(await laptop.next('thread:updated', (e) => e.unread === 0)).toEqual({
      roomId: room.id,
      rootId: root.id,
      unread: 0,
      following: true,
      unreadThreads: 0,
    });
  });
});
