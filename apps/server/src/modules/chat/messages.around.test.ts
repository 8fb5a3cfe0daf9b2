import type { Message } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** Issue 20: opening a search result loads the history around its seq. */
describe.each(DATABASE_KINDS)('GET /rooms/:id/messages?around (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let roomId: string;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    roomId = (await createRoom(alice.client, { type: 'channel', name: uniqueUsername('room') })).id;
    for (let i = 1; i <= 30; i += 1) {
      const res = await alice.client.post(`/api/v1/rooms/${roomId}/messages`, {
        text: `message ${i}`,
        clientMsgId: `m${i}`,
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => app.close());

  const around = async (seq: number, limit: number) => {
    const res = await alice.client.get(`/api/v1/rooms/${roomId}/messages?around=${seq}&limit=${limit}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ messages: Message[]; hasMore: boolean }>();
    return { seqs: body.messages.map((m) => m.seq), hasMore: body.hasMore };
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('answers half before the seq and half from it on, oldest first; hasMore says older ones remain', async () => {
    expect(await around(15, 10)).toEqual({ seqs: range(10, 19), hasMore: true });
    expect(await around(15, 9)).toEqual({ seqs: range(11, 19), hasMore: true });
    expect(await around(3, 10)).toEqual({ seqs: range(1, 7), hasMore: false });
    expect(await around(6, 10)).toEqual({ seqs: range(1, 10), hasMore: false });
    expect(await around(29, 10)).toEqual({ seqs: range(24, 30), hasMore: true });
    expect(await around(1, 1)).toEqual({ seqs: [1], hasMore: false });
    expect(await around(10, 1)).toEqual({ seqs: [10], hasMore: true });
    // A seq past the end: the newest older ones.
    expect(await around(500, 4)).toEqual({ seqs: [29, 30], hasMore: true });
  });

  it('pages on both ways from there with before and after', async () => {
    const { seqs } = await around(15, 10);
    const older = await alice.client.get(`/api/v1/rooms/${roomId}/messages?before=${seqs[0]}&limit=5`);
    expect(older.json().messages.map((m: Message) => m.seq)).toEqual(range(5, 9));
    const newer = await alice.client.get(`/api/v1/rooms/${roomId}/messages?after=${seqs.at(-1)}&limit=5`);
    expect(newer.json().messages.map((m: Message) => m.seq)).toEqual(range(20, 24));
  });

  it('refuses around with before or after, bad values, and non-members (404 like a missing room)', async () => {
    for (const query of ['around=5&before=9', 'around=5&after=1', 'around=0', 'around=x', 'around=-3']) {
      const res = await alice.client.get(`/api/v1/rooms/${roomId}/messages?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const res = await bob.client.get(`/api/v1/rooms/${roomId}/messages?around=5`);
    expect(res.statusCode).toBe(404);
  });
});
