import type { Message } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInUser, uniqueUsername } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

type Person = Awaited<ReturnType<typeof signedInUser>>;

describe.each(DATABASE_KINDS)('messages (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let admin: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol, admin] = await Promise.all([
      signedInUser(app, { username: uniqueUsername('alice') }),
      signedInUser(app, { username: uniqueUsername('bob') }),
      signedInUser(app, { username: uniqueUsername('carol') }),
      signedInUser(app, { role: 'admin' }),
    ]);
  });
  afterAll(async () => app.close());

  const channelWithBob = () =>
    createRoom(alice.client, { type: 'channel', name: uniqueUsername('room'), memberIds: [bob.user.id] });

  it('gives each message the next seq; a retried clientMsgId returns the first message, not a duplicate', async () => {
    const room = await channelWithBob();
    const first = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'hello',
      clientMsgId: 'retry-me',
    });
    expect(first.statusCode).toBe(201);
    const message = first.json<{ message: Message }>().message;
    expect(message).toMatchObject({
      roomId: room.id,
      seq: 1,
      kind: 'user',
      text: 'hello',
      clientMsgId: 'retry-me',
      author: { id: alice.user.id, username: alice.user.username },
      editedAt: null,
      deletedAt: null,
      replyToId: null,
    });
    const retry = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'hello',
      clientMsgId: 'retry-me',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().message).toEqual(message);
    // The same clientMsgId from someone else is their own message.
    const bobs = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'hi',
      clientMsgId: 'retry-me',
    });
    expect(bobs.statusCode).toBe(201);
    expect(bobs.json().message.seq).toBe(2);

    // Concurrent retries of one send still make one message.
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'once', clientMsgId: 'burst' }),
      ),
    );
    expect(new Set(burst.map((r) => r.json().message.id)).size).toBe(1);
    const page = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps seq strictly increasing without gaps under concurrent senders', async () => {
    const room = await channelWithBob();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? alice : bob).client.post(`/api/v1/rooms/${room.id}/messages`, {
          text: `n${i}`,
          clientMsgId: `c${i}`,
        }),
      ),
    );
    const { messages } = (await alice.client.get(`/api/v1/rooms/${room.id}/messages?limit=100`)).json<{
      messages: Message[];
    }>();
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.text)).size).toBe(30);
  });

  it('pages history by seq: newest page, older with before, catch-up with after', async () => {
    const room = await channelWithBob();
    for (let i = 1; i <= 7; i++) {
      await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: `m${i}`, clientMsgId: `p${i}` });
    }
    const page = async (query: string) =>
      (await bob.client.get(`/api/v1/rooms/${room.id}/messages?${query}`)).json<{
        messages: Message[];
        hasMore: boolean;
      }>();
    const newest = await page('limit=3');
    expect(newest.messages.map((m) => m.text)).toEqual(['m5', 'm6', 'm7']);
    expect(newest.hasMore).toBe(true);
    const older = await page('limit=3&before=5');
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const oldest = await page('limit=3&before=2');
    expect(oldest).toMatchObject({ hasMore: false });
    expect(oldest.messages.map((m) => m.seq)).toEqual([1]);
    const missed = await page('after=4&limit=2');
    expect(missed.messages.map((m) => m.seq)).toEqual([5, 6]);
    expect(missed.hasMore).toBe(true);
    expect((await page('after=6')).messages.map((m) => m.seq)).toEqual([7]);
    expect((await bob.client.get(`/api/v1/rooms/${room.id}/messages?limit=0`)).statusCode).toBe(400);
    expect((await bob.client.get(`/api/v1/rooms/${room.id}/messages?before=abc`)).statusCode).toBe(400);
  });

  it('edits and soft-deletes: author or moderators only; deleted text leaves the database', async () => {
    const room = await channelWithBob();
    const sent = (
      await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
        text: 'top secret plan',
        clientMsgId: 'd1',
      })
    ).json<{ message: Message }>().message;

    const edited = await bob.client.patch(`/api/v1/messages/${sent.id}`, { text: 'secret plan v2' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().message).toMatchObject({ text: 'secret plan v2', seq: sent.seq });
    expect(edited.json().message.editedAt).not.toBeNull();

    // Carol is not in the room: the message does not exist for her.
    expect((await carol.client.patch(`/api/v1/messages/${sent.id}`, { text: 'x' })).statusCode).toBe(404);
    expect((await carol.client.delete(`/api/v1/messages/${sent.id}`)).statusCode).toBe(404);
    // A member who is not the author may not touch it; the room's owner may.
    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [carol.user.id] });
    expect((await carol.client.patch(`/api/v1/messages/${sent.id}`, { text: 'x' })).statusCode).toBe(403);
    expect((await carol.client.delete(`/api/v1/messages/${sent.id}`)).statusCode).toBe(403);

    const deleted = await alice.client.delete(`/api/v1/messages/${sent.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().message).toMatchObject({ text: '', mentions: [], seq: sent.seq });
    expect(deleted.json().message.deletedAt).not.toBeNull();
    expect((await bob.client.patch(`/api/v1/messages/${sent.id}`, { text: 'undo' })).statusCode).toBe(409);
    const rows = await app.db.kysely
      .selectFrom('messages')
      .select('text')
      .where('id', '=', sent.id)
      .execute();
    expect(rows).toEqual([{ text: '' }]);
    const dump = JSON.stringify(await app.db.kysely.selectFrom('messages').selectAll().execute());
    expect(dump).not.toContain('secret plan');
  });

  it('lets a workspace administrator moderate messages in a room they are in', async () => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('mod'),
      memberIds: [admin.user.id],
    });
    const sent = (
      await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'spam', clientMsgId: 'x' })
    ).json().message as Message;
    expect((await admin.client.delete(`/api/v1/messages/${sent.id}`)).statusCode).toBe(200);
  });

  it('records replies and mentions of members (not in code, not of non-members, not of oneself)', async () => {
    const room = await channelWithBob();
    const question = (
      await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'Lunch?', clientMsgId: 'q' })
    ).json().message as Message;
    const answer = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: `@${alice.user.username} yes! cc @${carol.user.username} \`@${alice.user.username}\` @${bob.user.username}`,
      clientMsgId: 'a',
      replyToId: question.id,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().message).toMatchObject({
      replyToId: question.id,
      replyTo: { id: question.id, text: 'Lunch?', deleted: false, author: { id: alice.user.id } },
      mentions: [alice.user.id],
    });
    const other = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('other') });
    const elsewhere = (
      await alice.client.post(`/api/v1/rooms/${other.id}/messages`, { text: 'x', clientMsgId: 'e' })
    ).json().message as Message;
    const wrongRoom = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'y',
      clientMsgId: 'w',
      replyToId: elsewhere.id,
    });
    expect(wrongRoom.statusCode).toBe(400);
  });

  it('refuses empty, blank and oversized messages with clear errors and writes nothing', async () => {
    const room = await channelWithBob();
    for (const body of [
      { text: '', clientMsgId: 'a' },
      { text: '   \n ', clientMsgId: 'b' },
      { text: 'x'.repeat(10_001), clientMsgId: 'c' },
      { text: 'no id' },
      { text: 'bad id', clientMsgId: 'has spaces' },
      { text: 42, clientMsgId: 'd' },
    ]) {
      const res = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(
      (
        await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
          text: 'x'.repeat(10_000),
          clientMsgId: 'max',
        })
      ).statusCode,
    ).toBe(201);
    const { messages } = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(messages.map((m) => m.seq)).toEqual([1]);
  });

  it('runs slash commands: /topic, /invite, /me, /leave; unknown ones get a clear private answer', async () => {
    const room = await channelWithBob();
    const command = (text: string, who = alice) =>
      who.client.post(`/api/v1/rooms/${room.id}/commands`, { text });

    // What the room's system lines say to everyone is not echoed privately as well.
    expect((await command('/topic Release week')).json()).toMatchObject({ command: 'topic', reply: null });
    expect((await alice.client.get(`/api/v1/rooms/${room.id}`)).json().room.topic).toBe('Release week');

    const invited = await command(`/invite @${carol.user.username} @${bob.user.username}`);
    expect(invited.json().reply).toBe(`@${bob.user.username} is already here`);
    expect((await command('/invite @nobody-at-all')).statusCode).toBe(400);

    const me = await command('/me waves', bob);
    expect(me.json().message).toMatchObject({ text: 'waves', action: true, author: { id: bob.user.id } });

    const unknown = await command('/dance now');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_command' });
    expect(unknown.json().error.message).toContain('/dance');
    expect(unknown.json().error.message).toContain('/topic');

    expect((await command('/leave', carol)).json().reply).toBeNull();
    expect((await carol.client.get(`/api/v1/rooms/${room.id}`)).statusCode).toBe(200); // public, still visible
    expect((await carol.client.get(`/api/v1/rooms/${room.id}/messages`)).statusCode).toBe(404);
    // Commands need membership too.
    expect((await command('/topic hijack', carol)).statusCode).toBe(404);

    const list = (await alice.client.get('/api/v1/commands')).json().commands as { name: string }[];
    expect(list.map((c) => c.name)).toEqual(['invite', 'jitsi', 'leave', 'me', 'topic']);
  });
});
