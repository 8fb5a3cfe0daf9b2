import { MAX_REACTIONS_PER_PERSON, type Message, type RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { privateRoom, sentMessage, signedInPeople, type Person } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const path = (messageId: string, emoji: string) =>
  `/api/v1/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;

describe.each(DATABASE_KINDS)('reactions (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  const messageInRoom = async () => {
    const room = await privateRoom(alice, bob);
    return { room, message: await sentMessage(alice, room.id, { text: 'react to me' }) };
  };

  it('adds and removes reactions idempotently, with counts, `me` for the caller and who reacted', async () => {
    const { room, message } = await messageInRoom();
    const first = await alice.client.put(path(message.id, '👍'));
    expect(first.statusCode).toBe(200);
    expect(first.json().message.reactions).toEqual([
      { emoji: '👍', count: 1, me: true, by: [{ id: alice.user.id, displayName: alice.user.displayName }] },
    ]);
    expect((await alice.client.put(path(message.id, '👍'))).json().message.reactions[0].count).toBe(1);
    const bobs = await bob.client.put(path(message.id, '👍'));
    expect(bobs.json().message.reactions).toEqual([
      {
        emoji: '👍',
        count: 2,
        me: true,
        by: [
          { id: alice.user.id, displayName: alice.user.displayName },
          { id: bob.user.id, displayName: bob.user.displayName },
        ],
      },
    ]);
    await bob.client.put(path(message.id, '👨‍👩‍👧'));
    // The page shows what the viewer did: Alice did not use the family emoji.
    const page = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(page.messages[0]?.reactions.map((r) => [r.emoji, r.count, r.me])).toEqual([
      ['👍', 2, true],
      ['👨‍👩‍👧', 1, false],
    ]);
    expect((await alice.client.delete(path(message.id, '👍'))).json().message.reactions).toEqual([
      { emoji: '👍', count: 1, me: false, by: [{ id: bob.user.id, displayName: bob.user.displayName }] },
      expect.objectContaining({ emoji: '👨‍👩‍👧', count: 1 }),
    ]);
    expect((await alice.client.delete(path(message.id, '👍'))).statusCode).toBe(200);
  });

  it('refuses what is not one emoji, non-members (404 like a missing message), deleted messages and the limit', async () => {
    const { room, message } = await messageInRoom();
    for (const bad of ['a', '👍👍', '%F0', ':)', ' ']) {
      const res = await alice.client.put(`/api/v1/messages/${message.id}/reactions/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const outsider = await carol.client.put(path(message.id, '👍'));
    expect(outsider.statusCode).toBe(404);
    const missing = await alice.client.put(path('01HZZZZZZZZZZZZZZZZZZZZZZZ', '👍'));
    expect(missing.statusCode).toBe(404);
    expect(outsider.json()).toEqual(missing.json());

    const emoji = [
      '😀',
      '😁',
      '😂',
      '🤣',
      '😃',
      '😄',
      '😅',
      '😆',
      '😉',
      '😊',
      '😋',
      '😎',
      '😍',
      '😘',
      '🥰',
      '😗',
      '😙',
      '😚',
      '🙂',
      '🤗',
      '🤩',
    ];
    for (const e of emoji.slice(0, MAX_REACTIONS_PER_PERSON)) {
      expect((await alice.client.put(path(message.id, e))).statusCode).toBe(200);
    }
    const over = await alice.client.put(path(message.id, emoji[MAX_REACTIONS_PER_PERSON] as string));
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('reaction_limit');
    // Re-adding one already there is fine; another person has their own allowance.
    expect((await alice.client.put(path(message.id, '😀'))).statusCode).toBe(200);
    expect((await bob.client.put(path(message.id, '🤩'))).statusCode).toBe(200);

    await alice.client.delete(`/api/v1/messages/${message.id}`);
    const onDeleted = await bob.client.put(path(message.id, '👍'));
    expect(onDeleted.statusCode).toBe(409);
    expect(onDeleted.json().error.code).toBe('conflict');
    // A deleted message keeps no reactions.
    const page = (await bob.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{ messages: Message[] }>();
    expect(page.messages[0]?.deletedAt).not.toBeNull();
    expect(page.messages[0]?.reactions).toEqual([]);
  });

  it('does not change the room’s unread count', async () => {
    const { room, message } = await messageInRoom();
    await bob.client.put(path(message.id, '🎉'));
    const rooms = (await alice.client.get('/api/v1/rooms')).json<{ rooms: RoomSummary[] }>().rooms;
    expect(rooms.find((r) => r.id === room.id)?.unread).toBe(0);
  });
});
