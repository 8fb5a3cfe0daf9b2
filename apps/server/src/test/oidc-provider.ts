import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Provider for tests (oidc-provider, certified) on 127.0.0.1 and a free port: discovery,
 * code + PKCE, userinfo, a `groups` claim, an `amr` per account, back-channel and RP-initiated logout,
 * key rotation. Signing in is a tiny HTML form (a username field and a button), so server tests drive
 * it with fetch (`loginAs`) and the e2e with a browser. oidc-provider warns about Node versions older
 * than it wants; that warning is expected.
 */

export interface FixtureAccount {
  sub: string;
  preferred_username: string;
  name: string;
  email: string;
  email_verified: boolean;
  picture?: string;
  groups: string[];
  /** Authentication methods the provider says it used (RFC 8176), e.g. ['pwd'] or ['pwd', 'otp']. */
  amr: string[];
  acr?: string;
}

export interface FixtureClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
}

export interface OidcFixture {
  issuer: string;
  /** Accounts by `sub`; change one between sign-ins (groups, e-mail…) and the next sign-in sees it. */
  accounts: Map<string, FixtureAccount>;
  /**
   * Follows an authorization URL (from Parley's start route) through the provider's login form as
   * this account, and returns where the provider sends the browser back (Parley's callback URL).
   */
  loginAs(authorizationUrl: string, sub: string): Promise<string>;
  /** Adds (or replaces, by client_id) a client: Parley's redirect URI names the provider's id, known late. */
  registerClient(client: FixtureClient): void;
  /** A new signing key; the old one is no longer published nor used. */
  rotateKeys(): Promise<void>;
  /** A back-channel logout token signed with the provider's current key (claims can be overridden). */
  logoutToken(claims: {
    sub?: string;
    sid?: string;
    aud?: string;
    iat?: number;
    jti?: string;
    events?: object;
    nonce?: string;
  }): Promise<string>;
  stop(): Promise<void>;
}

interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

