import type { DeviceSession } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, TEST_PASSWORD, type Person } from '../../test/factories.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';

/** Who may see and end which sessions, and what "Forgot password?" gives away (issue 18). */
describe.each(DATABASE_KINDS)('devices and password recovery: authorization (%s)', (kind) => {
  let app: TestApp;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    app = await createTestApp(kind);
    [ada, bob] = await signedInPeople(app, 'ada', 'bob');
  });
  afterAll(async () => app.close());

  const sessionsOf = async (client: TestClient) =>
    (await client.get('/api/v1/me/sessions')).json<{ sessions: DeviceSession[] }>().sessions;

  it('needs a signed-in person for the list and for signing out', async () => {
    const anon = new TestClient(app);
    expect((await anon.get('/api/v1/me/sessions')).statusCode).toBe(401);
    const id = (await sessionsOf(ada.client))[0]!.id;
    expect((await anon.delete(`/api/v1/me/sessions/${id}`)).statusCode).toBe(401);
    expect((await ada.client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('shows each person only their own sessions', async () => {
    const adaIds = (await sessionsOf(ada.client)).map((s) => s.id);
    const bobIds = (await sessionsOf(bob.client)).map((s) => s.id);
    expect(adaIds).toHaveLength(1);
    expect(bobIds).toHaveLength(1);
    expect(adaIds).not.toContain(bobIds[0]);
  });

  it("never ends someone else's session: 404, and theirs keeps working", async () => {
    const bobId = (await sessionsOf(bob.client))[0]!.id;
    const res = await ada.client.delete(`/api/v1/me/sessions/${bobId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect((await bob.client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses a cookie sign-out without the CSRF token or from another origin', async () => {
    const second = new TestClient(app);
    await second.post('/api/v1/auth/login', { username: ada.user.username, password: TEST_PASSWORD });
    const id = (await sessionsOf(second)).find((s) => s.current)!.id;
    const noCsrf = await app.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${id}`,
      cookies: ada.client.cookies,
      headers: { origin: TEST_ORIGIN },
    });
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const foreign = await ada.client.delete(`/api/v1/me/sessions/${id}`, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect((await second.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('lets a token with the read scope list devices, but only a session end them', async () => {
    const { secret } = (await ada.client.post('/api/v1/me/tokens', { name: 'ro', scopes: ['write'] })).json();
    const writeOnly = new TestClient(app);
    writeOnly.bearer = secret;
    expect((await writeOnly.get('/api/v1/me/sessions')).json().error.code).toBe('insufficient_scope');
    const id = (await sessionsOf(ada.client))[0]!.id;
    expect((await writeOnly.delete(`/api/v1/me/sessions/${id}`)).statusCode).toBe(403);
    expect((await ada.client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('limits how often one person can sign devices out', async () => {
    const carol = await signedInUser(app);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await carol.client.delete(`/api/v1/me/sessions/unknown${i}`)).statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('answers "Forgot password?" the same for an account, a stranger and a deactivated account', async () => {
    const admin = await signedInUser(app, { role: 'admin' });
    const gone = await signedInUser(app);
    await admin.client.patch(`/api/v1/admin/users/${gone.user.id}`, { active: false });
    const answers = await Promise.all(
      [ada.user.username, 'no-such-person', gone.user.username, 'someone@example.org'].map(
        (usernameOrEmail) => new TestClient(app).post('/api/v1/auth/password-forgot', { usernameOrEmail }),
      ),
    );
    for (const res of answers) {
      expect([res.statusCode, res.body]).toEqual([202, '']);
    }
  });
});
