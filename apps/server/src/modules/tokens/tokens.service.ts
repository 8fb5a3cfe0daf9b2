import {
  TOKEN_SCOPES,
  type ApiToken,
  type ApiTokenCreated,
  type ApiTokenCreateRequest,
  type TokenScope,
} from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import { Errors } from '../../errors.js';
import type { TokensEvents } from './tokens.events.js';
import type { ApiTokenRow, TokensRepository } from './tokens.repository.js';

/** Prefix makes leaked tokens easy to recognise (and to scan for in repositories). */
export const API_TOKEN_PREFIX = 'prl_';

/** Stored as space-separated words; anything unknown is dropped rather than trusted. */
export const parseScopes = (stored: string): TokenScope[] =>
  TOKEN_SCOPES.filter((scope) => stored.split(' ').includes(scope));

const present = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  scopes: parseScopes(row.scopes),
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
});

export interface TokensDependencies {
  repo: TokensRepository;
  events: TokensEvents;
  clock: Clock;
}

export class TokensService {
  /** Minute of the last `last_used_at` write per token, so cached requests still update it. */
  private readonly touched = new Map<string, string>();

  constructor(private readonly deps: TokensDependencies) {}

  /** `isAdmin`: only administrators may create tokens with the `admin` scope. */
  async create(
    userId: string,
    input: ApiTokenCreateRequest,
    options: { isAdmin: boolean },
  ): Promise<ApiTokenCreated> {
    if (input.scopes.includes('admin') && !options.isAdmin) {
      throw Errors.forbidden('adminScopeAdminsOnly');
    }
    const now = this.deps.clock.now();
    const secret = API_TOKEN_PREFIX + newSecret();
    const row = await this.deps.repo.insert({
      id: newId(now.getTime()),
      user_id: userId,
      name: input.name,
      token_hash: sha256(secret),
      scopes: TOKEN_SCOPES.filter((scope) => input.scopes.includes(scope)).join(' '),
      created_at: now.toISOString(),
      last_used_at: null,
      expires_at: input.expiresInDays
        ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
        : null,
    });
    return { token: present(row), secret };
  }

  async list(userId: string): Promise<ApiToken[]> {
    return (await this.deps.repo.listForUser(userId)).map(present);
  }

  async revoke(userId: string, tokenId: string): Promise<void> {
    if (!(await this.deps.repo.deleteForUser(tokenId, userId))) throw Errors.notFound('tokenNotFound');
    await this.deps.events.tokensEnded([tokenId]);
  }

  /** Revokes every token of a user (password change with revokeTokens, deactivation). */
  async revokeAll(userId: string): Promise<number> {
    const ids = await this.deps.repo.deleteAllForUser(userId);
    await this.deps.events.tokensEnded(ids);
    return ids.length;
  }

  /** A cached token was used: record it, at most once a minute. */
  async noteUse(tokenId: string): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    if (this.touched.get(tokenId) === now.slice(0, 16)) return;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(tokenId, now.slice(0, 16));
    await this.deps.repo.touch(tokenId, now);
  }

  /** The token, its owner and scopes for a valid, unexpired secret, or null. */
  async authenticate(
    secret: string,
  ): Promise<{ tokenId: string; userId: string; scopes: TokenScope[]; expiresAt: string | null } | null> {
    if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
    const row = await this.deps.repo.findByHash(sha256(secret));
    const now = this.deps.clock.now().toISOString();
    if (!row || (row.expires_at !== null && row.expires_at <= now)) return null;
    // Minute resolution is enough for "last used" and spares a write per request.
    if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      await this.deps.repo.touch(row.id, now);
    }
    this.touched.set(row.id, now.slice(0, 16));
    return {
      tokenId: row.id,
      userId: row.user_id,
      scopes: parseScopes(row.scopes),
      expiresAt: row.expires_at,
    };
  }
}
