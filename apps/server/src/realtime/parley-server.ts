import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '@parley/shared';
import type { AuthInvalidation } from '../lib/principal-cache.js';

/** Between Parley nodes (through the Redis adapter), never to clients. */
export interface InterServerEvents {
  'auth:invalidate': (what: AuthInvalidation, ack: (done: true) => void) => void;
  /** Subscribe (or unsubscribe) these users' local sockets to a chat room; ack when done. */
  'rooms:join': (change: { userIds: string[]; roomId: string }, ack: (done: true) => void) => void;
  'rooms:leave': (change: { userIds: string[]; roomId: string }, ack: (done: true) => void) => void;
  /** Which of these users have sockets on the answering node, and their status there. */
  'presence:query': (userIds: string[], ack: (statuses: Record<string, 'online' | 'away'>) => void) => void;
}

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
