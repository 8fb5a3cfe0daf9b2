import { Suspense, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { lazyPage } from '../../lib/lazyPage';
import { useRealtime } from '../../realtime/realtimeContext';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { ChatExtensionsContext, useChatStore, type ChatExtensions } from '../chat';
import { CallMessage } from './CallMessage';
import { CallsActions, CallsActionsContext, useCallsActions } from './callsActions';
import { isLive } from './callsState';
import { CallSlot } from './CallSlot';
import { CallsStore, CallsStoreContext, useCalls } from './callsStore';
import { RoomCallButtons } from './RoomCallButtons';
import './calls.css';

// What a call puts on screen (and the meeting's frame) loads with the first call, not with every page.
const CallDock = lazyPage(() => import('./CallDock'), 'CallDock');
const IncomingCallDialog = lazyPage(() => import('./IncomingCallDialog'), 'IncomingCallDialog');
const OutgoingCallDialog = lazyPage(() => import('./OutgoingCallDialog'), 'OutgoingCallDialog');
const StartCallDialog = lazyPage(() => import('./StartCallDialog'), 'StartCallDialog');

/** A ringing call whose end never reached this tab (socket down) stops ringing this long after its timeout. */
export const RING_GRACE_MS = 5_000;

/**
 * Calls for the signed-in person: one store fed by the API and the `call:*` socket events, and what
 * calls put on screen wherever one is: the incoming-call dialog, "Calling…", the meeting itself.
 */
export function CallsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [store] = useState(() => new CallsStore(userId));
  const [actions] = useState(() => new CallsActions(store));
  // Calls in chat's rooms: the meeting's place, the call buttons, call messages, calls started by `/call`.
  const [inChat] = useState<ChatExtensions>(() => ({
    RoomAside: CallSlot,
    RoomActions: RoomCallButtons,
    CallMessage,
    callStarted: (callId) => void actions.startedByCommand(callId),
  }));
  const navigate = useNavigate();
  const chat = useChatStore();
  const { pathname } = useLocation();
  const path = useRef(pathname);
  path.current = pathname;
  actions.navigate = (to) => void navigate(to);
  // A call's news belongs to the page it was said on and to its call (see ChatFlash).
  actions.flash = (text, callId) =>
    chat.dispatch({ type: 'flash', text, path: path.current, callId: callId ?? null });
  actions.unflash = (callId) => {
    const flash = chat.getState().flash;
    if (flash?.callId && (callId === undefined || flash.callId === callId)) {
      chat.dispatch({ type: 'flash', text: null });
    }
  };

  useSocketEvent('call:ringing', ({ call, caller }) =>
    store.dispatch({ type: 'call/ringing', call, caller }),
  );
  useSocketEvent('call:updated', (call) => actions.received(call));
  useSocketEvent('call:ended', (call) => actions.received(call));
  useCatchUpOnReconnect(store, actions);
  useRingTimeout(store);

  return (
    <CallsStoreContext.Provider value={store}>
      <CallsActionsContext.Provider value={actions}>
        <ChatExtensionsContext.Provider value={inChat}>
          {children}
          <CallSurfaces />
        </ChatExtensionsContext.Provider>
      </CallsActionsContext.Provider>
    </CallsStoreContext.Provider>
  );
}

/** Each surface mounts (and its chunk loads) once there is something for it; it decides the rest. */
function CallSurfaces() {
  const ringing = useCalls((s) => s.incoming.length > 0);
  const calling = useCalls((s) => s.outgoing !== null);
  const confirming = useCalls((s) => s.confirm !== null);
  const inCall = useCalls((s) => s.active !== null);
  // One boundary each: one surface's chunk loading never hides another (a meeting under way).
  return (
    <>
      <Suspense fallback={null}>{ringing && <IncomingCallDialog />}</Suspense>
      <Suspense fallback={null}>{calling && <OutgoingCallDialog />}</Suspense>
      <Suspense fallback={null}>{confirming && <ConfirmDialog />}</Suspense>
      <Suspense fallback={null}>{inCall && <CallDock />}</Suspense>
    </>
  );
}

function ConfirmDialog() {
  const confirm = useCalls((s) => s.confirm);
  const actions = useCallsActions();
  if (!confirm) return null;
  return (
    <StartCallDialog
      key={confirm.roomId}
      roomId={confirm.roomId}
      roomName={confirm.roomName}
      onClose={() => actions.closeConfirm()}
    />
  );
}

/** Events missed while the socket was down: the calls that may have changed are asked for again. */
function useCatchUpOnReconnect(store: CallsStore, actions: CallsActions) {
  const { state } = useRealtime();
  const connectedOnce = useRef(false);
  useEffect(() => {
    if (state !== 'connected') return;
    if (!connectedOnce.current) {
      connectedOnce.current = true;
      return;
    }
    // Whatever may have changed unseen: the calls ringing or open here, and every call still live
    // (their messages and lists show it).
    const { incoming, outgoing, active, calls } = store.getState();
    const live = Object.values(calls)
      .filter(isLive)
      .map((c) => c.id);
    const ids = new Set([...incoming.map((i) => i.callId), outgoing, active?.callId, ...live]);
    for (const id of ids) if (id) void actions.refresh(id);
  }, [state, store, actions]);
}

/**
 * The server ends the ringing (and says so); if that word never arrives, the ringing here still stops
 * a little after the call's ring timeout.
 */
function useRingTimeout(store: CallsStore) {
  const incoming = useSyncExternalStore(store.subscribe, () => store.getState().incoming);
  useEffect(() => {
    const timers = incoming.map(({ callId }) => {
      const until = store.getState().calls[callId]?.ringUntil;
      if (!until) return 0;
      return window.setTimeout(
        () => store.dispatch({ type: 'incoming/remove', callId }),
        Math.max(0, Date.parse(until) - Date.now()) + RING_GRACE_MS,
      );
    });
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, [incoming, store]);
}
