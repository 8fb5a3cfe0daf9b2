import * as client from 'openid-client';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { OidcError } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';

/** What talking to a provider needs (the secret already opened). */
export interface ProviderConnection {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Changes whenever the provider's settings do, so a cached discovery is not reused after an edit. */
  version: string;
}

/** A sign-in failure with the code the sign-in page explains. */
export class OidcFailure extends Error {
  constructor(
    readonly code: OidcError,
    message: string = code,
  ) {
    super(message);
    this.name = 'OidcFailure';
  }
}

/** Plain http is allowed only to this machine (tests, a provider beside Parley); everything else is https. */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export const isAllowedIssuer = (issuer: string): boolean =>
  URL.canParse(issuer) && (new URL(issuer).protocol === 'https:' || isLoopbackUrl(issuer));

/** What went wrong talking to the provider, in the sign-in page's words. */
export function classify(err: unknown): OidcError {
  if (err instanceof OidcFailure) return err.code;
  if (err instanceof client.ResponseBodyError) {
    return err.error === 'invalid_grant' ? 'code_rejected' : 'provider_error';
  }
  if (err instanceof client.AuthorizationResponseError) return 'provider_error';
  if (err instanceof client.ClientError) {
    const claim = (err.cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim;
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce') return 'nonce_mismatch';
    return 'provider_error';
  }
  // fetch failed (refused, DNS, TLS) or timed out.
  if (err instanceof TypeError || (err instanceof Error && /abort|timeout/i.test(err.name))) {
    return 'provider_unreachable';
  }
  return 'provider_error';
}

const CONFIG_TTL_MS = 10 * 60_000;

export interface OidcClientsDependencies {
  clock: Clock;
  /** Seconds to wait for the provider (discovery, token, JWKS); short, so a dead provider fails fast. */
  timeoutSeconds: number;
  /** How soon an unknown key id may make the keys be fetched again (rotation), by Parley's clock. */
  jwksCooldownMs: number;
}

/**
 * openid-client configurations (discovery) and jose JWKS sets per provider, cached for a while: a
 * sign-in costs the provider's token call, not a discovery each time.
 */
export class OidcClients {
  private readonly configs = new Map<string, { version: string; at: number; config: client.Configuration }>();
  private readonly jwks = new Map<
    string,
    { uri: string; fetchedAt: number; set: ReturnType<typeof createLocalJWKSet> }
  >();

  constructor(private readonly deps: OidcClientsDependencies) {}

  async configuration(provider: ProviderConnection): Promise<client.Configuration> {
    const now = this.deps.clock.now().getTime();
    const cached = this.configs.get(provider.id);
    if (cached && cached.version === provider.version && now - cached.at < CONFIG_TTL_MS) {
      return cached.config;
    }
    const insecure = new URL(provider.issuer).protocol === 'http:' && isLoopbackUrl(provider.issuer);
    let config: client.Configuration;
    try {
      config = await client.discovery(
        new URL(provider.issuer),
        provider.clientId,
        undefined,
        client.ClientSecretBasic(provider.clientSecret),
        {
          timeout: this.deps.timeoutSeconds,
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
    } catch (err) {
      this.configs.delete(provider.id);
      throw new OidcFailure(classify(err) === 'provider_error' ? 'provider_error' : 'provider_unreachable');
    }
    this.configs.set(provider.id, { version: provider.version, at: now, config });
    return config;
  }

  forget(providerId: string): void {
    this.configs.delete(providerId);
    this.jwks.delete(providerId);
  }

  /**
   * Verifies a back-channel logout token's signature with the provider's published keys and its
   * issuer, audience and age (by Parley's clock). A key id not among the cached keys fetches them
   * again, at most once per cooldown, so a rotated key works and random key ids cannot make Parley
   * hammer the provider.
   */
  async verifyLogoutToken(
    provider: ProviderConnection,
    token: string,
    maxAgeSeconds: number,
  ): Promise<JWTPayload> {
    const config = await this.configuration(provider);
    const metadata = config.serverMetadata();
    const uri = metadata.jwks_uri;
    if (!uri) throw new OidcFailure('provider_error', 'The provider publishes no keys');
    const now = this.deps.clock.now().getTime();
    let entry = this.jwks.get(provider.id);
    if (!entry || entry.uri !== uri || now - entry.fetchedAt >= CONFIG_TTL_MS) {
      entry = await this.fetchKeys(provider.id, uri, now);
    }
    const options = {
      issuer: metadata.issuer,
      audience: provider.clientId,
      maxTokenAge: maxAgeSeconds,
      currentDate: this.deps.clock.now(),
    };
    try {
      return (await jwtVerify(token, entry.set, options)).payload;
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || now - entry.fetchedAt < this.deps.jwksCooldownMs) {
        throw err;
      }
      entry = await this.fetchKeys(provider.id, uri, now);
      return (await jwtVerify(token, entry.set, options)).payload;
    }
  }

  private async fetchKeys(providerId: string, uri: string, now: number) {
    const response = await fetch(uri, {
      redirect: 'error',
      signal: AbortSignal.timeout(this.deps.timeoutSeconds * 1000),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      throw new OidcFailure('provider_error', `The provider's keys answered ${response.status}`);
    }
    const keys = (await response.json()) as JSONWebKeySet;
    const entry = { uri, fetchedAt: now, set: createLocalJWKSet(keys) };
    this.jwks.set(providerId, entry);
    return entry;
  }
}
