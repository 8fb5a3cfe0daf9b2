import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import type { OidcFixture } from '../../test/oidc-provider.js';
import { addProvider, fixtureAccount, ssoSignIn, startIdp } from '../../test/sso.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

/** Who may do what with identity providers and linked accounts. */
describe.each(DATABASE_KINDS)('identity authorization (%s)', (kind) => {
  let app: TestApp;
  let idp: OidcFixture;
  let admin: TestClient;
  let providerId: string;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock: fixedClock('2026-12-07T10:00:00.000Z') });
    admin = (await setUpAdmin(app)).client;
    idp = await startIdp([fixtureAccount('owner'), fixtureAccount('other')]);
    providerId = await addProvider(admin, idp);
  });
  afterAll(async () => {
    await idp.stop();
    await app.close();
  });

  const body = { name: 'X', issuer: 'https://x.example.org', clientId: 'x', clientSecret: 'secret-x' };

  it('lets only administrators see or change identity providers', async () => {
    const { client: member } = await signedInUser(app);
    const anonymous = new TestClient(app);
    const attempts = [
      ['GET', '/api/v1/admin/identity-providers', undefined],
      ['POST', '/api/v1/admin/identity-providers', body],
      ['GET', `/api/v1/admin/identity-providers/${providerId}`, undefined],
      ['PATCH', `/api/v1/admin/identity-providers/${providerId}`, { name: 'Mine now' }],
      ['DELETE', `/api/v1/admin/identity-providers/${providerId}`, undefined],
    ] as const;
    for (const [method, url, payload] of attempts) {
      expect((await member.request(method, url, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await anonymous.request(method, url, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await admin.get(`/api/v1/admin/identity-providers/${providerId}`)).json().provider.name).toBe(
      'Test IdP',
    );
  });

  it('keeps an admin API token (no session) from changing identity providers', async () => {
    const token = (
      await admin.post('/api/v1/me/tokens', { name: 'provisioning', scopes: ['read', 'write', 'admin'] })
    ).json().secret as string;
    const bot = new TestClient(app);
    bot.bearer = token;
    expect((await bot.get('/api/v1/admin/identity-providers')).statusCode).toBe(200);
    expect((await bot.post('/api/v1/admin/identity-providers', body)).statusCode).toBe(403);
  });

  it('answers 404 for someone else’s linked account, and leaves it linked', async () => {
    const owner = new TestClient(app);
    await ssoSignIn(owner, idp, providerId, 'owner');
    const [theirs] = (await owner.get('/api/v1/me/identities')).json().identities;
    const other = new TestClient(app);
    await ssoSignIn(other, idp, providerId, 'other');
    const res = await other.delete(`/api/v1/me/identities/${theirs.id}`);
    expect(res.statusCode).toBe(404);
    expect((await other.delete('/api/v1/me/identities/missing')).json().error.code).toBe('not_found');
    expect((await owner.get('/api/v1/me/identities')).json().identities).toHaveLength(1);
    expect((await other.get('/api/v1/me/identities')).json().identities).not.toContainEqual(
      expect.objectContaining({ id: theirs.id }),
    );
  });

  it('needs a session with its CSRF token to link or unlink', async () => {
    const { client } = await signedInUser(app);
    const forged = await client.request('POST', `/api/v1/me/identities/${providerId}/link`, undefined, {
      'x-csrf-token': 'wrong',
    });
    expect(forged.statusCode).toBe(403);
    expect((await new TestClient(app).post(`/api/v1/me/identities/${providerId}/link`)).statusCode).toBe(401);
    expect((await client.post('/api/v1/me/identities/missing/link')).statusCode).toBe(404);
  });
});
