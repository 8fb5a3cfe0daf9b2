import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/ids.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import type { OidcFixture } from '../../test/oidc-provider.js';
import { connectSocket, listening, revokedAndClosed } from '../../test/sockets.js';
import { enrollTotp, totpCode } from '../../test/mfa.js';
import { addProvider, fixtureAccount, ssoError, ssoSignIn, startIdp } from '../../test/sso.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('back-channel logout and linked accounts (%s)', (kind) => {
  let app: TestApp;
  let idp: OidcFixture;
  let admin: TestClient;
  let providerId: string;
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = (await setUpAdmin(app)).client;
    idp = await startIdp([fixtureAccount('ada'), fixtureAccount('bea'), fixtureAccount('lin')]);
    providerId = await addProvider(admin, idp);
  });
  afterAll(async () => {
    await idp.stop();
    await app.close();
  });

  const post = (token: string, id = providerId) =>
    app.app.inject({
      method: 'POST',
      url: `/api/v1/auth/oidc/${id}/backchannel-logout`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });

  /** The provider's session id Parley stored for this browser's session. */
  const sidOf = async (client: TestClient) => {
    const row = await app.db.kysely
      .selectFrom('sessions')
      .select('oidc_sid')
      .where('id', '=', sha256(client.sessionCookieValue))
      .where('identity_provider_id', '=', providerId)
      .executeTakeFirstOrThrow();
    return row.oidc_sid!;
  };

  it('ends the session the provider names and its socket at once, and refuses the same token again', async () => {
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'ada');
    const other = new TestClient(app);
    await ssoSignIn(other, idp, providerId, 'ada');
    const sid = await sidOf(client);
    expect(sid).toBeTruthy();
    const socket = await connectSocket(await listening(app), { cookie: client.sessionCookieHeader });
    const closed = revokedAndClosed(socket);

    const token = await idp.logoutToken({ sid, iat: nowSeconds() });
    const res = await post(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    await closed;
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    // Another browser's provider session is another sid: it stays.
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);

    const replayed = await post(token);
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json().error.code).toBe('invalid_logout_token');
  });

  it('ends every session the person signed in through the provider with a sub-only token', async () => {
    const first = new TestClient(app);
    await ssoSignIn(first, idp, providerId, 'bea');
    const second = new TestClient(app);
    await ssoSignIn(second, idp, providerId, 'bea');
    expect((await post(await idp.logoutToken({ sub: 'bea', iat: nowSeconds() }))).statusCode).toBe(200);
    expect((await first.get('/api/v1/me')).statusCode).toBe(401);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('accepts a token signed with a rotated key (the keys are fetched again)', async () => {
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'ada');
    // The keys in use are known to Parley now.
    expect((await post(await idp.logoutToken({ sub: 'nobody', iat: nowSeconds() }))).statusCode).toBe(200);
    await idp.rotateKeys();
    const sid = await sidOf(client);
    // An unknown key id fetches the keys again once their cooldown has passed (by Parley's clock).
    expect((await post(await idp.logoutToken({ sid, iat: nowSeconds() }))).statusCode).toBe(400);
    clock.advance(31_000);
    expect((await post(await idp.logoutToken({ sid, iat: nowSeconds() }))).statusCode).toBe(200);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses tokens that are not logout tokens for this provider', async () => {
    const bad = [
      'not-a-jwt',
      await idp.logoutToken({ sub: 'ada', iat: nowSeconds(), nonce: 'n' }),
      await idp.logoutToken({ sub: 'ada', iat: nowSeconds(), events: { other: {} } }),
      await idp.logoutToken({ sub: 'ada', iat: nowSeconds(), aud: 'someone-else' }),
      await idp.logoutToken({ iat: nowSeconds() }),
      await idp.logoutToken({ sub: 'ada', iat: nowSeconds() - 3600 }),
    ];
    for (const token of bad) {
      const res = await post(token);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_logout_token');
    }
    const empty = await app.app.inject({
      method: 'POST',
      url: `/api/v1/auth/oidc/${providerId}/backchannel-logout`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    expect((await post(await idp.logoutToken({ sub: 'ada', iat: nowSeconds() }), 'no-such')).statusCode).toBe(
      400,
    );
  });

  it('links a provider account to a signed-in person, and unlinks it while a password remains', async () => {
    const { client, user } = await signedInUser(app);
    const link = await client.post(`/api/v1/me/identities/${providerId}/link`);
    expect(link.statusCode).toBe(200);
    const back = new URL(await idp.loginAs(link.json().redirectTo, 'lin'));
    const done = await client.get(back.pathname + back.search);
    expect(done.headers.location).toBe('/profile/security');
    const [identity] = (await client.get('/api/v1/me/identities')).json().identities;
    expect(identity).toMatchObject({ providerId, email: 'lin@example.org' });

    // The linked account now signs in as this person.
    const elsewhere = new TestClient(app);
    await ssoSignIn(elsewhere, idp, providerId, 'lin');
    expect((await elsewhere.get('/api/v1/me')).json().user.id).toBe(user.id);

    // Linking the same provider account to someone else is refused on the profile page.
    const { client: someone } = await signedInUser(app);
    const again = await someone.post(`/api/v1/me/identities/${providerId}/link`);
    const refused = new URL(await idp.loginAs(again.json().redirectTo, 'lin'));
    const answer = await someone.get(refused.pathname + refused.search);
    expect(answer.headers.location).toBe('/profile/security?sso_error=already_linked');

    expect((await client.delete(`/api/v1/me/identities/${identity.id}`)).statusCode).toBe(204);
    expect((await client.get('/api/v1/me/identities')).json().identities).toEqual([]);
  });

  it('refuses to unlink the last way in of an account made by single sign-on', async () => {
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'bea');
    const [identity] = (await client.get('/api/v1/me/identities')).json().identities;
    const res = await client.delete(`/api/v1/me/identities/${identity.id}`);
    expect(res.statusCode).toBe(409);
    expect((await client.get('/api/v1/me/identities')).json().identities).toHaveLength(1);
    // No password works for it either.
    const username = (await client.get('/api/v1/me')).json().user.username;
    const login = await new TestClient(app).post('/api/v1/auth/login', { username, password: '!sso' });
    expect([400, 401]).toContain(login.statusCode);
    expect(ssoError(await ssoSignIn(new TestClient(app), idp, providerId, 'bea'))).toBeNull();
  });

  it('signs in through the provider and then Parley’s own second factor; the provider can still end that session', async () => {
    idp.accounts.set('mia', fixtureAccount('mia'));
    const first = new TestClient(app);
    await ssoSignIn(first, idp, providerId, 'mia');
    const { secret } = await enrollTotp(app, first);

    const browser = new TestClient(app);
    const res = await ssoSignIn(browser, idp, providerId, 'mia', '/people');
    expect(res.headers.location).toBe('/login/mfa?returnTo=%2Fpeople');
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    clock.advance(30_000);
    const done = await browser.post('/api/v1/auth/mfa', { code: totpCode(secret, clock.now().getTime()) });
    expect(done.statusCode).toBe(200);

    // The session finished by the second step still belongs to the provider's session.
    const { providers } = (await new TestClient(app).get('/api/v1/auth/providers')).json<{
      providers: { id: string; name: string }[];
    }>();
    const devices = (await browser.get('/api/v1/me/sessions')).json<{
      sessions: { current: boolean; signedInWith: string }[];
    }>().sessions;
    expect(devices.find((d) => d.current)?.signedInWith).toBe(
      providers.find((p) => p.id === providerId)?.name,
    );
    const sid = await sidOf(browser);
    expect((await post(await idp.logoutToken({ sid, iat: nowSeconds() }))).statusCode).toBe(200);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
  });
});
