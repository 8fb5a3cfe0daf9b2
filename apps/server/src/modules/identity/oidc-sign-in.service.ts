import * as client from 'openid-client';
import type { OidcError } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import { newSecret, sha256 } from '../../lib/ids.js';
import type { AuthService, SignInOutcome } from '../auth/index.js';
import type { ProviderAccounts } from './accounts.js';
import { providerDidMfa, readPerson } from './claims.js';
import type { IdentitiesRepository, OidcFlowRow } from './identities.repository.js';
import type { IdentityProvidersService, ProviderSettings } from './identity-providers.service.js';
import { classify, OidcFailure, type OidcClients, type ProviderConnection } from './oidc-client.js';

/** A sign-in in flight lasts this long at Parley (the provider's login page has to be done by then). */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;

export interface OidcSignInDependencies {
  providers: IdentityProvidersService;
  clients: OidcClients;
  identities: IdentitiesRepository;
  accounts: ProviderAccounts;
  auth: AuthService;
  clock: Clock;
  log: { warn(obj: object, msg: string): void };
  /** `<PUBLIC_URL>/login`: where the provider sends the browser after its logout. */
  postLogoutRedirectUri: string;
}

export interface StartInput {
  purpose: 'sign-in' | 'link';
  userId: string | null;
  returnTo: string;
  /** The browser's `parley_oidc` cookie, reused so two tabs can sign in at once. */
  browserCookie: string | undefined;
}

export type CallbackResult =
  | { kind: 'signed-in'; outcome: SignInOutcome; returnTo: string }
  | { kind: 'linked'; returnTo: string }
  | { kind: 'failed'; error: OidcError; purpose: 'sign-in' | 'link' };

/** Only a path on this site (not `//host`, not `/\host`): never an open redirect. */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return /[\u0000-\u001f\\]/.test(value) ? fallback : value;
}

/** Single sign-on with OpenID Connect: authorization code + PKCE (S256), `state` and `nonce`. */
export class OidcSignInService {
  constructor(private readonly deps: OidcSignInDependencies) {}

  /** Where to send the browser, and the cookie that binds the flow to it. */
  async start(providerId: string, input: StartInput): Promise<{ url: string; browserCookie: string }> {
    const { settings, connection } = await this.usable(providerId);
    const config = await this.deps.clients.configuration(connection);
    const browserCookie =
      input.browserCookie && /^[\w-]{43}$/.test(input.browserCookie) ? input.browserCookie : newSecret();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const at = this.deps.clock.now();
    await this.deps.identities.insertFlow({
      state_hash: sha256(state),
      browser_hash: sha256(browserCookie),
      provider_id: providerId,
      purpose: input.purpose,
      user_id: input.userId,
      nonce,
      code_verifier: codeVerifier,
      return_to: input.returnTo,
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + OIDC_FLOW_TTL_MS).toISOString(),
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.deps.providers.redirectUri(providerId),
      scope: settings.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, browserCookie };
  }

  /** The provider sent the browser back: every failure is a result, never a throw. */
  async callback(
    providerId: string,
    query: Record<string, string>,
    browserCookie: string | undefined,
    context: { ip: string; userAgent: string | null },
  ): Promise<CallbackResult> {
    const flow = await this.takeFlow(providerId, query.state, browserCookie);
    if (!flow) return { kind: 'failed', error: 'state_invalid', purpose: 'sign-in' };
    try {
      const { settings, connection } = await this.usable(providerId);
      const claims = await this.exchange(connection, flow, query);
      const person = readPerson(claims, settings.claims);
      if (flow.purpose === 'link') {
        await this.deps.accounts.link(settings, person, flow.user_id!);
        return { kind: 'linked', returnTo: flow.return_to };
      }
      const user = await this.deps.accounts.resolve(settings, person);
      const outcome = await this.deps.auth.signIn(user, {
        method: 'oidc',
        signedInWith: settings.name,
        secondFactorDone: settings.trustProviderMfa && providerDidMfa(claims),
        identity: { providerId, sid: person.sid },
        ip: context.ip,
        userAgent: context.userAgent,
      });
      return { kind: 'signed-in', outcome, returnTo: flow.return_to };
    } catch (err) {
      const error =
        (err as { code?: unknown }).code === 'account_deactivated' ? 'account_deactivated' : classify(err);
      if (!(err instanceof OidcFailure)) {
        this.deps.log.warn({ providerId, error, err: (err as Error).message }, 'a single sign-on failed');
      }
      return { kind: 'failed', error, purpose: flow.purpose };
    }
  }

  /**
   * RP-initiated logout: where to send the browser after this session ends, when it signed in
   * through a provider that publishes an `end_session_endpoint`; null otherwise.
   */
  async logoutRedirect(sessionId: string): Promise<string | null> {
    const providerId = await this.deps.identities.sessionProvider(sessionId);
    return providerId === null ? null : this.endSessionUrl(providerId, this.deps.postLogoutRedirectUri);
  }

  private async endSessionUrl(providerId: string, postLogoutRedirectUri: string): Promise<string | null> {
    const found = await this.deps.providers.find(providerId);
    if (!found?.connection || !found.settings.enabled) return null;
    try {
      const config = await this.deps.clients.configuration(found.connection);
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, {
        client_id: found.connection.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      }).href;
    } catch {
      // The provider is down: the Parley session still ends.
      return null;
    }
  }

  private async takeFlow(
    providerId: string,
    state: string | undefined,
    browserCookie: string | undefined,
  ): Promise<OidcFlowRow | undefined> {
    if (!state || state.length > 256) return undefined;
    const flow = await this.deps.identities.takeFlow(sha256(state));
    if (!flow || flow.provider_id !== providerId) return undefined;
    if (flow.expires_at <= this.deps.clock.now().toISOString()) return undefined;
    // Started in another browser: someone is trying to sign this one in as them (login CSRF).
    if (!browserCookie || sha256(browserCookie) !== flow.browser_hash) return undefined;
    return flow;
  }

  private async exchange(
    connection: ProviderConnection,
    flow: OidcFlowRow,
    query: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const config = await this.deps.clients.configuration(connection);
    const currentUrl = new URL(this.deps.providers.redirectUri(connection.id));
    for (const [key, value] of Object.entries(query)) currentUrl.searchParams.set(key, value);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: query.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcFailure('provider_error', 'No ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint) {
      // Profile, e-mail and groups are often only in userinfo; its `sub` must be the ID token's.
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims, ...pickProfile(info) };
    }
    return claims;
  }

  private async usable(
    providerId: string,
  ): Promise<{ settings: ProviderSettings; connection: ProviderConnection }> {
    const found = await this.deps.providers.find(providerId);
    if (!found || !found.settings.enabled) throw new OidcFailure('provider_disabled');
    if (!found.connection) throw new OidcFailure('provider_error', 'The client secret cannot be opened');
    return { settings: found.settings, connection: found.connection };
  }
}

/** Userinfo's answer wins for profile facts (fresher), the ID token's for everything it signs (sub, sid, amr, acr). */
function pickProfile(info: Record<string, unknown>): Record<string, unknown> {
  const { sub: _sub, sid: _sid, amr: _amr, acr: _acr, ...profile } = info;
  return profile;
}
