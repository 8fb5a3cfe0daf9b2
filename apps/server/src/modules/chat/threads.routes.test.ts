import type { Message, RoomSummary, ThreadResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  privateRoom,
  sentMessage,
  signedInPeople,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('threads (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let dave: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol, dave] = await signedInPeople(app, 'alice', 'bob', 'carol', 'dave');
  });
  afterAll(async () => app.close());

  const send = async (person: Person, roomId: string, body: Record<string, unknown>) =>
    person.client.post(`/api/v1/rooms/${roomId}/messages`, { clientMsgId: uniqueUsername('c'), ...body });
  const sent = sentMessage;
  const roomWith = (...people: Person[]) => privateRoom(alice, ...people);
  const summaryOf = async (person: Person, roomId: string) =>
    (await person.client.get('/api/v1/rooms'))
      .json<{ rooms: RoomSummary[] }>()
      .rooms.find((r) => r.id === roomId);
  const threadsOf = async (person: Person) =>
    (await person.client.get('/api/v1/threads')).json<{
      threads: { root: Message; room: { id: string }; unread: number }[];
      unreadThreads: number;
    }>();
  /** The followed threads of one room (people follow threads of other tests' rooms too). */
  const threadsIn = async (person: Person, roomId: string) =>
    (await threadsOf(person)).threads.filter((t) => t.room.id === roomId);

  it('keeps replies out of the timeline’s unread, summarises them on the root and lists the thread for its followers', async () => {
    const room = await roomWith(bob, dave);
    const root = await sent(alice, room.id, { text: 'what do we ship?' });
    await alice.client.post(`/api/v1/rooms/${room.id}/read`, { seq: root.seq });
    const reply = await sent(bob, room.id, {
      text: `the thread reply, @${dave.user.username}`,
      threadId: root.id,
    });
    expect(reply).toMatchObject({ threadId: root.id, seq: root.seq + 1, thread: null });

    // Not unread in the room, nor its preview; the mention of Dave still counts as a room mention.
    expect(await summaryOf(alice, room.id)).toMatchObject({
      unread: 0,
      mentions: 0,
      lastSeq: reply.seq,
      lastMessage: { id: root.id },
    });
    expect(await summaryOf(dave, room.id)).toMatchObject({ mentions: 1 });

    const page = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    const shownRoot = page.messages.find((m) => m.id === root.id);
    expect(shownRoot?.thread).toMatchObject({ replies: 1, participants: [{ id: bob.user.id }] });
    expect(shownRoot?.thread?.lastReplyAt).toBe(reply.createdAt);
    // Catch-up still carries the reply (clients keep it out of the timeline by its threadId).
    expect(page.messages.find((m) => m.id === reply.id)?.threadId).toBe(root.id);

    const thread = (await alice.client.get(`/api/v1/messages/${root.id}/thread`)).json<ThreadResponse>();
    expect(thread).toMatchObject({ root: { id: root.id }, hasMore: false, following: true });
    expect(thread.replies.map((r) => r.id)).toEqual([reply.id]);
    // A reply's id opens its root's thread.
    expect((await alice.client.get(`/api/v1/messages/${reply.id}/thread`)).json().root.id).toBe(root.id);

    // The root's author, the replier and the mentioned follow; only others' replies are unread.
    for (const [person, unread] of [
      [alice, 1],
      [bob, 0],
      [dave, 1],
    ] as const) {
      const list = await threadsOf(person);
      expect(list.threads.map((t) => [t.root.id, t.room.id, t.unread])).toEqual([[root.id, room.id, unread]]);
      expect(list.unreadThreads).toBe(unread > 0 ? 1 : 0);
    }

    const read = await alice.client.put(`/api/v1/messages/${root.id}/thread/read`, { seq: reply.seq });
    expect(read.json()).toEqual({
      roomId: room.id,
      rootId: root.id,
      unread: 0,
      following: true,
      unreadThreads: 0,
    });
    // An older read does not un-read.
    await alice.client.put(`/api/v1/messages/${root.id}/thread/read`, { seq: 0 });
    expect((await threadsOf(alice)).threads[0]?.unread).toBe(0);
  });

  it('remembers an unfollow: replying again does not follow again; following again does', async () => {
    const room = await roomWith(bob);
    const root = await sent(alice, room.id, { text: 'root' });
    await sent(bob, room.id, { text: 'one', threadId: root.id });
    const off = await alice.client.delete(`/api/v1/messages/${root.id}/thread/follow`);
    expect(off.json()).toMatchObject({ following: false, unread: 0 });
    await sent(alice, room.id, { text: 'my own reply', threadId: root.id });
    await sent(bob, room.id, { text: 'two', threadId: root.id });
    expect(await threadsIn(alice, room.id)).toEqual([]);
    const on = await alice.client.put(`/api/v1/messages/${root.id}/thread/follow`);
    expect(on.json()).toMatchObject({ following: true });
    expect((await threadsIn(alice, room.id)).map((t) => t.root.id)).toEqual([root.id]);
  });

  it('refuses thread roots that are replies, deleted, system lines or in another room (422 naming threadId)', async () => {
    const room = await roomWith(bob);
    const other = await roomWith(bob);
    const root = await sent(alice, room.id, { text: 'root' });
    const reply = await sent(bob, room.id, { text: 'reply', threadId: root.id });
    const elsewhere = await sent(alice, other.id, { text: 'elsewhere' });
    const gone = await sent(alice, room.id, { text: 'gone' });
    await alice.client.delete(`/api/v1/messages/${gone.id}`);
    const page = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    const system = page.messages.find((m) => m.kind === 'system');
    const candidates = [
      reply.id,
      elsewhere.id,
      gone.id,
      '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      ...(system ? [system.id] : []),
    ];
    for (const threadId of candidates) {
      const res = await send(bob, room.id, { text: 'no', threadId });
      expect(res.statusCode, threadId).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'threadId' }] });
    }
    expect((await alice.client.get(`/api/v1/messages/${root.id}/thread`)).json().replies).toHaveLength(1);
  });

  it('answers people outside the room exactly like a missing message', async () => {
    const room = await roomWith(bob);
    const root = await sent(alice, room.id, { text: 'private root' });
    const missing = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const [method, suffix, body] of [
      ['GET', '/thread', undefined],
      ['PUT', '/thread/follow', undefined],
      ['DELETE', '/thread/follow', undefined],
      ['PUT', '/thread/read', { seq: 1 }],
    ] as const) {
      const call = (id: string) =>
        method === 'GET'
          ? carol.client.get(`/api/v1/messages/${id}${suffix}`)
          : method === 'PUT'
            ? carol.client.put(`/api/v1/messages/${id}${suffix}`, body)
            : carol.client.delete(`/api/v1/messages/${id}${suffix}`);
      const theirs = await call(root.id);
      const none = await call(missing);
      expect(theirs.statusCode, `${method} ${suffix}`).toBe(404);
      expect(theirs.json()).toEqual(none.json());
    }
    expect((await send(carol, room.id, { text: 'sneak', threadId: root.id })).statusCode).toBe(404);
    expect((await threadsOf(carol)).threads).toEqual([]);
  });
});
