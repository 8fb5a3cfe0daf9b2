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
  /** Everyone but these users (whose sockets must not receive it). */
  broadcastExcept<E extends keyof ServerToClientEvents>(
    userIds: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  toUser<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Every socket subscribed to this chat room (its members'). */
  toRoom<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Every socket of these users (each socket once). */
  toUsers<E extends keyof ServerToClientEvents>(
    userIds: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** A call guest's own sockets (issue 19): the only events a guest socket ever receives. */
  toGuest<E extends keyof ServerToClientEvents>(
    guestId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * Subscribes every open socket of these users, on every node, to the room's events; resolves once
   * done, so an event emitted afterwards reaches them.
   */
  joinRoom(userIds: string[], roomId: string): Promise<void>;
  /** Unsubscribes them everywhere; resolves once done, so nothing emitted afterwards reaches them. */
  leaveRoom(userIds: string[], roomId: string): Promise<void>;
  /** Tells the sockets of these sessions that they ended, then disconnects them. */
  endSessions(sessionIds: string[]): void;
  /** The same for sockets that signed in with these API tokens. */
  endTokens(tokenIds: string[]): void;
  /** Every socket of this user (deactivation). */
  endUser(userId: string): void;
  /**
   * Tells the other nodes to forget cached principals (this node forgets them itself); resolves once
   * they have, so a logout answered here is refused everywhere.
   */
  invalidateAuth(what: AuthInvalidation): Promise<void>;
}

export const offlineRealtime: RealtimePort = {
  broadcast: () => undefined,
  broadcastExcept: () => undefined,
  toUser: () => undefined,
  toRoom: () => undefined,
  toUsers: () => undefined,
  toGuest: () => undefined,
  joinRoom: () => Promise.resolve(),
  leaveRoom: () => Promise.resolve(),
  endSessions: () => undefined,
  endTokens: () => undefined,
  endUser: () => undefined,
  invalidateAuth: () => Promise.resolve(),
};
