import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInUser } from '../../test/factories.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

/**
 * Avatars are public (as before issue 20), but `/avatars/:file` reaches avatars only: never another
 * object in the store (a file, a thumbnail), whatever the path; changing one needs the person's own
 * session with its CSRF token; reading is rate limited per address.
 */
describe.each(DATABASE_KINDS)('who reaches avatars and the store behind them (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await app.services.objects.put('files/0190-secret', Buffer.from('a private file'), {
      contentType: 'text/plain',
    });
    await app.services.objects.put('thumbs/0190-secret.webp', Buffer.from('RIFF\0\0\0\0WEBP'), {
      contentType: 'image/webp',
    });
  });
  afterAll(async () => app.close());

  it('never serves an object outside avatars/, however the name is spelled', async () => {
    for (const path of [
      '..%2ffiles%2f0190-secret',
      '..%2fthumbs%2f0190-secret.webp',
      '%2e%2e%2fthumbs%2f0190-secret.webp',
      '..%5cthumbs%5c0190-secret.webp',
      '%2fthumbs%2f0190-secret.webp',
      '0190-secret',
      '../thumbs/0190-secret.webp',
      'avatars%2f..%2fthumbs%2f0190-secret.webp',
    ]) {
      const res = await app.app.inject({ method: 'GET', url: `/avatars/${path}` });
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('private');
      expect(res.body).not.toContain('RIFF');
    }
  });

  it('lets only the signed-in person, from the app, change or remove their avatar', async () => {
    const { client } = await signedInUser(app);
    const anonymous = new TestClient(app);
    expect((await anonymous.delete('/api/v1/me/avatar')).statusCode).toBe(401);
    const noCsrf = await app.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/avatar',
      cookies: client.cookies,
      headers: { origin: 'http://localhost:3000' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
  });

  it('limits reads per address', async () => {
    let last = 0;
    for (let i = 0; i < 1201 && last !== 429; i++) {
      last = (await app.app.inject({ method: 'GET', url: '/avatars/nobody-0000000000000000.webp' }))
        .statusCode;
    }
    expect(last).toBe(429);
  });
});
