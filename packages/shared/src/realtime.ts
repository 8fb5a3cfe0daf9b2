import type { ErrorCode } from './errors.js';
import type { PublicUser } from './users.js';

/** Rooms a socket is joined to; named in one place so server and tests agree. */
export const socketRooms = {
  user: (userId: string) => `user:${userId}`,
} as const;

export interface ServerToClientEvents {
  /** Someone's public profile changed (name, avatar, role). */
  'user:updated': (user: PublicUser) => void;
  /** This session or API token ended (logout, password change, revocation, expiry); sign out. */
  'session:revoked': () => void;
}

/** What every client → server event answers: the data, or an error from the one catalogue. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type Ack<T> = (result: AckResult<T>) => void;

export interface ClientToServerEvents {
  /** Who the server thinks this socket is; the answer comes from the session, never from the payload. */
  whoami: (ack: Ack<{ userId: string; username: string }>) => void;
}

/** Per-socket data the server keeps after the handshake. */
export interface SocketData {
  userId: string;
  username: string;
  sessionId: string | null;
  tokenId: string | null;
}
