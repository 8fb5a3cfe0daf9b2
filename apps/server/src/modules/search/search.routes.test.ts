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
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** A word no other test uses (the app is shared by the tests of one database). */
const word = (base = 'word') => uniqueUsername(base);

describe.each(DATABASE_KINDS)('GET /search (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const clock = fixedClock('2026-11-23T10:00:00.000Z');

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  const channel = (owner: Person, members: Person[] = []) =>
    createRoom(owner.client, {
      type: 'channel',
      name: uniqueUsername('room'),
      memberIds: members.map((m) => m.user.id),
    });
  const send = async (who: Person, roomId: string, text: string): Promise<Message> => {
    const res = await who.client.post(`/api/v1/rooms/${roomId}/messages`, { text, clientMsgId: word('c') });
    expect(res.statusCode).toBe(201);
    return res.json<{ message: Message }>().message;
  };
  const search = async (who: Person, params: Record<string, string>) => {
    const res = await who.client.get(`/api/v1/search?${new URLSearchParams(params).toString()}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResponse>();
  };
  const ids = (r: SearchResponse) => r.results.map((x) => x.message.id);

  it('finds words only in rooms the caller is a member of, with a plain snippet and highlight offsets', async () => {
    const w = word('otter');
    const shared = await channel(alice, [bob]);
    const mine = await channel(carol);
    const hit = await send(bob, shared.id, `Have you seen the ${w} by the river today?`);
    const hidden = await send(carol, mine.id, `${w} in a room alice is not in`);
    const found = await search(alice, { q: w.toUpperCase() });
    expect(ids(found)).toEqual([hit.id]);
    const [result] = found.results;
    expect(result!.room).toMatchObject({ id: shared.id, type: 'channel', consultationId: null });
    expect(result!.message).toMatchObject({ id: hit.id, text: hit.text, author: { id: bob.user.id } });
    expect(result!.highlights.length).toBeGreaterThan(0);
    for (const [start, end] of result!.highlights) {
      expect(result!.snippet.slice(start, end).toLowerCase()).toBe(w);
    }
    expect(result!.snippet).not.toMatch(/[\uE000\uE001]/);
    expect(found.nextCursor).toBeNull();
    // Carol finds her own; public channels she could join are not searched.
    expect(ids(await search(carol, { q: w }))).toEqual([hidden.id]);
  });

  it('ranks better matches first, then newer ones; pages with an opaque cursor', async () => {
    const w = word('heron');
    const room = await channel(alice);
    const sent: Message[] = [];
    for (let i = 0; i < 7; i += 1) {
      clock.advance(1_000);
      sent.push(await send(alice, room.id, `${w} number ${i} and some more filler words here`));
    }
    clock.advance(1_000);
    const best = await send(alice, room.id, `${w} ${w} ${w}`);
    const first = await search(alice, { q: w, limit: '3' });
    expect(ids(first)[0]).toBe(best.id);
    expect(ids(first).slice(1)).toEqual([sent[6]!.id, sent[5]!.id]);
    const seen = [...ids(first)];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await search(alice, { q: w, limit: '3', cursor });
      seen.push(...ids(next));
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    // A cursor of another search, or garbage, is refused with 400, never a 500.
    for (const bad of [first.nextCursor!, 'garbage', Buffer.from('{"o":-1}').toString('base64url')]) {
      const res = await alice.client.get(
        `/api/v1/search?q=${bad === first.nextCursor ? 'other' : w}&cursor=${bad}`,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('filters by author, room, file, link and dates, inline or as parameters', async () => {
    const w = word('lynx');
    const one = await channel(alice, [bob]);
    const two = await channel(alice, [bob]);
    clock.set('2026-11-25T12:00:00.000Z');
    const a1 = await send(alice, one.id, `${w} see https://example.org/page`);
    clock.set('2026-11-27T12:00:00.000Z');
    const b1 = await send(bob, one.id, `${w} from bob`);
    const b2 = await send(bob, two.id, `${w} from bob elsewhere`);
    await app.db.kysely
      .insertInto('uploads')
      .values({
        id: word('up'),
        owner_id: bob.user.id,
        room_id: two.id,
        message_id: b2.id,
        name: 'photo.png',
        type: 'image/png',
        size: 10,
        object_key: `files/${word('k')}`,
        created_at: clock.now().toISOString(),
        attached_at: clock.now().toISOString(),
      })
      .execute();
    const sorted = (r: SearchResponse) => ids(r).sort();
    expect(sorted(await search(alice, { q: `${w} from:@${bob.user.username}` }))).toEqual(
      [b1.id, b2.id].sort(),
    );
    expect(ids(await search(alice, { q: w, from: alice.user.id }))).toEqual([a1.id]);
    expect(sorted(await search(alice, { q: `${w} in:#${one.name}` }))).toEqual([a1.id, b1.id].sort());
    expect(ids(await search(alice, { q: w, roomId: two.id }))).toEqual([b2.id]);
    expect(ids(await search(alice, { q: `${w} has:file` }))).toEqual([b2.id]);
    expect(ids(await search(alice, { q: `${w} has:image` }))).toEqual([b2.id]);
    expect(ids(await search(alice, { q: `${w} has:link` }))).toEqual([a1.id]);
    expect(ids(await search(alice, { q: `${w} before:2026-11-26` }))).toEqual([a1.id]);
    expect(sorted(await search(alice, { q: `${w} after:2026-11-25` }))).toEqual([b1.id, b2.id].sort());
    expect(ids(await search(alice, { q: w, after: '2026-11-24', before: '2026-11-26' }))).toEqual([a1.id]);
    // The query parameter wins over the inline filter.
    expect(
      ids(await search(alice, { q: `${w} from:@${bob.user.username}`, from: alice.user.username })),
    ).toEqual([a1.id]);
    // An attachment's name is searchable; its snippet is the name.
    const byName = await search(alice, { q: 'photo', roomId: two.id });
    expect(ids(byName)).toEqual([b2.id]);
    expect(byName.results[0]!.snippet).toBe('photo.png');
    expect(byName.results[0]!.highlights).toEqual([[0, 5]]);
    // Filters alone list the newest first.
    expect(ids(await search(alice, { q: `from:@${bob.user.username} in:#${one.name}` }))).toEqual([b1.id]);
    for (const bad of ['before:2026-02-31', 'after:yesterday']) {
      const res = await alice.client.get(`/api/v1/search?q=${encodeURIComponent(`${w} ${bad}`)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toBe(bad.split(':')[0]);
    }
  });

  it('reflects edits, deletions and a purge at once', async () => {
    const [w, v] = [word('badger'), word('weasel')];
    const room = await channel(alice, [bob]);
    const m = await send(alice, room.id, `the ${w} was here`);
    const other = await send(bob, room.id, `another ${w}`);
    expect(ids(await search(bob, { q: w })).sort()).toEqual([m.id, other.id].sort());
    expect((await alice.client.patch(`/api/v1/messages/${m.id}`, { text: `now a ${v}` })).statusCode).toBe(
      200,
    );
    expect(ids(await search(bob, { q: w }))).toEqual([other.id]);
    expect(ids(await search(bob, { q: v }))).toEqual([m.id]);
    expect((await alice.client.delete(`/api/v1/messages/${m.id}`)).statusCode).toBe(200);
    expect(ids(await search(bob, { q: v }))).toEqual([]);
    await app.services.chat.messages.purgeRoom(room.id);
    expect(ids(await search(bob, { q: w }))).toEqual([]);
  });

  it('treats any input as words: search syntax, quotes and punctuation never reach the engine raw', async () => {
    const w = word('quail');
    const room = await channel(alice);
    const m = await send(alice, room.id, `${w} NEAR the AND gate (col:umn) *star*`);
    for (const q of [
      `"${w}`,
      `${w} AND`,
      `${w} OR NEAR(`,
      `${w}*`,
      `col:umn ${w}`,
      `"${w} near"`,
      `-${w}`,
      `${w} -nothing`,
      '"""',
      '*',
      '(',
      ')',
      "'; drop table messages; --",
      '\\',
      '💥',
    ]) {
      const res = await alice.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect(ids(await search(alice, { q: `"${w} near the"` }))).toEqual([m.id]);
    expect(ids(await search(alice, { q: `${w} -gate` }))).toEqual([]);
    expect(ids(await search(alice, { q: '' }))).toEqual([]);
    const nul = await alice.client.get('/api/v1/search?q=a%00b');
    expect(nul.statusCode).toBe(400);
  });

  it('is rate limited per person', async () => {
    const admin = await signedInUser(app, { role: 'admin' });
    const dave = await signedInUser(app);
    expect(
      (await admin.client.patch('/api/v1/admin/settings', { limits: { searchesPerMinute: 2 } })).statusCode,
    ).toBe(200);
    expect((await dave.client.get('/api/v1/search?q=x')).statusCode).toBe(200);
    expect((await dave.client.get('/api/v1/search?q=x')).statusCode).toBe(200);
    const refused = await dave.client.get('/api/v1/search?q=x');
    expect(refused.statusCode).toBe(429);
    // Someone else still searches.
    expect((await carol.client.get('/api/v1/search?q=x')).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await dave.client.get('/api/v1/search?q=x')).statusCode).toBe(200);
    await admin.client.patch('/api/v1/admin/settings', { limits: { searchesPerMinute: 60 } });
  });
});
