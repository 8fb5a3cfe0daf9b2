import type { Message, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { recordingRealtime } from '../../test/fakes.js';
import { privateRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createUnitOfWork } from '../../unit-of-work.js';
import { SendBatcher, type BatchedSend } from './send-batcher.js';

/**
 * Many sends into one room at once: on PostgreSQL they share one statement per commit
 * (SendBatcher); on SQLite one commit (the unit of work's group). Either way every send gets its own
 * seq, in one unbroken run, and each sender's read marker ends at their newest message. The batcher
 * itself is tested on both (SQLite's server does not use it, its repository method works there too).
 */
describe.each(DATABASE_KINDS)('a busy room (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  const send = (who: Person, roomId: string, text: string, clientMsgId = uniqueUsername('c')) =>
    who.client.post(`/api/v1/rooms/${roomId}/messages`, { text, clientMsgId });

  it('gives 90 concurrent sends 90 seqs in a row, their mentions, and each sender read up to their newest', async () => {
    const room = await privateRoom(alice, bob, carol);
    const people = [alice, bob, carol];
    const answers = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        send(people[i % 3]!, room.id, i % 10 === 0 ? `ping @${carol.user.username} ${i}` : `message ${i}`),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
    const sent = answers.map((a) => a.json<{ message: Message }>().message);
    const seqs = sent.map((m) => m.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(90);
    expect(seqs.at(-1)! - seqs[0]! + 1).toBe(90);

    const page = await alice.client.get(`/api/v1/rooms/${room.id}/messages?limit=100`);
    const stored = page.json<{ messages: Message[] }>().messages.filter((m) => m.kind === 'user');
    expect(stored.map((m) => [m.id, m.seq, m.text]).sort()).toEqual(
      sent.map((m) => [m.id, m.seq, m.text]).sort(),
    );

    const summary = async (who: Person) =>
      (await who.client.get('/api/v1/rooms'))
        .json<{ rooms: RoomSummary[] }>()
        .rooms.find((r) => r.id === room.id)!;
    for (const [i, who] of people.entries()) {
      const newest = Math.max(...sent.filter((_, j) => j % 3 === i).map((m) => m.seq));
      expect((await summary(who)).lastReadSeq).toBe(newest);
    }
    // Carol's mentions sent after her own newest message are still unread mentions.
    const carolNewest = Math.max(...sent.filter((_, j) => j % 3 === 2).map((m) => m.seq));
    const mentionsAfter = sent.filter((m, j) => j % 10 === 0 && j % 3 !== 2 && m.seq > carolNewest).length;
    expect((await summary(carol)).mentions).toBe(mentionsAfter);
    // Ten pings; the three Carol sent herself mention nobody.
    expect(sent.filter((m) => m.mentions.includes(carol.user.id))).toHaveLength(6);
  });

  it('answers a retried clientMsgId with the first message, even within the same burst', async () => {
    const room = await privateRoom(alice, bob);
    const answers = await Promise.all([
      send(alice, room.id, 'once', 'same-id'),
      send(bob, room.id, 'other'),
      send(alice, room.id, 'once', 'same-id'),
    ]);
    const [first, , again] = answers.map((a) => a.json<{ message: Message }>().message);
    expect(again!.id).toBe(first!.id);
    const page = await alice.client.get(`/api/v1/rooms/${room.id}/messages`);
    const texts = page
      .json<{ messages: Message[] }>()
      .messages.filter((m) => m.kind === 'user')
      .map((m) => m.text);
    expect(texts.sort()).toEqual(['once', 'other']);
  });

  it('writes nothing of a batch in which one sender is no longer a member, or whose room is archived', async () => {
    const uow = createUnitOfWork(app.db, recordingRealtime());
    const batcher = new SendBatcher(uow);
    const room = await privateRoom(alice, bob);
    const nowIso = new Date().toISOString();
    const message = (who: Person, text: string): BatchedSend => ({
      roomId: room.id,
      kind: 'user',
      authorId: who.user.id,
      text,
      clientMsgId: uniqueUsername('c'),
      nowIso,
    });
    const placed: string[] = [];
    const note = (row: { text: string }) => void placed.push(row.text);
    // Carol never joined: the whole batch goes back to its callers (null) and nothing is stored.
    const outcomes = await Promise.all([
      batcher.append(message(alice, 'a'), note),
      batcher.append(message(carol, 'c'), note),
      batcher.append(message(bob, 'b'), note),
    ]);
    expect(outcomes).toEqual([null, null, null]);
    expect(placed).toEqual([]);
    const count = async () =>
      (
        await app.db.kysely
          .selectFrom('messages')
          .select('id')
          .where('room_id', '=', room.id)
          .where('kind', '=', 'user')
          .execute()
      ).length;
    const before = await count();

    const ok = await Promise.all([
      batcher.append(message(alice, 'a2'), note),
      batcher.append(message(bob, 'b2'), note),
    ]);
    expect(ok.map((r) => r?.text)).toEqual(['a2', 'b2']);
    expect(ok[1]!.seq).toBe(ok[0]!.seq + 1);
    expect(placed).toEqual(['a2', 'b2']);
    expect(await count()).toBe(before + 2);

    await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: true });
    expect(await batcher.append(message(alice, 'late'), note)).toBeNull();
    expect(await count()).toBe(before + 2);
  });
});
