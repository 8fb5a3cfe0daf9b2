import type { ServerToClientEvents } from '@parley/shared';
import { useEffect, useRef } from 'react';
import { useRealtime } from './realtimeContext';

/**
 * Listens to one server event while the calling component is mounted, on the signed-in socket.
 * Each feature subscribes to its own events here instead of one provider listing them all. The
 * latest `handler` is always used, so callers need not memoise it.
 */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const { socket } = useRealtime();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (latest.current as (...a: typeof args) => void)(...args)) as unknown as ServerToClientEvents[E];
    // socket.io's typed on/off cannot name a generic event; the listener keeps the event's own types.
    const target = socket as unknown as {
      on(e: string, l: unknown): void;
      off(e: string, l: unknown): void;
    };
    target.on(event, listener);
    return () => target.off(event, listener);
  }, [socket, event]);
}
