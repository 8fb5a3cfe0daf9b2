import type { LightMyRequestResponse } from 'fastify';
import { TEST_ORIGIN, TestClient, type TestApp } from './test-app.js';
import { startOidcProvider, type FixtureAccount, type OidcFixture } from './oidc-provider.js';

export const CLIENT_SECRET = 'fixture-client-secret-0123456789';

/** A person at the test identity provider; `sub` doubles as the username typed into its form. */
export const fixtureAccount = (sub: string, overrides: Partial<FixtureAccount> = {}): FixtureAccount => ({
  sub,
  preferred_username: sub,
  name: `Person ${sub}`,
  email: `${sub}@example.org`,
  email_verified: true,
  groups: [],
  amr: ['pwd'],
  ...overrides,
});

/** A running test provider with no clients yet (see addProvider). */
export const startIdp = (accounts: FixtureAccount[] = [], picture?: Buffer) =>
  startOidcProvider({ clients: [], accounts, ...(picture ? { picture } : {}) });

/**
 * Adds the provider in Parley (as the admin) and registers Parley as its client with the redirect
 * and back-channel logout URIs Parley answers. Returns the provider's id.
 */
export async function addProvider(
  admin: TestClient,
  idp: OidcFixture,
  body: Record<string, unknown> = {},
  clientId = `parley-${Math.random().toString(36).slice(2, 8)}`,
): Promise<string> {
  const res = await admin.post('/api/v1/admin/identity-providers', {
    name: 'Test IdP',
    issuer: idp.issuer,
    clientId,
    clientSecret: CLIENT_SECRET,
    scopes: ['openid', 'profile', 'email', 'groups'],
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`add provider failed: ${res.statusCode} ${res.body}`);
  const { provider } = res.json<{
    provider: { id: string; redirectUri: string; backchannelLogoutUri: string };
  }>();
  idp.registerClient({
    client_id: clientId,
    client_secret: CLIENT_SECRET,
    redirect_uris: [provider.redirectUri],
    post_logout_redirect_uris: [`${TEST_ORIGIN}/login`],
    backchannel_logout_uri: provider.backchannelLogoutUri,
  });
  return provider.id;
}

/** Where the provider sent the browser back (a callback path with code and state), without following it. */
export async function authorizeAt(
  client: TestClient,
  idp: OidcFixture,
  providerId: string,
  sub: string,
  returnTo = '/chat',
): Promise<string> {
  const start = await client.get(
    `/api/v1/auth/oidc/${providerId}/start?returnTo=${encodeURIComponent(returnTo)}`,
  );
  if (start.statusCode !== 302) throw new Error(`start failed: ${start.statusCode} ${start.body}`);
  const location = start.headers.location as string;
  if (location.startsWith('/')) throw new Error(`start refused: ${location}`);
  const back = new URL(await idp.loginAs(location, sub));
  return back.pathname + back.search;
}

/** The whole sign-in: start, the provider's form, the callback; answers the callback's response. */
export async function ssoSignIn(
  client: TestClient,
  idp: OidcFixture,
  providerId: string,
  sub: string,
  returnTo?: string,
): Promise<LightMyRequestResponse> {
  return client.get(await authorizeAt(client, idp, providerId, sub, returnTo));
}

/** The `sso_error` a failed callback redirected to, or null. */
export const ssoError = (res: LightMyRequestResponse): string | null =>
  new URL(String(res.headers.location), TEST_ORIGIN).searchParams.get('sso_error');

export type { TestApp };
