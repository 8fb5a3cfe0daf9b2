import { sha256 } from '../../lib/ids.js';
import type { PrincipalCache } from '../../lib/principal-cache.js';
import type { Principal } from '../../lib/principal.js';
import type { TokensService } from '../tokens/index.js';
import { toAccount, type UsersRepository } from '../users/index.js';

/** Who a bearer API token is (cached for a few seconds like sessions; each use is noted). */
export async function principalOfToken(
  deps: { tokens: TokensService; users: UsersRepository; principals: PrincipalCache<Principal> },
  secret: string,
): Promise<Principal | null> {
  const key = `t:${sha256(secret)}`;
  const cached = deps.principals.get(key);
  if (cached) {
    await deps.tokens.noteUse(cached.tokenId!);
    return cached;
  }
  const lookup = deps.principals.startLookup();
  const token = await deps.tokens.authenticate(secret);
  const user = token ? await deps.users.findById(token.userId) : undefined;
  if (!user || !token || user.active !== 1) return null;
  const principal: Principal = {
    user: toAccount(user),
    via: 'token',
    sessionId: null,
    tokenId: token.tokenId,
    csrfToken: null,
    scopes: token.scopes,
  };
  deps.principals.set(
    key,
    principal,
    {
      userId: user.id,
      sessionId: null,
      tokenId: token.tokenId,
      expiresAt: token.expiresAt ? Date.parse(token.expiresAt) : Number.POSITIVE_INFINITY,
    },
    lookup,
  );
  return principal;
}
