import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared';
import { DATABASE_KINDS } from './test/databases.js';
import { signedInUser } from './test/factories.js';
import { createTestApp, TEST_ORIGIN, type TestApp, type TestClient } from './test/test-app.js';

/** Every kind of malformed request gets a 4xx with the error shape, never a 500. */
describe.each(DATABASE_KINDS)('bad input (%s)', (kind) => {
  let app: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    app = await createTestApp(kind);
    client = (await signedInUser(app)).client;
  });
  afterAll(async () => app.close());

  const raw = (
    method: 'POST' | 'PATCH',
    url: string,
    payload: string | Buffer,
    contentType = 'application/json',
  ) =>
    app.app.inject({
      method,
      url,
      payload,
      cookies: client.cookies,
      headers: {
        'content-type': contentType,
        origin: TEST_ORIGIN,
        [CSRF_HEADER]: client.cookies[CSRF_COOKIE] ?? '',
      },
    });

  const expectError = (res: { statusCode: number; json: () => unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  };

  it.each([
    ['POST', '/api/v1/auth/login'],
    ['POST', '/api/v1/setup'],
    ['PATCH', '/api/v1/me'],
    ['POST', '/api/v1/me/tokens'],
    ['POST', '/api/v1/auth/password-forgot'],
  ] as const)(
    '%s %s: malformed JSON, empty body, wrong types, unknown fields, oversized, wrong type',
    async (method, url) => {
      expectError(await raw(method, url, '{"username": "a",'), 400, 'invalid_json');
      expectError(await raw(method, url, ''), 400, 'invalid_json');
      expectError(await raw(method, url, '[1,2,3]'), 400, 'validation_failed');
      expectError(await raw(method, url, '"just a string"'), 400, 'validation_failed');
      expectError(
        await raw(method, url, JSON.stringify({ username: 5, password: ['x'], displayName: {} })),
        400,
        'validation_failed',
      );
      expectError(
        await raw(method, url, JSON.stringify({ name: 'x', displayName: 'x', surprise: true })),
        400,
        'validation_failed',
      );
      expectError(
        await raw(method, url, JSON.stringify({ name: 'x'.repeat(300 * 1024) })),
        413,
        'payload_too_large',
      );
      expectError(
        await raw(method, url, 'username=a&password=b', 'application/x-www-form-urlencoded'),
        415,
        'unsupported_media_type',
      );
    },
  );

  it('names the offending fields in details', async () => {
    const res = await raw(
      'POST',
      '/api/v1/setup',
      JSON.stringify({ username: '!', displayName: '', password: 'short' }),
    );
    expect(res.statusCode).toBe(400);
    const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.displayName', 'body.password']));
  });

  it('refuses display names with NUL, bidi overrides, only invisible characters or lone surrogates', async () => {
    const before = (await client.get('/api/v1/me')).json().user.displayName as string;
    for (const body of [
      '{"displayName":"Ada\\u0000"}',
      '{"displayName":"Ada\\u202Egpj.exe"}',
      '{"displayName":"\\u200B\\u200D\\uFEFF"}',
      '{"displayName":"Ada\\ud800"}',
    ]) {
      const res = await raw('PATCH', '/api/v1/me', body);
      expect(res.statusCode, body).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await client.get('/api/v1/me')).json().user.displayName).toBe(before);
    const nfc = await raw('PATCH', '/api/v1/me', '{"displayName":"Cafe\\u0301"}');
    expect(nfc.json().user.displayName).toBe('Caf\u00e9');
  });

  it('refuses malformed device-session ids with 400 and unknown ones with 404', async () => {
    for (const id of ['%00', 'a.b', 'x'.repeat(65), '%E2%80%AE', '..%2F..%2Fme']) {
      expectError(await client.delete(`/api/v1/me/sessions/${id}`), 400, 'validation_failed');
    }
    expectError(await client.delete('/api/v1/me/sessions/nope'), 404, 'not_found');
    expectError(await client.delete('/api/v1/me/sessions/'), 400, 'validation_failed');
    expect((await client.get('/api/v1/me/sessions')).statusCode).toBe(200);
  });

  it('answers unknown API routes with a JSON 404 and bad query strings with 400', async () => {
    expectError(await client.get('/api/v1/nope'), 404, 'not_found');
    expectError(await client.get('/api/v1/users?limit=abc'), 400, 'validation_failed');
    expectError(await client.get('/api/v1/users?limit=1&extra=1'), 400, 'validation_failed');
  });

  it('keeps serving after all of that', async () => {
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', database: kind });
  });
});
