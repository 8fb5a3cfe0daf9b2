import fc from 'fast-check';
import type { Message, Upload } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { multipartBody, PDF_BYTES, photoWithExif } from '../../test/files.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Random uploads (random bytes, names, fields, framing), sends naming random uploads, deletes and
 * ranged reads, by a member and an outsider: never a 5xx; afterwards every row names complete
 * objects, every stored object has a row, a message's files are its sender's, and quotas add up.
 */
describe.each(DATABASE_KINDS)('files under random input (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let eve: Person;
  let roomId: string;
  let otherRoomId: string;
  let png: Buffer;
  const uploads: string[] = ['01ARZ3NDEKTSV4RRFFQ69G5FAV'];
  const messages: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, eve] = await signedInPeople(app, 'alice', 'bob', 'eve');
    roomId = (
      await createRoom(alice.client, {
        type: 'channel',
        name: uniqueUsername('fz'),
        memberIds: [bob.user.id],
      })
    ).id;
    otherRoomId = (await createRoom(eve.client, { type: 'private', name: uniqueUsername('fze') })).id;
    png = await photoWithExif('png', 20, 10);
  });
  afterAll(async () => app.close());

  const person = () =>
    fc.constantFrom<() => Person>(
      () => alice,
      () => bob,
      () => eve,
    );
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
    fc.string({ maxLength: 500 }).map((s) => Buffer.from(s)),
    fc.constant(PDF_BYTES),
    fc.constant(null).map(() => png),
    // An image's magic bytes over garbage: must not decode, must not be served as an image.
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.concat([png.subarray(0, 16), Buffer.from(a)])),
  );
  type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;
  const name = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('../../x.png', 'a\u202egpj.exe', 'ok.txt', ''),
  );
  const action = fc.oneof(
    fc.record({
      kind: fc.constant('upload' as const),
      who: person(),
      room: fc.constantFrom(0, 1),
      field: fc.constantFrom('file', 'file', 'other'),
      name,
      bytes,
      broken: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('send' as const),
      who: person(),
      picks: fc.array(fc.nat(), { maxLength: 4 }),
      text: fc.constantFrom('', 'caption'),
    }),
    fc.record({ kind: fc.constant('delete' as const), who: person(), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('get' as const),
      who: person(),
      pick: fc.nat(),
      range: fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 12 }),
        fc.tuple(fc.nat(4000), fc.nat(4000)).map(([a, b]) => `bytes=${a}-${b}`),
      ),
      query: fc.constantFrom('', '?thumbnail=1', '?download=1', '?thumbnail=2'),
    }),
  );

  async function step(a: Action) {
    const who = a.who();
    if (a.kind === 'upload') {
      const { body, headers } = multipartBody(a.field, a.name, 'image/png', a.bytes);
      const payload = a.broken ? body.subarray(0, Math.max(0, body.length - 10)) : body;
      const res = await who.client.post(
        `/api/v1/rooms/${a.room === 0 ? roomId : otherRoomId}/uploads`,
        payload,
        headers,
      );
      if (res.statusCode === 201) {
        const upload = res.json<{ upload: Upload }>().upload;
        uploads.push(upload.id);
        if (!upload.type.startsWith('image/')) expect(upload.width).toBeUndefined();
      }
      return res;
    }
    if (a.kind === 'send') {
      const attachments = [...new Set(a.picks.map((p) => uploads[p % uploads.length]!))];
      const res = await who.client.post(`/api/v1/rooms/${roomId}/messages`, {
        text: a.text,
        clientMsgId: uniqueUsername('p'),
        ...(attachments.length ? { attachments } : {}),
      });
      if (res.statusCode === 201) {
        const message = res.json<{ message: Message }>().message;
        messages.push(message.id);
        expect(message.attachments.map((f) => f.id)).toEqual(attachments);
      }
      return res;
    }
    if (a.kind === 'delete') {
      if (messages.length === 0) return null;
      return who.client.delete(`/api/v1/messages/${messages[a.pick % messages.length]}`);
    }
    const id = uploads[a.pick % uploads.length]!;
    const res = await who.client.get(`/api/v1/files/${id}${a.query}`, a.range ? { range: a.range } : {});
    if (res.statusCode === 200 || res.statusCode === 206) {
      const inline = /^inline/.test(String(res.headers['content-disposition']));
      const type = String(res.headers['content-type']);
      if (inline) expect(type).toMatch(/^(image\/(png|jpeg|webp|gif|avif)|application\/pdf)$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    return res;
  }

  it('answers every sequence with 2xx/3xx/4xx, and rows, objects and messages stay consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
        for (const a of actions) {
          const res = await step(a);
          if (res) expect(res.statusCode, `${a.kind}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    const rows = await app.db.kysely.selectFrom('uploads').selectAll().execute();
    const named = new Set(rows.flatMap((r) => [r.object_key, ...(r.thumbnail_key ? [r.thumbnail_key] : [])]));
    for (const row of rows) {
      const head = await app.services.objects.head(row.object_key);
      expect(head?.size, row.object_key).toBe(Number(row.size));
      if (row.thumbnail_key) expect(await app.services.objects.head(row.thumbnail_key)).not.toBeNull();
      if (row.message_id) {
        const message = await app.db.kysely
          .selectFrom('messages')
          .select(['author_id', 'room_id', 'deleted_at'])
          .where('id', '=', row.message_id)
          .executeTakeFirstOrThrow();
        expect(message).toMatchObject({ author_id: row.owner_id, room_id: row.room_id, deleted_at: null });
      }
    }
    for (const prefix of ['files/', 'thumbs/']) {
      for await (const object of app.services.objects.list(prefix)) {
        expect(named.has(object.key), object.key).toBe(true);
      }
    }
    for (const p of [alice, bob, eve]) {
      const sum = rows.filter((r) => r.owner_id === p.user.id).reduce((n, r) => n + Number(r.size), 0);
      expect(await app.services.chat.uploads.usage(p.user.id)).toBe(sum);
    }
  });
});
