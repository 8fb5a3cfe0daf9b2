import type { Call, JoinCallResponse, ParticipantState, PublicUser } from '@parley/shared';
import type { Said } from '../chat';

/** A call that rings me here, until I answer (here or on another device), it stops, or I hide it. */
export interface IncomingCall {
  callId: string;
  caller: PublicUser;
  /** Hidden with Escape: silent and out of sight here, still answerable from the call's message. */
  hidden: boolean;
}

/** The meeting open in this tab. */
export interface ActiveCall {
  callId: string;
  roomId: string;
  phase: 'joining' | 'ready' | 'error';
  join: JoinCallResponse | null;
  /** Why joining failed: the server's words, or ours kept as a key (see chat's `Said`). */
  error: Said | null;
  /** Narrow screens: the meeting fills the room ('call') or gives way to the chat ('chat'). */
  view: 'call' | 'chat';
  /** Moved to a tab of its own ("Open in new tab"): not embedded here until brought back. */
  elsewhere: boolean;
}

export interface CallsState {
  myId: string;
  /** Every call this tab knows, as last heard (socket events and HTTP answers). */
  calls: Record<string, Call>;
  /** Calls being fetched for a call message, or that could not be. */
  lookups: Record<string, 'loading' | 'error'>;
  incoming: IncomingCall[];
  /** A direct call I started here: "Calling Bob…" until it is answered or ends. */
  outgoing: string | null;
  active: ActiveCall | null;
  /** The "Start a call" dialog: who would be rung in this room, before the caller confirms. */
  confirm: { roomId: string; roomName: string } | null;
}

export type CallsAction =
  | { type: 'call/upsert'; call: Call }
  | { type: 'call/ringing'; call: Call; caller: PublicUser }
  | { type: 'lookup'; callId: string; status: 'loading' | 'error' | null }
  | { type: 'incoming/hide'; callId: string }
  | { type: 'incoming/remove'; callId: string }
  | { type: 'outgoing'; callId: string | null }
  | { type: 'active/open'; callId: string; roomId: string }
  | { type: 'active/joined'; callId: string; join: JoinCallResponse }
  | { type: 'active/failed'; callId: string; error: Said }
  | { type: 'active/view'; view: 'call' | 'chat' }
  | { type: 'active/elsewhere'; elsewhere: boolean }
  | { type: 'active/close'; callId?: string }
  | { type: 'confirm'; room: { roomId: string; roomName: string } | null };

export function initialCallsState(myId: string): CallsState {
  return { myId, calls: {}, lookups: {}, incoming: [], outgoing: null, active: null, confirm: null };
}

/** Ringing or ongoing: people may still answer or enter it. */
export function isLive(call: Pick<Call, 'status'>): boolean {
  return call.status === 'ringing' || call.status === 'ongoing';
}

export function participantState(call: Call, userId: string): ParticipantState | null {
  return call.participants.find((p) => p.user.id === userId)?.state ?? null;
}

/** The server still rings me for this call. */
export function ringsMe(call: Call, myId: string): boolean {
  return isLive(call) && participantState(call, myId) === 'ringing';
}

/** The incoming call to show and ring for: the oldest one not hidden. */
export function shownIncoming(state: CallsState): IncomingCall | undefined {
  return state.incoming.find((i) => !i.hidden);
}

function upsert(state: CallsState, call: Call): CallsState {
  const known = state.calls[call.id];
  // A call only moves towards its end: an older "live" answer arriving late must not revive it.
  if (known && !isLive(known) && isLive(call)) return state;
  const calls = { ...state.calls, [call.id]: call };
  let { lookups, incoming } = state;
  if (call.id in lookups) {
    lookups = { ...lookups };
    delete lookups[call.id];
  }
  // Answered on another device, declined, missed, or over: it stops ringing here.
  if (incoming.some((i) => i.callId === call.id) && !ringsMe(call, state.myId)) {
    incoming = incoming.filter((i) => i.callId !== call.id);
  }
  return { ...state, calls, lookups, incoming };
}

export function callsReducer(state: CallsState, action: CallsAction): CallsState {
  switch (action.type) {
    case 'call/upsert':
      return upsert(state, action.call);
    case 'call/ringing': {
      const next = upsert(state, action.call);
      const call = next.calls[action.call.id];
      if (!call || !ringsMe(call, state.myId) || next.incoming.some((i) => i.callId === call.id)) return next;
      // A call I already have open here needs no dialog.
      if (state.active?.callId === call.id) return next;
      return {
        ...next,
        incoming: [...next.incoming, { callId: call.id, caller: action.caller, hidden: false }],
      };
    }
    case 'lookup': {
      const lookups = { ...state.lookups };
      if (action.status === null) delete lookups[action.callId];
      else lookups[action.callId] = action.status;
      return { ...state, lookups };
    }
    case 'incoming/hide':
      if (!state.incoming.some((i) => i.callId === action.callId && !i.hidden)) return state;
      return {
        ...state,
        incoming: state.incoming.map((i) => (i.callId === action.callId ? { ...i, hidden: true } : i)),
      };
    case 'incoming/remove':
      if (!state.incoming.some((i) => i.callId === action.callId)) return state;
      return { ...state, incoming: state.incoming.filter((i) => i.callId !== action.callId) };
    case 'outgoing':
      return state.outgoing === action.callId ? state : { ...state, outgoing: action.callId };
    case 'active/open': {
      if (state.active?.callId === action.callId && state.active.phase !== 'error') return state;
      return {
        ...state,
        incoming: state.incoming.filter((i) => i.callId !== action.callId),
        outgoing: state.outgoing === action.callId ? null : state.outgoing,
        active: {
          callId: action.callId,
          roomId: action.roomId,
          phase: 'joining',
          join: null,
          error: null,
          view: 'call',
          elsewhere: false,
        },
      };
    }
    case 'active/joined':
      if (state.active?.callId !== action.callId) return state;
      return { ...state, active: { ...state.active, phase: 'ready', join: action.join, error: null } };
    case 'active/failed':
      if (state.active?.callId !== action.callId) return state;
      return { ...state, active: { ...state.active, phase: 'error', error: action.error } };
    case 'active/view':
      if (!state.active || state.active.view === action.view) return state;
      return { ...state, active: { ...state.active, view: action.view } };
    case 'active/elsewhere':
      if (!state.active || state.active.elsewhere === action.elsewhere) return state;
      return { ...state, active: { ...state.active, elsewhere: action.elsewhere } };
    case 'active/close':
      if (!state.active || (action.callId !== undefined && state.active.callId !== action.callId)) {
        return state;
      }
      return { ...state, active: null };
    case 'confirm':
      return { ...state, confirm: action.room };
  }
}
