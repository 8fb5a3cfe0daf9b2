import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInUser } from '../../test/factories.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function multipart(field: string, filename: string, type: string, bytes: Buffer) {
  const boundary = '----parleytest' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(DATABASE_KINDS)('profiles and the directory (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());

  it('updates display name and email, and clears the email with null', async () => {
    const { client } = await signedInUser(app);
    const res = await client.patch('/api/v1/me', {
      displayName: '  Ada Lovelace ',
      email: 'ada@example.org',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'Ada Lovelace', email: 'ada@example.org' });
    const cleared = await client.patch('/api/v1/me', { email: null });
    expect(cleared.json().user.email).toBeNull();
    expect((await client.get('/api/v1/me')).json().user).toMatchObject({
      displayName: 'Ada Lovelace',
      email: null,
    });
  });

  it('rejects empty, wrongly typed and unknown profile fields without changing anything', async () => {
    const { client, user } = await signedInUser(app);
    for (const body of [
      {},
      { displayName: '' },
      { displayName: 42 },
      { email: 'not-an-email' },
      { role: 'admin' },
    ]) {
      const res = await client.patch('/api/v1/me', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await client.get('/api/v1/me')).json().user).toMatchObject({
      displayName: user.displayName,
      role: 'user',
    });
  });

  /** The avatars in the object store whose names start with `prefix`. */
  async function storedAvatars(prefix: string): Promise<string[]> {
    const files: string[] = [];
    for await (const info of app.services.objects.list(`avatars/${prefix}`)) {
      files.push(info.key.slice('avatars/'.length));
    }
    return files;
  }

  it('stores an avatar in the object store and serves it with long-lived caching', async () => {
    const { client } = await signedInUser(app);
    const { body, headers } = multipart('avatar', 'me.png', 'image/png', PNG);
    const res = await client.put('/api/v1/me/avatar', body, headers);
    expect(res.statusCode).toBe(200);
    const url = res.json().user.avatarUrl as string;
    expect(url).toMatch(/^\/avatars\/[\w-]+-[0-9a-f]{16}\.webp$/);
    const file = url.slice('/avatars/'.length);
    expect(await storedAvatars(file)).toEqual([file]);

    const served = await client.get(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['content-length']).toBe(String(served.rawPayload.length));
    const again = await client.get(url, { 'if-none-match': String(served.headers.etag) });
    expect(again.statusCode).toBe(304);
    // Re-encoded: our own square WebP, not the uploaded bytes.
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 256,
    });

    const removed = await client.delete('/api/v1/me/avatar');
    expect(removed.json().user.avatarUrl).toBeNull();
    expect(await storedAvatars(file)).toEqual([]);
    const gone = await client.get(url);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
  });

  it('refuses files that are not images whatever they claim to be, and oversized files', async () => {
    const { client } = await signedInUser(app);
    for (const bytes of [
      Buffer.from('<svg onload="alert(1)"></svg>'),
      // A polyglot: GIF magic bytes, then HTML.
      Buffer.from('GIF89a<html><script>alert(document.cookie)</script></html>'),
      // A real PNG cut in half.
      PNG.subarray(0, 40),
    ]) {
      const fake = multipart('avatar', 'me.png', 'image/png', bytes);
      const res = await client.put('/api/v1/me/avatar', fake.body, fake.headers);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'invalid_image',
        message: expect.stringMatching(/not an image/),
      });
    }

    const big = multipart(
      'avatar',
      'big.png',
      'image/png',
      Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]),
    );
    const tooBig = await client.put('/api/v1/me/avatar', big.body, big.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');

    const json = await client.put('/api/v1/me/avatar', { avatar: 'x' });
    expect(json.statusCode).toBe(415);
    expect((await client.get('/api/v1/me')).json().user.avatarUrl).toBeNull();
  });

  it('keeps the avatar pointing at a file that exists when changes race, and leaves no stray files', async () => {
    const { client, user } = await signedInUser(app);
    const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const blue = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00c' } })
      .png()
      .toBuffer();
    const upload = (bytes: Buffer) => {
      const { body, headers } = multipart('avatar', 'a.png', 'image/png', bytes);
      return client.put('/api/v1/me/avatar', body, headers);
    };
    const mine = () => storedAvatars(user.id);
    for (let round = 0; round < 8; round++) {
      const answers =
        round % 2 === 0
          ? await Promise.all([upload(red), upload(blue)])
          : await Promise.all([client.delete('/api/v1/me/avatar'), upload(red)]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
      const url = (await client.get('/api/v1/me')).json().user.avatarUrl as string | null;
      const files = await mine();
      if (url) {
        expect((await client.get(url)).statusCode).toBe(200);
        expect(files).toEqual([url.slice('/avatars/'.length)]);
      } else {
        expect(files).toEqual([]);
      }
    }
  });

  it('finds people by username prefix or display name, only for signed-in users', async () => {
    await signedInUser(app, { username: 'marie.curie', displayName: 'Marie Curie' });
    await signedInUser(app, { username: 'pierre', displayName: 'Pierre Curie' });
    await signedInUser(app, { username: 'percent', displayName: 'Fifty 50% Off' });
    const { client } = await signedInUser(app);

    const names = async (q: string) =>
      (
        (await client.get(`/api/v1/users?q=${encodeURIComponent(q)}`)).json().users as { username: string }[]
      ).map((u) => u.username);
    expect(await names('curie')).toEqual(['marie.curie', 'pierre']);
    expect(await names('MARIE')).toEqual(['marie.curie']);
    expect(await names('50%')).toEqual(['percent']);
    expect(await names('%')).toEqual(['percent']);
    const first = (await client.get('/api/v1/users?q=&limit=1')).json().users;
    expect(first).toHaveLength(1);
    expect(first[0]).not.toHaveProperty('email');

    expect((await new TestClient(app).get('/api/v1/users?q=curie')).statusCode).toBe(401);
    expect((await client.get('/api/v1/users?limit=500')).statusCode).toBe(400);
  });

  it('answers 404 for an unknown user id and 400 for a malformed one', async () => {
    const { client, user } = await signedInUser(app);
    expect((await client.get(`/api/v1/users/${user.id}`)).json().user.username).toBe(user.username);
    const missing = await client.get('/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    expect((await client.get('/api/v1/users/not-a-uuid')).statusCode).toBe(400);
  });
});
