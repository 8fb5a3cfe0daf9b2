import fc from 'fast-check';
import { MAX_REACTIONS_PER_PERSON } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Random sequences of reactions, thread replies, follows, reads and deletes, with random emoji, ids
 * and bodies, from two members and an outsider: every answer is a 2xx or a 4xx with the error shape,
 * never a 5xx; afterwards each root's summary counts its replies, threads are one level deep and in
 * their root's room, nobody passes the reaction limit and deleted messages keep no reactions.
 */
describe.each(DATABASE_KINDS)('reactions and threads under random input (%s)', (kind) => {
  let app: TestApp;
  let people: Record<'alice' | 'bob' | 'carol', Person>;
  let roomId: string;
  let otherRoomId: string;
  const messageIds: string[] = ['missing-message', '01HZZZZZZZZZZZZZZZZZZZZZZZ'];

  beforeAll(async () => {
    app = await createTestApp(kind);
    const [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    people = { alice, bob, carol };
    roomId = (
      await createRoom(alice.client, {
        type: 'channel',
        name: uniqueUsername('fz'),
        memberIds: [bob.user.id],
      })
    ).id;
    otherRoomId = (await createRoom(carol.client, { type: 'private', name: uniqueUsername('fz') })).id;
    for (const [who, room] of [
      [alice, roomId],
      [bob, roomId],
      [carol, otherRoomId],
    ] as const) {
      const res = await who.client.post(`/api/v1/rooms/${room}/messages`, {
        text: 'seed',
        clientMsgId: uniqueUsername('s'),
      });
      messageIds.push(res.json().message.id as string);
    }
  });
  afterAll(async () => app.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  );
  const emoji = fc.oneof(
    fc.constantFrom('👍', '🎉', '👨‍👩‍👧', '🇫🇷', '1️⃣', '👋🏽', '❤️'),
    fc.string({ maxLength: 6, unit: 'grapheme' }),
    fc.string({ maxLength: 4, unit: 'binary' }),
  );
  const message = fc.nat();
  const op = fc.oneof(
    fc.record({ kind: fc.constant('react' as const), message, emoji, add: fc.boolean() }),
    fc.record({
      kind: fc.constant('reply' as const),
      message,
      text: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('@bob hi')),
      threadId: fc.oneof(fc.constant(undefined), anyValue),
    }),
    fc.record({ kind: fc.constant('follow' as const), message, on: fc.boolean() }),
    fc.record({
      kind: fc.constant('read' as const),
      message,
      body: fc.oneof(anyValue, fc.record({ seq: anyValue })),
    }),
    fc.record({
      kind: fc.constant('thread' as const),
      message,
      query: fc.constantFrom('', '?after=2', '?limit=1', '?after=-1', '?limit=x'),
    }),
    fc.record({ kind: fc.constant('list' as const) }),
    fc.record({ kind: fc.constant('delete' as const), message }),
  );

  it('answers random sequences with 2xx or a 4xx error, never a 5xx, and keeps threads and reactions consistent', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom<keyof typeof people>('alice', 'bob', 'carol'), op), {
          minLength: 1,
          maxLength: 6,
        }),
        async (steps) => {
          for (const [who, step] of steps) {
            const client = people[who].client;
            const m = 'message' in step ? (messageIds[step.message % messageIds.length] as string) : '';
            let res;
            switch (step.kind) {
              case 'react':
                res = await client.request(
                  step.add ? 'PUT' : 'DELETE',
                  `/api/v1/messages/${m}/reactions/${encodeURIComponent(step.emoji)}`,
                );
                break;
              case 'reply':
                res = await client.post(`/api/v1/rooms/${roomId}/messages`, {
                  text: step.text,
                  clientMsgId: uniqueUsername('r'),
                  threadId: step.threadId === undefined ? m : step.threadId,
                });
                if (res.statusCode === 201) messageIds.push(res.json().message.id as string);
                break;
              case 'follow':
                res = await client.request(step.on ? 'PUT' : 'DELETE', `/api/v1/messages/${m}/thread/follow`);
                break;
              case 'read':
                res = await client.put(`/api/v1/messages/${m}/thread/read`, step.body);
                break;
              case 'thread':
                res = await client.get(`/api/v1/messages/${m}/thread${step.query}`);
                break;
              case 'list':
                res = await client.get('/api/v1/threads');
                break;
              case 'delete':
                res = await client.delete(`/api/v1/messages/${m}`);
                break;
            }
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            expect(res.statusCode, `${who} ${JSON.stringify(step)} → ${res.body}`).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.json()).toMatchObject({
                error: { code: expect.any(String), message: expect.any(String) },
              });
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // Not vacuous: replies and reactions went through, and outsiders met 404s.
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(ok, JSON.stringify([...statuses])).toBeGreaterThan(20);
    expect(statuses.get(404)).toBeGreaterThan(0);

    const db = app.db.kysely;
    const messages = await db.selectFrom('messages').selectAll().execute();
    const byId = new Map(messages.map((r) => [r.id, r]));
    for (const row of messages) {
      const replies = messages.filter((r) => r.thread_id === row.id);
      expect(Number(row.thread_replies), `summary of ${row.id}`).toBe(replies.length);
      if (row.thread_id !== null) {
        const root = byId.get(row.thread_id);
        expect(root?.thread_id, 'one level').toBeNull();
        expect(root?.room_id).toBe(row.room_id);
      }
    }
    const reactions = await db.selectFrom('message_reactions').selectAll().execute();
    const perPerson = new Map<string, number>();
    for (const r of reactions) {
      expect(byId.get(r.message_id)?.deleted_at, 'no reactions on deleted messages').toBeNull();
      const key = `${r.message_id}:${r.user_id}`;
      perPerson.set(key, (perPerson.get(key) ?? 0) + 1);
    }
    for (const n of perPerson.values()) expect(n).toBeLessThanOrEqual(MAX_REACTIONS_PER_PERSON);
    // The outsider reached nothing in the channel.
    const carolId = people.carol.user.id;
    expect(
      reactions.filter((r) => r.user_id === carolId && byId.get(r.message_id)?.room_id === roomId),
    ).toEqual([]);
  });
});