/** oidc-provider's storage, kept across key rotations (its own memory adapter is not exported). */
function memoryAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  const grants = new Map<string, Set<string>>();
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key = (id: string) => `${this.model}:${id}`;
    upsert(id: string, payload: Record<string, unknown>) {
      store.set(this.key(id), payload);
      if (this.model === 'Session') store.set(`uid:${String(payload.uid)}`, { id });
      if (typeof payload.grantId === 'string') {
        const set = grants.get(payload.grantId) ?? new Set<string>();
        set.add(this.key(id));
        grants.set(payload.grantId, set);
      }
      return Promise.resolve();
    }
    find(id: string) {
      return Promise.resolve(store.get(this.key(id)));
    }
    findByUid(uid: string) {
      const ref = store.get(`uid:${uid}`);
      return Promise.resolve(ref ? store.get(this.key(String(ref.id))) : undefined);
    }
    findByUserCode() {
      return Promise.resolve(undefined);
    }
    consume(id: string) {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string) {
      store.delete(this.key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string) {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
      return Promise.resolve();
    }
  };
}

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body><main>${body}</main></body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(options: {
  clients: FixtureClient[];
  accounts: FixtureAccount[];
  /** Served at `<issuer>/picture.png`, for accounts whose `picture` points there. */
  picture?: Buffer;
}): Promise<OidcFixture> {
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));
  const clients = new Map(options.clients.map((c) => [c.client_id, c]));
  const Adapter = memoryAdapter();
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let key = await newKey();
  let provider = build();

  function build(): Provider {
    const configuration: Configuration = {
      adapter: Adapter,
      clients: [...clients.values()].map((c) => ({
        ...c,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        ...(c.backchannel_logout_uri ? { backchannel_logout_session_required: true } : {}),
      })),
      jwks: { keys: [key.jwk] },
      cookies: { keys: ['oidc-fixture-cookie-key'] },
      claims: {
        acr: null,
        amr: null,
        auth_time: null,
        iss: null,
        sid: null,
        // amr and acr with every ID token (oidc-provider gives them only when asked otherwise).
        openid: ['sub', 'amr', 'acr', 'sid'],
        profile: ['name', 'preferred_username', 'picture'],
        email: ['email', 'email_verified'],
        groups: ['groups'],
      },
      scopes: ['openid', 'profile', 'email', 'groups'],
      pkce: { required: () => true },
      ttl: {
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
        AccessToken: 600,
        IdToken: 600,
        AuthorizationCode: 60,
      },
      features: {
        devInteractions: { enabled: false },
        backchannelLogout: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        userinfo: { enabled: true },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: () => {
            const { amr: _amr, acr: _acr, ...claims } = accounts.get(sub) ?? account;
            return claims;
          },
        };
      },
      // First-party test clients: every requested scope is granted without a consent page.
      loadExistingGrant: async (ctx) => {
        const oidc = ctx.oidc;
        const existing = oidc.session?.grantIdFor(oidc.client!.clientId);
        if (existing) return oidc.provider.Grant.find(existing);
        const grant = new oidc.provider.Grant({
          clientId: oidc.client!.clientId,
          accountId: oidc.session!.accountId!,
        });
        const scope = oidc.params?.scope;
        grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
        await grant.save();
        return grant;
      },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page(
          `<h1>Error</h1><p>${escapeHtml(JSON.stringify(out.error))}: ${escapeHtml(JSON.stringify(out.error_description ?? ''))}</p>`,
        );
      },
    };
    const p = new Provider(issuer, configuration);
    handler = p.callback();
    return p;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/picture.png' && options.picture) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(options.picture);
      return;
    }
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) return handler!(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const username = (await formBody(req)).get('username') ?? '';
        const account = [...accounts.values()].find(
          (a) => a.sub === username || a.preferred_username === username,
        );
        if (!account) {
          res.writeHead(200, { 'content-type': 'text/html' }).end(loginForm(match[1]!, 'No such account'));
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          {
            login: { accountId: account.sub, amr: account.amr, ...(account.acr ? { acr: account.acr } : {}) },
          },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      if (details.prompt.name !== 'login') {
        await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(loginForm(match[1]!, null));
    } catch (err) {
      res
        .writeHead(400, { 'content-type': 'text/html' })
        .end(page(`<p>${escapeHtml((err as Error).message)}</p>`));
    }
  }

  return {
    issuer,
    accounts,
    async loginAs(authorizationUrl, sub) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const remember = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const eq = pair!.indexOf('=');
          const name = pair!.slice(0, eq).trim();
          const value = pair!.slice(eq + 1);
          if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
          else jar.set(name, value);
        }
      };
      let next = new URL(authorizationUrl);
      for (let hop = 0; hop < 20; hop++) {
        if (next.origin !== issuer) return next.href;
        let response = await fetch(next, { redirect: 'manual', headers: { cookie: cookieHeader() } });
        remember(response);
        if (response.status === 200 && next.pathname.startsWith('/interaction/')) {
          const account = accounts.get(sub);
          response = await fetch(new URL(`${next.pathname}/login`, issuer), {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ username: account?.preferred_username ?? sub }),
          });
          remember(response);
        }
        const location = response.headers.get('location');
        if (!location) {
          throw new Error(
            `the provider answered ${response.status} at ${next.pathname}: ${await response.text()}`,
          );
        }
        next = new URL(location, next);
      }
      throw new Error('too many redirects at the provider');
    },
    registerClient(client) {
      clients.set(client.client_id, client);
      provider = build();
    },
    async rotateKeys() {
      key = await newKey();
      provider = build();
    },
    async logoutToken(claims) {
      const { aud, iat, jti, events, ...rest } = claims;
      return new SignJWT({
        events: events ?? { 'http://schemas.openid.net/event/backchannel-logout': {} },
        jti: jti ?? randomUUID(),
        ...rest,
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.jwk.kid!, typ: 'logout+jwt' })
        .setIssuer(issuer)
        .setAudience(aud ?? [...clients.keys()][0]!)
        .setIssuedAt(iat ?? Math.floor(Date.now() / 1000))
        .sign(key.privateKey);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function loginForm(uid: string, error: string | null): string {
  return page(`<h1>Test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required>
<button type="submit">Sign in</button>
</form>`);
}
