import type { Message, Upload } from '@parley/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { EXIF_MARKER, HTML_BYTES, PDF_BYTES, photoWithExif, uploaded, uploadFile } from '../../test/files.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('uploads and files (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
  });
  afterAll(async () => app.close());

  const channelWithBob = () =>
    createRoom(alice.client, { type: 'channel', name: uniqueUsername('files'), memberIds: [bob.user.id] });
  const send = (who: Person, roomId: string, body: Record<string, unknown>) =>
    who.client.post(`/api/v1/rooms/${roomId}/messages`, {
      clientMsgId: uniqueUsername('m'),
      text: '',
      ...body,
    });
  const storedKeys = async (prefix: string) => {
    const keys: string[] = [];
    for await (const o of app.services.objects.list(prefix)) keys.push(o.key);
    return keys;
  };
  const objectBytes = async (key: string) => {
    const object = await app.services.objects.get(key);
    if (!object) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('re-encodes a photo without its EXIF (GPS, camera), keeps PNG as PNG and makes a WebP preview', async () => {
    const room = await channelWithBob();
    for (const format of ['png', 'jpeg'] as const) {
      const photo = await photoWithExif(format);
      expect(photo.includes(EXIF_MARKER)).toBe(true);
      const res = await uploadFile(alice.client, room.id, `../../etc/photo.${format}`, photo, {
        claimedType: 'text/html',
      });
      expect(res.statusCode).toBe(201);
      const { upload } = res.json<{ upload: Upload }>();
      expect(upload).toMatchObject({
        name: `photo.${format}`,
        type: `image/${format}`,
        width: 640,
        height: 480,
      });
      const stored = await objectBytes(`files/${upload.id}`);
      expect(stored).not.toBeNull();
      expect(stored!.length).toBe(upload.size);
      expect(stored!.includes(EXIF_MARKER)).toBe(false);
      const meta = await sharp(stored!).metadata();
      expect(meta.format).toBe(format);
      expect(meta.exif).toBeUndefined();

      const file = await alice.client.get(`/api/v1/files/${upload.id}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe(`image/${format}`);
      expect(file.headers['content-disposition']).toMatch(/^inline; filename="photo\./);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['cache-control']).toBe('private, max-age=300');
      expect(file.rawPayload.equals(stored!)).toBe(true);
      const thumb = await alice.client.get(`/api/v1/files/${upload.id}?thumbnail=1`);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
      const download = await alice.client.get(`/api/v1/files/${upload.id}?download=1`);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    }
  });

  it('sniffs the type from the bytes: HTML named .png is text, served as a sandboxed download; a PDF is inline', async () => {
    const room = await channelWithBob();
    const html = await uploaded(alice.client, room.id, 'cat.png', HTML_BYTES);
    expect(html.type).toBe('text/plain');
    expect(html.width).toBeUndefined();
    const res = await alice.client.get(`/api/v1/files/${html.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cat.png"/);
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.body).toBe(HTML_BYTES.toString());
    const thumb = await alice.client.get(`/api/v1/files/${html.id}?thumbnail=1`);
    expect(thumb.statusCode).toBe(404);

    const pdf = await uploaded(alice.client, room.id, 'report.pdf', PDF_BYTES);
    expect(pdf.type).toBe('application/pdf');
    const shown = await alice.client.get(`/api/v1/files/${pdf.id}`);
    expect(shown.headers['content-type']).toBe('application/pdf');
    expect(shown.headers['content-disposition']).toMatch(/^inline;/);

    const binary = await uploaded(alice.client, room.id, 'blob.bin', Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
    expect(binary.type).toBe('application/octet-stream');
  });

  it('serves byte ranges: 206 with Content-Range, suffix ranges, 416 outside the file, ETag and 304', async () => {
    const room = await channelWithBob();
    const bytes = Buffer.from('0123456789abcdefghij'.repeat(50));
    const file = await uploaded(alice.client, room.id, 'digits.txt', bytes);
    const url = `/api/v1/files/${file.id}`;
    const part = await alice.client.get(url, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${bytes.length}`);
    expect(part.body).toBe(bytes.subarray(10, 20).toString());
    const tail = await alice.client.get(url, { range: 'bytes=-5' });
    expect(tail.statusCode).toBe(206);
    expect(tail.body).toBe(bytes.subarray(bytes.length - 5).toString());
    const open = await alice.client.get(url, { range: 'bytes=990-' });
    expect(open.body).toBe(bytes.subarray(990).toString());
    const outside = await alice.client.get(url, { range: `bytes=${bytes.length}-` });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${bytes.length}`);
    const whole = await alice.client.get(url, { range: 'bytes=0-1,5-6' });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const etag = whole.headers.etag as string;
    expect((await alice.client.get(url, { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('attaches on send in order; only the room’s members fetch the files; before sending, only the uploader', async () => {
    const room = await channelWithBob();
    const a = await uploaded(alice.client, room.id, 'a.txt', Buffer.from('first'));
    const b = await uploaded(alice.client, room.id, 'b.txt', Buffer.from('second'));
    // Not sent yet: Bob (a member) cannot see it; Carol (not a member) neither.
    expect((await bob.client.get(`/api/v1/files/${a.id}`)).statusCode).toBe(404);
    const sent = await send(alice, room.id, { attachments: [b.id, a.id] });
    expect(sent.statusCode).toBe(201);
    const message = sent.json<{ message: Message }>().message;
    expect(message.text).toBe('');
    expect(message.attachments.map((f) => f.id)).toEqual([b.id, a.id]);
    expect(message.attachments[0]).toMatchObject({ name: 'b.txt', url: `/api/v1/files/${b.id}`, size: 6 });
    expect((await bob.client.get(`/api/v1/files/${a.id}`)).body).toBe('first');
    const missing = await carol.client.get(`/api/v1/files/${a.id}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual(
      (await carol.client.get('/api/v1/files/01ARZ3NDEKTSV4RRFFQ69G5FAV')).json(),
    );
    // The history carries them too.
    const page = (await bob.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{ messages: Message[] }>();
    expect(page.messages.at(-1)?.attachments.map((f) => f.id)).toEqual([b.id, a.id]);
    // Carol cannot upload into a room she is not in.
    expect((await uploadFile(carol.client, room.id, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);
  });

  it('refuses to attach what is not the sender’s unsent upload into this room (422 naming attachments, nothing sent)', async () => {
    const room = await channelWithBob();
    const other = await channelWithBob();
    const mine = await uploaded(alice.client, room.id, 'mine.txt', Buffer.from('mine'));
    const elsewhere = await uploaded(alice.client, other.id, 'else.txt', Buffer.from('else'));
    const bobs = await uploaded(bob.client, room.id, 'bob.txt', Buffer.from('bob'));
    for (const attachments of [[bobs.id], [elsewhere.id], [mine.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV']]) {
      const res = await send(alice, room.id, { attachments, text: 'look' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'validation_failed',
        details: [{ path: 'attachments' }],
      });
    }
    const before = (await alice.client.get(`/api/v1/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(before.messages).toHaveLength(0);
    expect((await send(alice, room.id, { attachments: [mine.id] })).statusCode).toBe(201);
    // Once sent, it is on its message: not again.
    expect((await send(alice, room.id, { attachments: [mine.id] })).statusCode).toBe(422);
    // No text and no files: still empty.
    expect((await send(alice, room.id, {})).statusCode).toBe(400);
  });

  it('keeps files on edit (an empty caption is fine with files) and deletes them with their message', async () => {
    const room = await channelWithBob();
    const file = await uploaded(alice.client, room.id, 'note.txt', Buffer.from('note'));
    const { message } = (await send(alice, room.id, { text: 'caption', attachments: [file.id] })).json<{
      message: Message;
    }>();
    const edited = await alice.client.patch(`/api/v1/messages/${message.id}`, { text: '' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<{ message: Message }>().message.attachments.map((f) => f.id)).toEqual([file.id]);
    const plain = (await send(alice, room.id, { text: 'plain' })).json<{ message: Message }>().message;
    expect((await alice.client.patch(`/api/v1/messages/${plain.id}`, { text: ' ' })).statusCode).toBe(400);

    expect(await storedKeys(`files/${file.id}`)).toEqual([`files/${file.id}`]);
    const deleted = await alice.client.delete(`/api/v1/messages/${message.id}`);
    expect(deleted.json<{ message: Message }>().message.attachments).toEqual([]);
    expect(await storedKeys(`files/${file.id}`)).toEqual([]);
    expect((await bob.client.get(`/api/v1/files/${file.id}`)).statusCode).toBe(404);
  });

  it('purging a room removes its files, sent or not, and their previews', async () => {
    const room = await channelWithBob();
    const photo = await uploaded(alice.client, room.id, 'p.png', await photoWithExif('png', 32, 32));
    const draft = await uploaded(bob.client, room.id, 'draft.txt', Buffer.from('draft'));
    await send(alice, room.id, { attachments: [photo.id] });
    const keys = [`files/${photo.id}`, `thumbs/${photo.id}.webp`, `files/${draft.id}`];
    for (const key of keys) expect(await app.services.objects.head(key)).not.toBeNull();
    await app.services.chat.messages.purgeRoom(room.id);
    for (const key of keys) expect(await app.services.objects.head(key)).toBeNull();
    expect((await alice.client.get(`/api/v1/files/${photo.id}`)).statusCode).toBe(404);
  });

  it('refuses uploads into an archived room (409) and without a "file" part (400)', async () => {
    const room = await channelWithBob();
    expect(
      (await uploadFile(alice.client, room.id, 'x.txt', Buffer.from('x'), { field: 'other' })).statusCode,
    ).toBe(400);
    const json = await alice.client.post(`/api/v1/rooms/${room.id}/uploads`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    await alice.client.patch(`/api/v1/rooms/${room.id}`, { archived: true });
    const res = await uploadFile(alice.client, room.id, 'x.txt', Buffer.from('x'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('room_archived');
  });

  it('limits file reads per person, not per address', async () => {
    const room = await channelWithBob();
    const file = await uploaded(alice.client, room.id, 'often.txt', Buffer.from('read me often'));
    await send(alice, room.id, { attachments: [file.id] });
    const reader = await signedInUser(app, { username: uniqueUsername('reader') });
    await alice.client.post(`/api/v1/rooms/${room.id}/members`, { userIds: [reader.user.id] });
    const url = `/api/v1/files/${file.id}`;
    expect((await reader.client.get(url)).body).toBe('read me often');
    let last = 200;
    for (let i = 0; i < 1200 && last !== 429; i++) last = (await reader.client.get(url)).statusCode;
    expect(last).toBe(429);
    expect((await reader.client.get(url)).json().error.code).toBe('rate_limited');
    // Bob, from the same address, still reads it.
    expect((await bob.client.get(url)).body).toBe('read me often');
  });
});
