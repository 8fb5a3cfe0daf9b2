import type { Message } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, makeProvider } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { PDF_BYTES, photoWithExif, uploaded, uploadFile } from '../../test/files.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const T0 = '2026-11-23T10:00:00.000Z';

/** Issue 20: files in a consultation's chat are the two parties'; the client's erasure removes them. */
describe.each(DATABASE_KINDS)('files in consultation chats (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let pat: Person; // the provider
  let cleo: Person; // the client
  let eve: Person; // party to nothing

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    const admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat);
  });
  afterAll(async () => app.close());

  it('lets both parties share files; others get 404; the client’s erasure deletes rows and objects', async () => {
    const c = await bookConsultation(cleo, pat, '2026-11-23T12:00:00.000Z');
    const roomId = c.roomId!;
    const scan = await uploaded(cleo.client, roomId, 'scan.pdf', PDF_BYTES);
    const photo = await uploaded(pat.client, roomId, 'chart.jpg', await photoWithExif('jpeg', 64, 64));
    const draft = await uploaded(pat.client, roomId, 'draft.txt', Buffer.from('not sent'));
    for (const [who, id] of [
      [cleo, scan.id],
      [pat, photo.id],
    ] as const) {
      const res = await who.client.post(`/api/v1/rooms/${roomId}/messages`, {
        text: '',
        clientMsgId: `f-${id}`,
        attachments: [id],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await pat.client.get(`/api/v1/files/${scan.id}`)).statusCode).toBe(200);
    expect((await cleo.client.get(`/api/v1/files/${photo.id}?thumbnail=1`)).statusCode).toBe(200);
    expect((await eve.client.get(`/api/v1/files/${scan.id}`)).statusCode).toBe(404);
    expect((await uploadFile(eve.client, roomId, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);
    const keys = [`files/${scan.id}`, `files/${photo.id}`, `thumbs/${photo.id}.webp`, `files/${draft.id}`];
    for (const key of keys) expect(await app.services.objects.head(key), key).not.toBeNull();

    // Search finds the chat's words and its file names for both parties, and for nobody after erasure.
    const said = await cleo.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: 'my quokkaphobia is back',
      clientMsgId: 'said',
    });
    expect(said.statusCode, said.body).toBe(201);
    const found = async (who: Person, q: string) =>
      (await who.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`))
        .json<{ results: { message: Message }[] }>()
        .results.map((r) => r.message.roomId);
    for (const q of ['quokkaphobia', 'scan.pdf']) {
      expect(await found(pat, q), q).toEqual([roomId]);
      expect(await found(cleo, q), q).toEqual([roomId]);
    }

    const erased = await cleo.client.delete(`/api/v1/consultations/${c.id}/messages`);
    expect(erased.statusCode, erased.body).toBe(200);
    for (const key of keys) expect(await app.services.objects.head(key), key).toBeNull();
    const rows = await app.db.kysely
      .selectFrom('uploads')
      .select('id')
      .where('room_id', '=', roomId)
      .execute();
    expect(rows).toEqual([]);
    expect((await pat.client.get(`/api/v1/files/${scan.id}`)).statusCode).toBe(404);
    const left = (await cleo.client.get(`/api/v1/rooms/${roomId}/messages`)).json<{ messages: Message[] }>();
    expect(left.messages.flatMap((m) => m.attachments)).toEqual([]);
    for (const q of ['quokkaphobia', 'scan.pdf']) {
      expect(await found(pat, q), q).toEqual([]);
      expect(await found(cleo, q), q).toEqual([]);
    }
  });
});
