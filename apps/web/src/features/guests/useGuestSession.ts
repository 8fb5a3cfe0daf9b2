import type { GuestSession, ServerToClientEvents } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { isApiError } from '../../api/client';
import { guestCallApi } from './guestCall.api';

/** How often the page asks where it stands while its socket is down. */
export const GUEST_POLL_MS = 4_000;

export type GuestSessionState =
  | { status: 'loading' }
  | { status: 'ready'; session: GuestSession }
  /** The pass no longer works (the link was revoked, or the pass is unknown): `code` says which. */
  | { status: 'gone'; code: string; message: string };

/** Statuses after which nothing changes any more. */
const FINAL = new Set(['denied', 'ended']);

/**
 * Where a call guest stands, kept current: asked once, then pushed on the guest's own socket
 * (`auth: { guest }`, which hears only `guest:status`), and asked again every few seconds while that
 * socket is down (a proxy that blocks WebSockets, a drop). Stops once denied or ended.
 */
export function useGuestSession(token: string, secret: string): GuestSessionState {
  const [state, setState] = useState<GuestSessionState>({ status: 'loading' });
  const final = useRef(false);

  useEffect(() => {
    final.current = false;
    let connected = false;
    let stopped = false;
    const controller = new AbortController();

    const apply = (session: GuestSession) => {
      if (stopped || final.current) return;
      if (FINAL.has(session.status)) final.current = true;
      setState({ status: 'ready', session });
      if (final.current) socket.disconnect();
    };

    const ask = () => {
      guestCallApi.session(token, secret, controller.signal).then(apply, (error: unknown) => {
        if (stopped || !isApiError(error)) return;
        // Offline or a server hiccup: the next poll tries again. A refusal is final.
        if (error.status === 401 || error.status === 403 || error.status === 404 || error.status === 410) {
          final.current = true;
          setState({ status: 'gone', code: error.code, message: error.message });
          socket.disconnect();
        }
      });
    };

    const socket: Socket<ServerToClientEvents> = io({ auth: { guest: secret }, withCredentials: false });
    socket.on('connect', () => {
      connected = true;
      ask(); // what happened while it was down
    });
    socket.on('disconnect', () => (connected = false));
    socket.on('connect_error', () => (connected = false));
    socket.on('guest:status', apply);

    ask();
    const timer = window.setInterval(() => {
      if (!connected && !final.current) ask();
    }, GUEST_POLL_MS);

    return () => {
      stopped = true;
      controller.abort();
      window.clearInterval(timer);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, secret]);

  return state;
}
