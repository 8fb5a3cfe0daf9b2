import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { PNG_1X1 } from '../../test/images.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import type { OidcFixture } from '../../test/oidc-provider.js';
import {
  addProvider,
  authorizeAt,
  CLIENT_SECRET,
  fixtureAccount,
  ssoError,
  ssoSignIn,
  startIdp,
} from '../../test/sso.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('single sign-on with OpenID Connect (%s)', (kind) => {
  let app: TestApp;
  let idp: OidcFixture;
  let admin: TestClient;
  let providerId: string;
  const clock = fixedClock('2026-12-07T10:00:00.000Z');

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = (await setUpAdmin(app)).client;
    idp = await startIdp(
      [
        fixtureAccount('ada', { groups: ['parley-admins', 'staff'] }),
        fixtureAccount('bob', { groups: ['clinicians'] }),
        fixtureAccount('cy', { email_verified: false }),
        fixtureAccount('dee', { email: 'dee@elsewhere.net' }),
      ],
      PNG_1X1,
    );
    providerId = await addProvider(admin, idp, {
      claims: { groups: 'groups' },
      groupRoles: { 'parley-admins': 'admin', clinicians: 'provider' },
    });
  });
  afterAll(async () => {
    await idp.stop();
    await app.close();
  });

  it('lists enabled providers publicly and sends the browser to the provider with PKCE S256, state and nonce', async () => {
    const listed = await new TestClient(app).get('/api/v1/auth/providers');
    expect(listed.json().providers).toContainEqual({ id: providerId, name: 'Test IdP' });

    const client = new TestClient(app);
    const start = await client.get(`/api/v1/auth/oidc/${providerId}/start`);
    expect(start.statusCode).toBe(302);
    const to = new URL(start.headers.location as string);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('redirect_uri')).toBe(
      `${TEST_ORIGIN}/api/v1/auth/oidc/${providerId}/callback`,
    );
    const cookie = start.cookies.find((c) => c.name === 'parley_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, path: '/api/v1/auth/oidc', sameSite: 'Lax' });
  });

  it('creates the account at first sign-in with roles from its groups, and signs the browser in', async () => {
    const client = new TestClient(app);
    const back = await ssoSignIn(client, idp, providerId, 'ada', '/rooms/general');
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('/rooms/general');
    const me = (await client.get('/api/v1/me')).json().user;
    expect(me).toMatchObject({
      username: 'ada',
      displayName: 'Person ada',
      email: 'ada@example.org',
      role: 'admin',
    });

    const clinician = new TestClient(app);
    await ssoSignIn(clinician, idp, providerId, 'bob');
    const bob = (await clinician.get('/api/v1/me')).json().user;
    expect(bob).toMatchObject({ username: 'bob', role: 'user', provider: true });
    const identities = (await clinician.get('/api/v1/me/identities')).json().identities;
    expect(identities).toEqual([
      expect.objectContaining({ providerId, providerName: 'Test IdP', email: 'bob@example.org' }),
    ]);
  });

  it('takes the avatar from the picture claim when it is on the provider’s host, and ignores others', async () => {
    idp.accounts.set('pic', fixtureAccount('pic', { picture: `${idp.issuer}/picture.png` }));
    idp.accounts.set('far', fixtureAccount('far', { picture: 'http://198.51.100.7/a.png' }));
    const withPicture = new TestClient(app);
    await ssoSignIn(withPicture, idp, providerId, 'pic');
    expect((await withPicture.get('/api/v1/me')).json().user.avatarUrl).toMatch(/^\/avatars\//);
    const without = new TestClient(app);
    expect(ssoError(await ssoSignIn(without, idp, providerId, 'far'))).toBeNull();
    expect((await without.get('/api/v1/me')).json().user.avatarUrl).toBeNull();
  });

  it('keeps the last active administrator one even when the groups say otherwise', async () => {
    const lone = await createTestApp(kind, {}, { clock });
    try {
      const owner = (await setUpAdmin(lone)).client;
      const soloIdp = await startIdp([fixtureAccount('boss', { groups: ['admins'] })]);
      try {
        const id = await addProvider(owner, soloIdp, {
          claims: { groups: 'groups' },
          groupRoles: { admins: 'admin' },
        });
        const boss = new TestClient(lone);
        await ssoSignIn(boss, soloIdp, id, 'boss');
        const bossId = (await boss.get('/api/v1/me')).json().user.id;
        const ownerId = (await owner.get('/api/v1/me')).json().user.id;
        // The owner leaves: boss is the only active administrator now.
        expect((await boss.patch(`/api/v1/admin/users/${ownerId}`, { active: false })).statusCode).toBe(200);
        soloIdp.accounts.get('boss')!.groups = [];
        await ssoSignIn(boss, soloIdp, id, 'boss');
        expect((await boss.get('/api/v1/me')).json().user).toMatchObject({ id: bossId, role: 'admin' });
      } finally {
        await soloIdp.stop();
      }
    } finally {
      await lone.close();
    }
  });

  it('re-applies roles and refreshes the name at every sign-in', async () => {
    idp.accounts.get('bob')!.groups = ['parley-admins'];
    idp.accounts.get('bob')!.name = 'Bob Renamed';
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'bob');
    expect((await client.get('/api/v1/me')).json().user).toMatchObject({
      username: 'bob',
      displayName: 'Bob Renamed',
      role: 'admin',
      provider: false,
    });
    idp.accounts.get('bob')!.groups = [];
    await ssoSignIn(client, idp, providerId, 'bob');
    expect((await client.get('/api/v1/me')).json().user).toMatchObject({ role: 'user', provider: false });
  });

  it('links an existing account by a verified e-mail, and refuses an unverified one', async () => {
    const { client: owner, user } = await signedInUser(app);
    expect((await owner.patch('/api/v1/me', { email: 'erin@example.org' })).statusCode).toBe(200);
    idp.accounts.set(
      'erin-sub',
      fixtureAccount('erin-sub', {
        preferred_username: 'erin',
        email: 'Erin@Example.org',
        email_verified: false,
      }),
    );
    const refused = await ssoSignIn(new TestClient(app), idp, providerId, 'erin-sub');
    expect(ssoError(refused)).toBe('email_unverified');
    expect(refused.headers.location).toBe('/login?sso_error=email_unverified');

    idp.accounts.get('erin-sub')!.email_verified = true;
    const client = new TestClient(app);
    expect((await ssoSignIn(client, idp, providerId, 'erin-sub')).statusCode).toBe(302);
    expect((await client.get('/api/v1/me')).json().user.id).toBe(user.id);
  });

  it('refuses a domain the provider does not allow', async () => {
    const restricted = await addProvider(admin, idp, { name: 'Restricted', allowedDomains: ['example.org'] });
    const res = await ssoSignIn(new TestClient(app), idp, restricted, 'dee');
    expect(ssoError(res)).toBe('domain_not_allowed');
    const ok = await ssoSignIn(new TestClient(app), idp, restricted, 'ada');
    expect(ssoError(ok)).toBeNull();
  });

  it('refuses a replayed state, a state started in another browser, and a code used before', async () => {
    const client = new TestClient(app);
    const callback = await authorizeAt(client, idp, providerId, 'ada');
    expect(ssoError(await client.get(callback))).toBeNull();
    const replayed = await client.get(callback);
    expect(ssoError(replayed)).toBe('state_invalid');

    const victim = new TestClient(app);
    const forged = await authorizeAt(new TestClient(app), idp, providerId, 'ada');
    expect(ssoError(await victim.get(forged))).toBe('state_invalid');
    expect((await victim.get('/api/v1/me')).statusCode).toBe(401);

    const usedCode = new URL(callback, TEST_ORIGIN).searchParams.get('code')!;
    const fresh = new URL(await authorizeAt(client, idp, providerId, 'ada'), TEST_ORIGIN);
    fresh.searchParams.set('code', usedCode);
    expect(ssoError(await client.get(fresh.pathname + fresh.search))).toBe('code_rejected');
  });

  it('refuses an expired flow (Parley’s clock) and a nonce that does not match', async () => {
    const client = new TestClient(app);
    const late = await authorizeAt(client, idp, providerId, 'ada');
    clock.advance(11 * 60_000);
    expect(ssoError(await client.get(late))).toBe('state_invalid');

    const callback = await authorizeAt(client, idp, providerId, 'ada');
    await app.db.kysely.updateTable('oidc_flows').set({ nonce: 'not-the-nonce-sent' }).execute();
    expect(ssoError(await client.get(callback))).toBe('nonce_mismatch');
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);

    // Flows abandoned at the provider are swept once expired.
    await client.get(`/api/v1/auth/oidc/${providerId}/start`);
    const count = async () =>
      (await app.db.kysely.selectFrom('oidc_flows').select('state_hash').execute()).length;
    await app.sweeper.runOnce('oidc-flows');
    expect(await count()).toBe(1);
    clock.advance(11 * 60_000);
    await app.sweeper.runOnce('oidc-flows');
    expect(await count()).toBe(0);
  });

  it('refuses a disabled provider, and without autoCreate someone with no account', async () => {
    const linkOnly = await addProvider(admin, idp, { name: 'Link only', autoCreate: false });
    idp.accounts.set('newbie', fixtureAccount('newbie'));
    expect(ssoError(await ssoSignIn(new TestClient(app), idp, linkOnly, 'newbie'))).toBe('no_account');

    const client = new TestClient(app);
    const callback = await authorizeAt(client, idp, linkOnly, 'ada');
    expect(
      (await admin.patch(`/api/v1/admin/identity-providers/${linkOnly}`, { enabled: false })).statusCode,
    ).toBe(200);
    expect(ssoError(await client.get(callback))).toBe('provider_disabled');
    const start = await client.get(`/api/v1/auth/oidc/${linkOnly}/start`);
    expect(start.headers.location).toBe('/login?sso_error=provider_disabled');
    const listed = (await client.get('/api/v1/auth/providers')).json().providers;
    expect(listed.map((p: { id: string }) => p.id)).not.toContain(linkOnly);
  });

  it('refuses a deactivated account: Parley wins over the provider', async () => {
    idp.accounts.set('gone', fixtureAccount('gone'));
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'gone');
    const me = (await client.get('/api/v1/me')).json().user;
    expect((await admin.patch(`/api/v1/admin/users/${me.id}`, { active: false })).statusCode).toBe(200);
    const again = await ssoSignIn(new TestClient(app), idp, providerId, 'gone');
    expect(ssoError(again)).toBe('account_deactivated');
  });

  it('answers provider_unreachable when the provider is down, at the start and at the callback', async () => {
    const doomed = await startIdp([fixtureAccount('ada')]);
    const id = await addProvider(admin, doomed, { name: 'Doomed' });
    const client = new TestClient(app);
    const callback = await authorizeAt(client, doomed, id, 'ada');
    await doomed.stop();
    expect(ssoError(await client.get(callback))).toBe('provider_unreachable');
    // Edited, so no discovery is cached: the start itself finds the provider gone.
    await admin.patch(`/api/v1/admin/identity-providers/${id}`, { name: 'Doomed again' });
    const start = await client.get(`/api/v1/auth/oidc/${id}/start`);
    expect(start.headers.location).toBe('/login?sso_error=provider_unreachable');
  });

  it('sends a session signed in through the provider to its logout (RP-initiated); others get 204', async () => {
    const client = new TestClient(app);
    await ssoSignIn(client, idp, providerId, 'ada');
    const out = await client.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(200);
    const to = new URL(out.json().redirectTo);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${TEST_ORIGIN}/login`);
    expect(to.searchParams.get('client_id')).toBeTruthy();
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);

    const { client: local } = await signedInUser(app);
    expect((await local.post('/api/v1/auth/logout')).statusCode).toBe(204);
  });

  it('counts the provider’s MFA as the second factor only when trusted, and sends a challenge to /login/mfa', async () => {
    idp.accounts.set('otp-user', fixtureAccount('otp-user', { amr: ['pwd', 'otp'] }));
    const signIn = vi.spyOn(app.services.auth, 'signIn');
    try {
      await ssoSignIn(new TestClient(app), idp, providerId, 'otp-user');
      expect(signIn.mock.calls.at(-1)![1]).toMatchObject({ method: 'oidc', secondFactorDone: false });

      const trusted = await addProvider(admin, idp, { name: 'Trusted MFA', trustProviderMfa: true });
      await ssoSignIn(new TestClient(app), idp, trusted, 'otp-user');
      expect(signIn.mock.calls.at(-1)![1]).toMatchObject({
        secondFactorDone: true,
        identity: { providerId: trusted, sid: expect.any(String) as string },
      });
      await ssoSignIn(new TestClient(app), idp, trusted, 'ada');
      expect(signIn.mock.calls.at(-1)![1]).toMatchObject({ secondFactorDone: false });

      // When Parley still wants a second factor, the browser goes to its page with the pending cookie.
      const expiresAt = new Date(clock.now().getTime() + 10 * 60_000);
      signIn.mockResolvedValueOnce({
        challenge: { pendingCookie: 'pending-secret', methods: ['totp'], expiresAt },
      });
      const client = new TestClient(app);
      const res = await ssoSignIn(client, idp, providerId, 'otp-user');
      expect(res.headers.location).toBe('/login/mfa?returnTo=%2Fchat');
      expect(res.cookies.find((c) => c.name === 'parley_mfa')).toMatchObject({
        value: 'pending-secret',
        path: '/api/v1/auth',
        httpOnly: true,
        sameSite: 'Lax',
      });
      expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    } finally {
      signIn.mockRestore();
    }
  });

  it('keeps the secret write-only and sealed: create, read, change without it, delete', async () => {
    const created = await admin.post('/api/v1/admin/identity-providers', {
      name: 'Keycloak',
      issuer: 'https://sso.example.org/realms/clinic',
      clientId: 'parley',
      clientSecret: 'a-very-secret-value',
      allowedDomains: ['Example.org'],
    });
    expect(created.statusCode).toBe(201);
    const provider = created.json().provider;
    expect(provider).toMatchObject({
      clientSecret: { set: true, readable: true },
      allowedDomains: ['example.org'],
      autoCreate: true,
      enabled: true,
      trustProviderMfa: false,
      scopes: ['openid', 'profile', 'email'],
      claims: { username: 'preferred_username', groups: null },
      redirectUri: `${TEST_ORIGIN}/api/v1/auth/oidc/${provider.id}/callback`,
      backchannelLogoutUri: `${TEST_ORIGIN}/api/v1/auth/oidc/${provider.id}/backchannel-logout`,
    });
    const stored = await app.db.kysely
      .selectFrom('identity_providers')
      .select('client_secret')
      .where('id', '=', provider.id)
      .executeTakeFirstOrThrow();
    expect(stored.client_secret).not.toContain('a-very-secret-value');
    const changed = await admin.patch(`/api/v1/admin/identity-providers/${provider.id}`, {
      name: 'Clinic SSO',
    });
    expect(changed.json().provider).toMatchObject({ name: 'Clinic SSO', clientSecret: { set: true } });
    for (const res of [created, changed, await admin.get('/api/v1/admin/identity-providers')]) {
      expect(res.body).not.toContain('a-very-secret-value');
      expect(res.body).not.toContain(CLIENT_SECRET);
    }
    const plain = await admin.post('/api/v1/admin/identity-providers', {
      name: 'Plain',
      issuer: 'http://sso.example.org',
      clientId: 'x',
      clientSecret: 'y',
    });
    expect(plain.statusCode).toBe(400);
    expect((await admin.delete(`/api/v1/admin/identity-providers/${provider.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/admin/identity-providers/${provider.id}`)).statusCode).toBe(404);
  });
});
