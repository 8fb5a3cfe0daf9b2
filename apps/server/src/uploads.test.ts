import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared';
import { DATABASE_KINDS } from './test/databases.js';
import { signedInUser } from './test/factories.js';
import { createTestApp, TEST_ORIGIN, type TestApp, type TestClient } from './test/test-app.js';
import { PNG_1X1 } from './test/images.js';

/** Hand-built multipart bodies, broken in each way a client or an attacker can break them. */
describe.each(DATABASE_KINDS)('avatar uploads with broken multipart (%s)', (kind) => {
  let app: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    app = await createTestApp(kind);
    client = (await signedInUser(app)).client;
  });
  afterAll(async () => app.close());

  const put = (contentType: string, payload: string | Buffer) =>
    app.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      payload,
      cookies: client.cookies,
      headers: {
        'content-type': contentType,
        origin: TEST_ORIGIN,
        [CSRF_HEADER]: client.cookies[CSRF_COOKIE] ?? '',
      },
    });

  const part = (boundary: string, body: Buffer | string, filename: string | null = 'a.png') =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="avatar"${filename === null ? '' : `; filename="${filename}"`}\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      Buffer.from('\r\n'),
    ]);
  const whole = (boundary: string) =>
    Buffer.concat([part(boundary, PNG_1X1), Buffer.from(`--${boundary}--\r\n`)]);

  const long = 'b'.repeat(71);
  it.each([
    ['no boundary', 'multipart/form-data', whole('xyz')],
    ['an empty boundary', 'multipart/form-data; boundary=', whole('')],
    ['a boundary over 70 characters', `multipart/form-data; boundary=${long}`, whole(long)],
    ['a boundary that does not match the body', 'multipart/form-data; boundary=abc', whole('xyz')],
    ['a truncated body', 'multipart/form-data; boundary=xyz', whole('xyz').subarray(0, 80)],
    ['no closing boundary', 'multipart/form-data; boundary=xyz', part('xyz', PNG_1X1)],
    [
      'a part without a file name',
      'multipart/form-data; boundary=xyz',
      Buffer.concat([part('xyz', PNG_1X1, null), Buffer.from('--xyz--\r\n')]),
    ],
    ['an empty body', 'multipart/form-data; boundary=xyz', ''],
  ])('answers 400 with the error shape for %s', async (_name, contentType, payload) => {
    const res = await put(contentType, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect((await client.get('/api/v1/me')).json().user.avatarUrl).toBeNull();
  });

  it('says to send multipart/form-data when the content type is something else', async () => {
    const res = await put('application/json', '{"avatar":"x"}');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toBe('Send the request as multipart/form-data');
  });

  it('answers 413 only for a file over the size limit', async () => {
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024 + 1)]);
    const res = await put(
      'multipart/form-data; boundary=xyz',
      Buffer.concat([part('xyz', big), Buffer.from('--xyz--\r\n')]),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('accepts a well-formed upload', async () => {
    const res = await put('multipart/form-data; boundary=xyz', whole('xyz'));
    expect(res.statusCode).toBe(200);
    expect(res.json().user.avatarUrl).toMatch(/^\/avatars\//);
  });
});
