import type { ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { createContext, useContext } from 'react';
import type { Socket } from 'socket.io-client';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeValue {
  state: ConnectionState;
  socket: ParleySocket | null;
}

/** The signed-in socket and its state, provided by <RealtimeProvider>. */
export const RealtimeContext = createContext<RealtimeValue>({ state: 'connecting', socket: null });

export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext);
}
