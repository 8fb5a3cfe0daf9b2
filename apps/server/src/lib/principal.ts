import type { MfaSetupDue, TokenScope } from '@parley/shared';
import type { Account } from '../db/schema.js';

/** Who is making a request, resolved from the session cookie or a bearer token, never from the payload. */
export interface Principal {
  /** Without the password hash: principals are cached and passed around. */
  user: Account;
  via: 'session' | 'token';
  /** sha256 of the cookie, for sessions. */
  sessionId: string | null;
  /** The API token's id, for tokens. */
  tokenId: string | null;
  csrfToken: string | null;
  /** What an API token may do; null for sessions, which may do everything their role allows. */
  scopes: TokenScope[] | null;
  /** Sessions: when this session last proved a second factor (step-up), if ever. */
  mfaAt?: string | null;
  /** Sessions: a second factor policy wants set up (blocked: nothing else works until it is). */
  mfaSetup?: MfaSetupDue | null;
}

/** What resolves credentials (the auth service): the HTTP guards and the socket handshake ask it. */
export interface Authenticator {
  fromBearerToken(secret: string): Promise<Principal | null>;
  fromSessionCookie(cookie: string): Promise<Principal | null>;
}

/**
 * Who presents these credentials, for HTTP and sockets alike: a bearer API token wins over the
 * session cookie; neither (or a dead one) is nobody.
 */
export function authenticate(
  auth: Authenticator,
  credentials: { bearer?: string | undefined; cookie?: string | undefined },
): Promise<Principal | null> {
  if (credentials.bearer !== undefined) return auth.fromBearerToken(credentials.bearer);
  return credentials.cookie ? auth.fromSessionCookie(credentials.cookie) : Promise.resolve(null);
}
