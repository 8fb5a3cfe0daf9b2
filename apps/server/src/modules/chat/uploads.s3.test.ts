import type { Message } from '@parley/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, signedInUser, uniqueUsername, type Person } from '../../test/factories.js';
import { PDF_BYTES, photoWithExif, uploaded } from '../../test/files.js';
import { createTestBucket, s3Env } from '../../test/s3.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Files on a real S3 store (Swift with s3api): `GET /files/:id` answers members with a short-lived
 * signed redirect to the bucket, which then serves the bytes under the file's own name and type.
 */
describe('files on S3', () => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    app = await createTestApp('sqlite', s3Env(await createTestBucket()));
    [alice, bob, carol] = await Promise.all([
      signedInUser(app, { username: uniqueUsername('alice') }),
      signedInUser(app, { username: uniqueUsername('bob') }),
      signedInUser(app, { username: uniqueUsername('carol') }),
    ]);
  });
  afterAll(async () => app.close());

  const sentWith = async (roomId: string, ids: string[]) => {
    const res = await alice.client.post(`/api/v1/rooms/${roomId}/messages`, {
      clientMsgId: uniqueUsername('m'),
      text: '',
      attachments: ids,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ message: Message }>().message;
  };
  const redirectOf = async (who: Person, url: string) => {
    const res = await who.client.get(url);
    expect(res.statusCode, res.body).toBe(302);
    return res.headers.location as string;
  };

  it('redirects members to a signed URL that serves the file, its preview and a download', async () => {
    const room = await createRoom(alice.client, {
      type: 'private',
      name: uniqueUsername('s3files'),
      memberIds: [bob.user.id],
    });
    const text = Buffer.from('bytes kept in the bucket\n'.repeat(100));
    const doc = await uploaded(alice.client, room.id, 'звіт Q4.txt', text);
    const pdf = await uploaded(alice.client, room.id, 'scan.pdf', PDF_BYTES);
    const photo = await uploaded(alice.client, room.id, 'photo.jpg', await photoWithExif('jpeg', 800, 600));
    const message = await sentWith(room.id, [doc.id, pdf.id, photo.id]);

    const location = await redirectOf(bob, `/api/v1/files/${doc.id}`);
    expect(location).toMatch(/X-Amz-Signature=/);
    const fetched = await fetch(location);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(text);
    expect(fetched.headers.get('content-type')).toMatch(/^text\/plain/);
    // Text is never shown inline (it could be HTML to a browser that sniffs); its name survives.
    expect(fetched.headers.get('content-disposition')).toBe(
      `attachment; filename="____ Q4.txt"; filename*=UTF-8''${encodeURIComponent('звіт Q4.txt')}`,
    );

    // A PDF opens in the browser, unless asked for as a download.
    const shown = await fetch(await redirectOf(bob, `/api/v1/files/${pdf.id}`));
    expect(shown.headers.get('content-type')).toBe('application/pdf');
    expect(shown.headers.get('content-disposition')).toMatch(/^inline; filename="scan.pdf"/);
    const download = await fetch(await redirectOf(bob, `/api/v1/files/${pdf.id}?download=1`));
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="scan.pdf"/);

    // The preview is a WebP the bucket serves as one; the photo itself was stored re-encoded.
    const preview = await fetch(await redirectOf(bob, `/api/v1/files/${photo.id}?thumbnail=1`));
    expect(preview.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).format).toBe('webp');

    // The bucket honours ranges on the signed URL too.
    const part = await fetch(location, { headers: { range: 'bytes=0-4' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('bytes');

    // No redirect for someone outside the room: the same 404 as a missing file.
    const outside = await carol.client.get(`/api/v1/files/${doc.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.headers.location).toBeUndefined();

    // Deleting the message deletes the objects from the bucket.
    await alice.client.delete(`/api/v1/messages/${message.id}`);
    await expect.poll(() => app.services.objects.head(`files/${doc.id}`)).toBeNull();
    expect(await app.services.objects.head(`thumbs/${photo.id}.webp`)).toBeNull();
    expect((await bob.client.get(`/api/v1/files/${doc.id}`)).statusCode).toBe(404);
  });
});
