import type { AuthInvalidation } from '../lib/principal-cache.js';
import type { ServerToClientEvents } from '@parley/shared';

/**
 * What services may do to connected clients. Services depend on this port, not on socket.io, so they
 * run unchanged in the CLI (where nobody is connected) and in unit tests.
 */
export interface RealtimePort {
  broadcast<E extends keyof ServerToClientEvents>(
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  toUser<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Tells the sockets of these sessions that they ended, then disconnects them. */
  endSessions(sessionIds: string[]): void;
  /** The same for sockets that signed in with these API tokens. */
  endTokens(tokenIds: string[]): void;
  /** Every socket of this user (deactivation). */
  endUser(userId: string): void;
  /** Tells the other nodes to forget cached principals (this node forgets them itself). */
  invalidateAuth(what: AuthInvalidation): void;
}

export const offlineRealtime: RealtimePort = {
  broadcast: () => undefined,
  toUser: () => undefined,
  endSessions: () => undefined,
  endTokens: () => undefined,
  endUser: () => undefined,
  invalidateAuth: () => undefined,
};
