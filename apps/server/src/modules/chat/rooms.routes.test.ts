import type { Member, Message, Room, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

const texts = async (client: TestClient, roomId: string) =>
  (await client.get(`/api/v1/rooms/${roomId}/messages`))
    .json<{ messages: Message[] }>()
    .messages.map((m) => m.text);

describe.each(DATABASE_KINDS)('rooms and membership (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  it('creates a public channel with its creator as owner; a taken name answers 409', async () => {
    const name = uniqueUsername('general');
    const res = await alice.client.post('/api/v1/rooms', {
      type: 'channel',
      name,
      displayName: 'General',
      topic: 'Hello',
    });
    expect(res.statusCode).toBe(201);
    const room = res.json<{ room: Room }>().room;
    expect(room).toMatchObject({
      type: 'channel',
      name,
      displayName: 'General',
      topic: 'Hello',
      myRole: 'owner',
      memberCount: 1,
      lastSeq: 0,
    });

    const taken = await bob.client.post('/api/v1/rooms', { type: 'private', name: name.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('room_name_taken');

    const bad = await bob.client.post('/api/v1/rooms', { type: 'channel', name: 'Has Spaces!' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const unnamed = await bob.client.post('/api/v1/rooms', { type: 'channel' });
    expect(unnamed.statusCode).toBe(400);
  });

  it('starting the same DM twice returns the existing room (200), whoever starts it', async () => {
    const first = await alice.client.post('/api/v1/rooms', { type: 'direct', memberIds: [bob.user.id] });
    expect(first.statusCode).toBe(201);
    const again = await bob.client.post('/api/v1/rooms', { type: 'direct', memberIds: [alice.user.id] });
    expect(again.statusCode).toBe(200);
    const a = first.json<{ room: Room }>().room;
    const b = again.json<{ room: Room }>().room;
    expect(b.id).toBe(a.id);
    // Each sees the DM named after the other person.
    expect(a.displayName).toBe(bob.user.displayName);
    expect(b.displayName).toBe(alice.user.displayName);
    expect(a.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());

    // Concurrent starts of a new DM still give one room.
    const group = await Promise.all([
      alice.client.post('/api/v1/rooms', { type: 'direct', memberIds: [bob.user.id, carol.user.id] }),
      carol.client.post('/api/v1/rooms', { type: 'direct', memberIds: [alice.user.id, bob.user.id] }),
    ]);
    expect(new Set(group.map((r) => r.json().room.id)).size).toBe(1);
    expect(group.map((r) => r.statusCode).sort()).toEqual([200, 201]);
  });

  it('refuses DMs with more than 8 people or with people who do not exist', async () => {
    const many = await Promise.all(Array.from({ length: 8 }, () => signedInUser(app)));
    const tooMany = await alice.client.post('/api/v1/rooms', {
      type: 'direct',
      memberIds: many.map((p) => p.user.id),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 8/);
    const ghost = await alice.client.post('/api/v1/rooms', { type: 'direct', memberIds: ['nobody-such'] });
    expect(ghost.statusCode).toBe(400);
  });

  it('hides private rooms and DMs from non-members exactly like missing rooms', async () => {
    const secret = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('secret'),
      memberIds: [bob.user.id],
    });
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const missing = await carol.client.get('/api/v1/rooms/0190a000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    for (const id of [secret.id, dm.id]) {
      for (const res of [
        await carol.client.get(`/api/v1/rooms/${id}`),
        await carol.client.get(`/api/v1/rooms/${id}/messages`),
        await carol.client.get(`/api/v1/rooms/${id}/members`),
        await carol.client.post(`/api/v1/rooms/${id}/messages`, { text: 'hi', clientMsgId: 'c1' }),
        await carol.client.post(`/api/v1/rooms/${id}/join`),
        await carol.client.post(`/api/v1/rooms/${id}/read`, { seq: 1 }),
        await carol.client.patch(`/api/v1/rooms/${id}`, { topic: 'mine now' }),
        await carol.client.post(`/api/v1/rooms/${id}/members`, { userIds: [carol.user.id] }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(missing.json());
      }
    }
    const directory = (await carol.client.get('/api/v1/rooms/directory')).json<{ rooms: Room[] }>().rooms;
    expect(directory.map((r) => r.id)).not.toContain(secret.id);
    const mine = (await carol.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(mine.map((r) => r.id)).not.toContain(secret.id);
  });

  it('lets anyone find and join a public channel, with system messages for joins and leaves', async () => {
    const name = uniqueUsername('random');
    const room = await createRoom(alice.client, { type: 'channel', name, displayName: 'Random things' });
    const found = (await carol.client.get(`/api/v1/rooms/directory?q=RANDOM`)).json<{ rooms: Room[] }>()
      .rooms;
    expect(found.find((r) => r.id === room.id)).toMatchObject({ myRole: null });
    // Seeing is not reading: the history is for members.
    expect((await carol.client.get(`/api/v1/rooms/${room.id}`)).statusCode).toBe(200);
    expect((await carol.client.get(`/api/v1/rooms/${room.id}/messages`)).statusCode).toBe(404);

    const joined = await carol.client.post(`/api/v1/rooms/${room.id}/join`);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().room).toMatchObject({ myRole: 'member', memberCount: 2 });
    expect(await texts(carol.client, room.id)).toEqual([`@${carol.user.username} joined`]);

    expect((await carol.client.post(`/api/v1/rooms/${room.id}/leave`)).statusCode).toBe(204);
    expect(await texts(alice.client, room.id)).toEqual([
      `@${carol.user.username} joined`,
      `@${carol.user.username} left`,
    ]);
    expect((await carol.client.get(`/api/v1/rooms/${room.id}/messages`)).statusCode).toBe(404);
  });

  it('hands a room everyone left to whoever joins it next', async () => {
    const room = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('empty') });
    expect((await alice.client.post(`/api/v1/rooms/${room.id}/leave`)).statusCode).toBe(204);
    expect((await bob.client.get(`/api/v1/rooms/${room.id}`)).json().room.memberCount).toBe(0);
    expect((await bob.client.post(`/api/v1/rooms/${room.id}/join`)).json().room.myRole).toBe('owner');
  });

  it('runs roles: owners change roles, moderators remove members, the last owner cannot step down', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('ops'),
      memberIds: [bob.user.id, carol.user.id],
    });
    // Members cannot moderate.
    expect((await bob.client.delete(`/api/v1/rooms/${room.id}/members/${carol.user.id}`)).statusCode).toBe(
      403,
    );
    expect((await bob.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'mine' })).statusCode).toBe(403);
    expect(
      (await bob.client.patch(`/api/v1/rooms/${room.id}/members/${bob.user.id}`, { role: 'owner' }))
        .statusCode,
    ).toBe(403);

    const promoted = await alice.client.patch(`/api/v1/rooms/${room.id}/members/${bob.user.id}`, {
      role: 'moderator',
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json<{ member: Member }>().member).toMatchObject({ role: 'moderator' });
    // A moderator may set the topic and remove a member, but not an owner.
    expect(
      (await bob.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'Deploys only' })).json().room.topic,
    ).toBe('Deploys only');
    expect((await bob.client.delete(`/api/v1/rooms/${room.id}/members/${alice.user.id}`)).statusCode).toBe(
      403,
    );
    expect((await bob.client.delete(`/api/v1/rooms/${room.id}/members/${carol.user.id}`)).statusCode).toBe(
      204,
    );
    expect((await carol.client.get(`/api/v1/rooms/${room.id}`)).statusCode).toBe(404);

    const demoteSelf = await alice.client.patch(`/api/v1/rooms/${room.id}/members/${alice.user.id}`, {
      role: 'member',
    });
    expect(demoteSelf.statusCode).toBe(409);
    const members = (await alice.client.get(`/api/v1/rooms/${room.id}/members`)).json<{ members: Member[] }>()
      .members;
    expect(members.map((m) => [m.user.id, m.role])).toEqual([
      [alice.user.id, 'owner'],
      [bob.user.id, 'moderator'],
    ]);
    expect(await texts(alice.client, room.id)).toEqual([
      `@${alice.user.username} made @${bob.user.username} a moderator`,
      `@${bob.user.username} changed the topic to: Deploys only`,
      `@${bob.user.username} removed @${carol.user.username}`,
    ]);

    // The last owner leaving hands the room to the moderator.
    expect((await alice.client.post(`/api/v1/rooms/${room.id}/leave`)).statusCode).toBe(204);
    expect((await bob.client.get(`/api/v1/rooms/${room.id}`)).json().room.myRole).toBe('owner');
  });

  it('archives a room: readable, not writable, until an owner unarchives it', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('old'),
      memberIds: [bob.user.id],
    });
    await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'before', clientMsgId: 'a1' });
    expect((await bob.client.patch(`/api/v1/rooms/${room.id}`, { archived: true })).statusCode).toBe(403);
    const archived = await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: true });
    expect(archived.json().room.archived).toBe(true);
    const post = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'after',
      clientMsgId: 'b1',
    });
    expect(post.statusCode).toBe(409);
    expect(post.json().error.code).toBe('room_archived');
    expect(await texts(bob.client, room.id)).toEqual(['before', `@${alice.user.username} archived the room`]);
    expect((await alice.client.patch(`/api/v1/rooms/${room.id}`, { topic: 'x' })).statusCode).toBe(409);
    expect(
      (await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: false })).json().room.archived,
    ).toBe(false);
  });

  it("shows a team's channels to its members only, and discussions to the parent's members", async () => {
    const team = await createRoom(alice.client, {
      type: 'team',
      name: uniqueUsername('design'),
      memberIds: [bob.user.id],
    });
    const teamChannel = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('design-private'),
      teamId: team.id,
    });
    expect(teamChannel.teamId).toBe(team.id);
    // Bob is in the team: he sees and may join its private channel; Carol is not.
    const bobDirectory = (await bob.client.get('/api/v1/rooms/directory')).json<{ rooms: Room[] }>().rooms;
    expect(bobDirectory.map((r) => r.id)).toContain(teamChannel.id);
    const teamOnly = (await bob.client.get(`/api/v1/rooms/directory?teamId=${team.id}`)).json<{
      rooms: Room[];
    }>();
    expect(teamOnly.rooms.map((r) => r.id)).toEqual([teamChannel.id]);
    const carolView = (await carol.client.get(`/api/v1/rooms/directory?teamId=${team.id}`)).json<{
      rooms: Room[];
    }>();
    expect(carolView.rooms).toEqual([]);
    expect((await bob.client.post(`/api/v1/rooms/${teamChannel.id}/join`)).statusCode).toBe(200);
    expect((await carol.client.get(`/api/v1/rooms/${teamChannel.id}`)).statusCode).toBe(404);
    // Only team members create channels in it.
    expect(
      (
        await carol.client.post('/api/v1/rooms', {
          type: 'channel',
          name: uniqueUsername('x'),
          teamId: team.id,
        })
      ).statusCode,
    ).toBe(404);

    const parent = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('parent'),
      memberIds: [bob.user.id],
    });
    const source = (
      await alice.client.post(`/api/v1/rooms/${parent.id}/messages`, {
        text: 'Shall we redo the logo?\nmore',
        clientMsgId: 's1',
      })
    ).json().message as Message;
    const discussion = await createRoom(alice.client, {
      type: 'discussion',
      parentId: parent.id,
      sourceMessageId: source.id,
    });
    expect(discussion).toMatchObject({
      type: 'discussion',
      parentId: parent.id,
      sourceMessageId: source.id,
      displayName: 'Shall we redo the logo?',
      name: null,
    });
    const shown = (await alice.client.get(`/api/v1/rooms/${parent.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(shown.messages.find((m) => m.id === source.id)?.discussion).toEqual({
      roomId: discussion.id,
      displayName: 'Shall we redo the logo?',
    });
    expect((await texts(alice.client, parent.id)).at(-1)).toBe(
      `@${alice.user.username} started a discussion: Shall we redo the logo?`,
    );
    expect((await bob.client.get(`/api/v1/rooms/${discussion.id}`)).statusCode).toBe(200);
    expect((await bob.client.post(`/api/v1/rooms/${discussion.id}/join`)).statusCode).toBe(200);
    expect((await carol.client.get(`/api/v1/rooms/${discussion.id}`)).statusCode).toBe(404);
    // A discussion needs a parent the creator is in.
    expect(
      (
        await carol.client.post('/api/v1/rooms', {
          type: 'discussion',
          parentId: parent.id,
          displayName: 'Mine',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists my rooms with unread and mention counts and a last-read seq that only moves forward', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('counts'),
      memberIds: [bob.user.id],
    });
    for (const [i, text] of ['one', `hey @${bob.user.username}`, 'three'].entries()) {
      await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text, clientMsgId: `m${i}` });
    }
    const summary = async (client: TestClient) =>
      (await client.get('/api/v1/rooms'))
        .json<{ rooms: RoomSummary[] }>()
        .rooms.find((r) => r.id === room.id)!;
    expect(await summary(bob.client)).toMatchObject({
      unread: 3,
      mentions: 1,
      lastReadSeq: 0,
      lastMessage: { text: 'three', seq: 3 },
    });
    // The sender has read what they sent.
    expect(await summary(alice.client)).toMatchObject({ unread: 0, mentions: 0, lastReadSeq: 3 });

    expect((await bob.client.post(`/api/v1/rooms/${room.id}/read`, { seq: 2 })).json()).toEqual({
      roomId: room.id,
      seq: 2,
    });
    expect(await summary(bob.client)).toMatchObject({ unread: 1, mentions: 0, lastReadSeq: 2 });
    // Never backwards, never past the newest message.
    expect((await bob.client.post(`/api/v1/rooms/${room.id}/read`, { seq: 1 })).json().seq).toBe(2);
    expect((await bob.client.post(`/api/v1/rooms/${room.id}/read`, { seq: 999 })).json().seq).toBe(3);
  });
});
