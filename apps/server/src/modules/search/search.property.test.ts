import fc from 'fast-check';
import { sql } from 'kysely';
import type { Message, SearchResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const WORDS = ['apple', 'banana', 'cherry', 'delta', 'echo', 'café'] as const;
/** How the tokenizers see a word: case and accents folded (FTS5 folds accents; `simple` does not). */
const fold = (w: string, kind: string) =>
  kind === 'sqlite' ? w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : w.toLowerCase();

type Action =
  | { kind: 'send'; who: 0 | 1; words: string[] }
  | { kind: 'edit'; pick: number; words: string[] }
  | { kind: 'delete'; pick: number }
  | { kind: 'purge' }
  | { kind: 'search'; word: string }
  | { kind: 'junk'; q: string; params: Record<string, string> };

/**
 * Random sends, edits, deletions, purges and searches (issue 20): search never answers 5xx, finds
 * exactly the live messages whose text has the word (a model kept beside), only in the searcher's
 * rooms, and on SQLite the FTS5 indexes agree with their tables afterwards.
 */
describe.each(DATABASE_KINDS)('search under random changes (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    // Searches and sends are many here; the limits have their own tests.
    const admin = await signedInUser(app, { role: 'admin' });
    const res = await admin.client.patch('/api/v1/admin/settings', {
      limits: { searchesPerMinute: 100_000, messagesPerMinute: 100_000, messageChangesPerMinute: 100_000 },
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => app.close());

  const words = fc.array(fc.constantFrom(...WORDS, 'Apple', 'ECHO', 'cafe'), { minLength: 1, maxLength: 4 });
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('send' as const), who: fc.constantFrom(0 as const, 1 as const), words }),
    fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), words }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('purge' as const) }),
    fc.record({ kind: fc.constant('search' as const), word: fc.constantFrom(...WORDS, 'APPLE', 'cafe') }),
    fc.record({
      kind: fc.constant('junk' as const),
      q: fc.string({ maxLength: 40 }),
      params: fc.dictionary(
        fc.constantFrom('from', 'has', 'before', 'after', 'cursor', 'limit', 'roomId'),
        fc.string({ maxLength: 12 }),
        { maxKeys: 3 },
      ),
    }),
  );

  it('matches a model of the live messages and never fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const people = [alice, bob] as const;
        const room = await createRoom(alice.client, {
          type: 'private',
          name: uniqueUsername('prop'),
          memberIds: [bob.user.id],
        });
        const model = new Map<string, { text: string; author: 0 | 1 }>();
        const pick = (n: number) => [...model.keys()][n % Math.max(1, model.size)];
        for (const a of actions) {
          if (a.kind === 'send') {
            const res = await people[a.who].client.post(`/api/v1/rooms/${room.id}/messages`, {
              text: a.words.join(' '),
              clientMsgId: uniqueUsername('c'),
            });
            expect(res.statusCode).toBe(201);
            model.set(res.json<{ message: Message }>().message.id, {
              text: a.words.join(' '),
              author: a.who,
            });
          } else if (a.kind === 'edit' || a.kind === 'delete') {
            const id = pick(a.pick);
            if (id === undefined) continue;
            const author = people[model.get(id)!.author];
            const res =
              a.kind === 'edit'
                ? await author.client.patch(`/api/v1/messages/${id}`, { text: a.words.join(' ') })
                : await author.client.delete(`/api/v1/messages/${id}`);
            expect(res.statusCode).toBe(200);
            if (a.kind === 'edit') model.set(id, { ...model.get(id)!, text: a.words.join(' ') });
            else model.delete(id);
          } else if (a.kind === 'purge') {
            await app.services.chat.messages.purgeRoom(room.id);
            model.clear();
          } else if (a.kind === 'search') {
            const res = await bob.client.get(
              `/api/v1/search?${new URLSearchParams({ q: a.word, roomId: room.id, limit: '50' }).toString()}`,
            );
            expect(res.statusCode, res.body).toBe(200);
            const found = res.json<SearchResponse>().results.map((r) => r.message.id);
            const target = fold(a.word, kind);
            const expected = [...model.entries()]
              .filter(([, m]) => m.text.split(' ').some((w) => fold(w, kind) === target))
              .map(([id]) => id);
            expect(found.sort()).toEqual(expected.sort());
          } else {
            const res = await bob.client.get(
              `/api/v1/search?${new URLSearchParams({ ...a.params, q: a.q }).toString()}`,
            );
            expect(res.statusCode, res.body).toBeLessThan(500);
            if (res.statusCode === 200) {
              for (const r of res.json<SearchResponse>().results) {
                const member = await app.db.kysely
                  .selectFrom('room_members')
                  .select('user_id')
                  .where('room_id', '=', r.message.roomId)
                  .where('user_id', '=', bob.user.id)
                  .executeTakeFirst();
                expect(member).toBeDefined();
                expect(r.message.deletedAt).toBeNull();
                for (const [start, end] of r.highlights) {
                  expect(0 <= start && start < end && end <= r.snippet.length).toBe(true);
                }
              }
            } else {
              expect(res.json().error.code).toEqual(expect.any(String));
            }
          }
        }
      }),
      { numRuns: 20 },
    );
    if (kind === 'sqlite') {
      // FTS5 compares every index with its table: throws (SQLITE_CORRUPT_VTAB) on any difference.
      await sql`insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)`.execute(
        app.db.kysely,
      );
      await sql`insert into uploads_fts(uploads_fts, rank) values ('integrity-check', 1)`.execute(
        app.db.kysely,
      );
    }
  });
});
