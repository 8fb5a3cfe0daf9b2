import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { fixedClock } from '../../test/fakes.js';
import { signedInUser } from '../../test/factories.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

function multipart(bytes: Buffer) {
  const boundary = '----parleyprop';
  return {
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * Random sequences of avatar uploads (images and junk), removals, reads of the current avatar and of
 * made-up names and paths, with the clock moving: never a 5xx, every 4xx in the error shape, the
 * avatar a person has is served, and the store holds exactly that one object for them.
 */
describe.each(DATABASE_KINDS)('avatars under random input (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let client: TestClient;
  let userId: string;
  let png: Buffer;
  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    ({
      client,
      user: { id: userId },
    } = await signedInUser(app));
    png = await sharp({ create: { width: 6, height: 6, channels: 3, background: '#369' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => app.close());

  const expectAnswer = (res: { statusCode: number; json: () => unknown }, context: string) => {
    expect(res.statusCode, context).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(res.json(), context).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  };

  const action = fc.record({
    what: fc.constantFrom('upload', 'junk', 'remove', 'read', 'made-up', 'tick'),
    junk: fc.uint8Array({ maxLength: 64 }),
    name: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.stringMatching(/^[A-Za-z0-9-]{1,80}\.webp$/),
      fc.constantFrom('..%2f..%2fsecret.key', '%2e%2e%2fparley.db', '..%2fobjects%2ffiles%2fx', '.webp'),
    ),
    ms: fc.integer({ min: 0, max: 2 * 60 * 60_000 }),
  });

  it('never answers 5xx and always serves the avatar a person has, and only it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
        for (const a of actions) {
          if (a.what === 'upload' || a.what === 'junk') {
            const { body, headers } = multipart(a.what === 'upload' ? png : Buffer.from(a.junk));
            const res = await client.put('/api/v1/me/avatar', body, headers);
            expectAnswer(res, a.what);
            if (a.what === 'junk') expect(res.statusCode).not.toBe(200);
          } else if (a.what === 'remove') {
            expectAnswer(await client.delete('/api/v1/me/avatar'), 'remove');
          } else if (a.what === 'read' || a.what === 'made-up') {
            const path = a.what === 'read' ? '' : encodeURIComponent(a.name).replace(/%25/g, '%');
            const res = await app.app.inject({ method: 'GET', url: `/avatars/${path}` });
            expectAnswer(res, `read ${path}`);
            // A name that is not one (or a malformed path: 400) is never served.
            if (a.what === 'made-up') expect([400, 404, 429]).toContain(res.statusCode);
          } else {
            clock.advance(a.ms);
            await app.sweeper.runOnce('avatar-files');
          }
        }
        const url = (await client.get('/api/v1/me')).json<{ user: { avatarUrl: string | null } }>().user
          .avatarUrl;
        const stored: string[] = [];
        for await (const info of app.services.objects.list(`avatars/${userId}`)) stored.push(info.key);
        if (url) {
          const served = await app.app.inject({ method: 'GET', url });
          expect(served.statusCode).toBe(200);
          expect(served.headers['content-type']).toBe('image/webp');
          expect(stored).toEqual([`avatars${url.slice('/avatars'.length)}`]);
        } else {
          expect(stored).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
