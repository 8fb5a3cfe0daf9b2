import type { AuthInvalidation } from '../../lib/principal-cache.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';

export interface TokensEventsDependencies {
  realtime: RealtimePort;
  /** Forgets cached principals here and on the other nodes. */
  invalidateAuth?: (what: AuthInvalidation) => Promise<void>;
}

/** What the tokens module tells live sockets and the principal caches. */
export class TokensEvents {
  constructor(private readonly deps: TokensEventsDependencies) {}

  /** Revoked tokens: the sockets they opened close, caches everywhere forget them. */
  async tokensEnded(ids: string[]): Promise<void> {
    this.deps.realtime.endTokens(ids);
    await this.deps.invalidateAuth?.({ tokens: ids });
  }
}
