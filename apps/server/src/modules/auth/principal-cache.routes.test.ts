import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInUser } from '../../test/factories.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';

/**
 * The principal cache must never bring back a credential that was revoked while a request was
 * resolving it: the request began first, so it may still pass, but nothing after the revocation may.
 */
describe.each(DATABASE_KINDS)('cached sign-ins and revocations racing them (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => app.close());
  afterEach(() => vi.restoreAllMocks());

  const getMe = (credentials: { cookies?: Record<string, string>; bearer?: string }) =>
    app.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: {
        origin: TEST_ORIGIN,
        ...(credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : {}),
      },
      cookies: credentials.cookies ?? {},
    });

  it('a session logged out while a request was reading it stays logged out', async () => {
    const { client } = await signedInUser(app);
    const cookies = { ...client.cookies };
    const sessions = app.services.auth['deps'].sessions;
    const read = sessions.findActive.bind(sessions);
    vi.spyOn(sessions, 'findActive').mockImplementationOnce(async (id, nowIso) => {
      const row = await read(id, nowIso);
      // The person signs out (another tab, another node) after this request read the session.
      expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
      return row;
    });
    await getMe({ cookies });
    expect((await getMe({ cookies })).statusCode).toBe(401);
  });

  it('an API token revoked while a request was reading it stays revoked', async () => {
    const { client } = await signedInUser(app);
    const created = (await client.post('/api/v1/me/tokens', { name: 'racing' })).json<{
      token: { id: string };
      secret: string;
    }>();
    const tokens = app.services.tokens;
    const read = tokens.authenticate.bind(tokens);
    vi.spyOn(tokens, 'authenticate').mockImplementationOnce(async (secret) => {
      const found = await read(secret);
      expect((await client.delete(`/api/v1/me/tokens/${created.token.id}`)).statusCode).toBe(204);
      return found;
    });
    await getMe({ bearer: created.secret });
    expect((await getMe({ bearer: created.secret })).statusCode).toBe(401);
  });

  it('still caches when nothing happens in between', async () => {
    const { client } = await signedInUser(app);
    const other = new TestClient(app);
    other.cookies = { ...client.cookies };
    const sessions = app.services.auth['deps'].sessions;
    const spy = vi.spyOn(sessions, 'findActive');
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
