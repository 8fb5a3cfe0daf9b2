import type { Call, CallClientEvent, NotRung } from '@parley/shared';
import { createContext, useContext } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { saying, type Said } from '../chat';
import { t } from '../../i18n';
import { callsApi } from './calls.api';
import { isLive } from './callsState';
import { andList } from './format';
import type { CallsStore } from './callsStore';

/**
 * Everything calls do besides rendering: starting, answering, opening the meeting, reporting what it
 * saw. The server decides every state; these only ask it and put its answers in the store.
 */
export class CallsActions {
  /** Set by the provider: moves to a page of the app. */
  navigate: (path: string) => void = () => undefined;
  /** Set by the provider: a one-off line above the page that is open, about the call `callId` if given. */
  flash: (text: Said, callId?: string) => void = () => undefined;
  /** Set by the provider: takes down the line about a call (any call when `callId` is not given). */
  unflash: (callId?: string) => void = () => undefined;
  private readonly fetching = new Set<string>();
  /** How many socket events this tab has had about each call (see `answered`). */
  private readonly heardOf = new Map<string, number>();
  /** Calls this tab is ending itself: no "the call ended" line for those. */
  private readonly endingHere = new Set<string>();

  constructor(private readonly store: CallsStore) {}

  private get state() {
    return this.store.getState();
  }

  /** A call message needs its call: fetched once, unless already known. */
  ensure(callId: string): void {
    if (this.state.calls[callId] || this.state.lookups[callId]) return;
    void this.refresh(callId);
  }

  /** The call as the server has it now. */
  async refresh(callId: string): Promise<void> {
    if (this.fetching.has(callId)) return;
    this.fetching.add(callId);
    const known = callId in this.state.calls;
    if (!known) this.store.dispatch({ type: 'lookup', callId, status: 'loading' });
    const heard = this.heard(callId);
    try {
      this.answered(await callsApi.get(callId), heard);
    } catch {
      if (!known) this.store.dispatch({ type: 'lookup', callId, status: 'error' });
    } finally {
      this.fetching.delete(callId);
    }
  }

  private heard(callId: string): number {
    return this.heardOf.get(callId) ?? 0;
  }

  /** A call from a socket event: the newest word on it (events about one call arrive in order). */
  received(call: Call): void {
    this.heardOf.set(call.id, this.heard(call.id) + 1);
    this.apply(call);
  }

  /**
   * A call from an HTTP answer to a request made when `heardBefore` socket events about it had
   * arrived. The server tells the sockets about every change before it answers, so when an event
   * about this call came meanwhile, the socket brings this state or a newer one: the answer is not
   * stored, as it could undo a later change (two people joining at once). Without a socket, nothing
   * comes meanwhile and the answer is stored.
   */
  private answered(call: Call, heardBefore: number): void {
    if (this.heard(call.id) !== heardBefore) return;
    this.apply(call);
  }

  private apply(call: Call): void {
    const wasCalling = this.state.outgoing === call.id;
    this.store.dispatch({ type: 'call/upsert', call });
    const current = this.state.calls[call.id] ?? call;
    // The person I am calling picked up: into the meeting.
    if (wasCalling && current.status === 'ongoing') this.open(current);
    // A call that is live has not ended, whatever was said about it before.
    if (isLive(current)) this.unflash(call.id);
    const active = this.state.active;
    if (active?.callId === call.id && !isLive(current)) {
      this.store.dispatch({ type: 'active/close', callId: call.id });
      if (!this.endingHere.delete(call.id)) this.flash(saying('calls.flash.ended'), call.id);
    }
  }

  /** Opens the "Start a call" dialog for a room (call button, call back). */
  confirm(roomId: string, roomName: string): void {
    this.store.dispatch({ type: 'confirm', room: { roomId, roomName } });
  }

  closeConfirm(): void {
    this.store.dispatch({ type: 'confirm', room: null });
  }

  /**
   * Starts a call in the room (or gets the one going on there) and goes on from it. Throws the
   * server's refusal (not configured, calls off, archived) for the dialog to show.
   */
  async start(roomId: string, title: string): Promise<Call> {
    // Which call answers is not known yet (a new one, or the one going on): remember them all.
    const heardBefore = new Map(this.heardOf);
    const { call, notRung } = await callsApi.start(roomId, title.trim() || undefined);
    this.answered(call, heardBefore.get(call.id) ?? 0);
    await this.follow(call);
    if (notRung.length > 0) this.flash({ write: () => notRungText(call, notRung) });
    return call;
  }

  /** `/jitsi` answered with a call: the same as starting it from the button. */
  async startedByCommand(callId: string): Promise<void> {
    const heard = this.heard(callId);
    try {
      const call = await callsApi.get(callId);
      this.answered(call, heard);
      await this.follow(call);
    } catch (error) {
      this.flash(saying('calls.flash.openFailed', { error: errorMessage(error) }));
    }
  }

  /**
   * After a start: my direct call rings the other person ("Calling…"); a group call, or one already
   * going on, opens at once; someone else's call that is ringing me is answered.
   */
  private async follow(answer: Call): Promise<void> {
    const myId = this.state.myId;
    // The store may know better (Bob picked up before the answer to "start" arrived).
    const call = this.state.calls[answer.id] ?? answer;
    if (call.status === 'ringing' && call.createdBy === myId) {
      this.store.dispatch({ type: 'outgoing', callId: call.id });
    } else if (call.status === 'ringing') {
      await this.accept(call.id);
    } else if (call.status === 'ongoing') {
      this.open(call);
    }
  }

  /** Answers a call ringing me and opens it. Throws when the server refuses (the dialog says why). */
  async accept(callId: string): Promise<void> {
    try {
      const heard = this.heard(callId);
      const call = await callsApi.accept(callId);
      this.answered(call, heard);
      if (isLive(call)) this.open(call);
      else this.flash(saying('calls.flash.alreadyEnded'), callId);
    } catch (error) {
      if (isApiError(error) && (error.code === 'call_ended' || error.status === 404)) {
        this.store.dispatch({ type: 'incoming/remove', callId });
        this.flash(saying('calls.flash.alreadyEnded'), callId);
        void this.refresh(callId);
        return;
      }
      throw error;
    }
  }

  /** Declines: the ringing stops here at once; the caller is told by the server. */
  async decline(callId: string): Promise<void> {
    this.store.dispatch({ type: 'incoming/remove', callId });
    const heard = this.heard(callId);
    try {
      this.answered(await callsApi.decline(callId), heard);
    } catch (error) {
      if (isApiError(error) && (error.code === 'call_ended' || error.status === 404)) return;
      this.flash(saying('calls.flash.declineFailed', { error: errorMessage(error) }));
    }
  }

  /** Escape on the incoming call: silent and hidden here; still answerable from the room. */
  hide(callId: string): void {
    this.store.dispatch({ type: 'incoming/hide', callId });
  }

  /** The caller stops ringing. */
  async cancel(callId: string): Promise<void> {
    const heard = this.heard(callId);
    try {
      this.answered(await callsApi.cancel(callId), heard);
    } catch (error) {
      // Answered meanwhile: the meeting opens from call:updated; anything else is said.
      if (!isApiError(error) || error.code !== 'conflict') {
        this.flash(saying('calls.flash.cancelFailed', { error: errorMessage(error) }));
      }
    } finally {
      const call = this.state.calls[callId];
      if (!call || !isLive(call)) this.dismissOutgoing();
    }
  }

  dismissOutgoing(): void {
    this.store.dispatch({ type: 'outgoing', callId: null });
  }

  /** Ends the call for everyone (the caller, room owners and moderators). */
  async end(callId: string): Promise<void> {
    this.endingHere.add(callId);
    const heard = this.heard(callId);
    try {
      this.answered(await callsApi.end(callId), heard);
    } catch (error) {
      this.endingHere.delete(callId);
      this.flash(saying('calls.flash.endFailed', { error: errorMessage(error) }));
    }
  }

  /** Shows the call in its room, asking for a fresh link and token unless it is already open here. */
  open(call: Pick<Call, 'id' | 'roomId'>): void {
    const active = this.state.active;
    const already = active?.callId === call.id && active.phase !== 'error';
    // Into a call: what was said about an earlier one is over.
    this.unflash();
    this.store.dispatch({ type: 'active/open', callId: call.id, roomId: call.roomId });
    this.store.dispatch({ type: 'active/view', view: 'call' });
    this.navigate(`/rooms/${call.roomId}`);
    if (!already) void this.join(call.id);
  }

  /** A fresh link and token for the open call (also to bring it back from another tab). */
  async join(callId: string): Promise<void> {
    const heard = this.heard(callId);
    try {
      const join = await callsApi.join(callId);
      this.answered(join.call, heard);
      this.store.dispatch({ type: 'active/joined', callId, join });
      this.store.dispatch({ type: 'active/elsewhere', elsewhere: false });
    } catch (error) {
      if (isApiError(error) && error.code === 'call_ended') {
        this.store.dispatch({ type: 'active/close', callId });
        this.flash(saying('calls.flash.alreadyEnded'), callId);
        void this.refresh(callId);
        return;
      }
      // Encryption required and this browser cannot encrypt: say why, in the web's own words.
      const message: Said =
        isApiError(error) && error.code === 'e2ee_unsupported'
          ? saying('calls.e2ee.required')
          : errorMessage(error);
      this.store.dispatch({ type: 'active/failed', callId, error: message });
    }
  }

  /** Narrow screens: the meeting fills the room, or gives way to the chat (the meeting goes small). */
  setView(view: 'call' | 'chat'): void {
    this.store.dispatch({ type: 'active/view', view });
  }

  /** "Open in new tab": the meeting moves there and leaves this page. */
  openedElsewhere(): void {
    this.store.dispatch({ type: 'active/elsewhere', elsewhere: true });
  }

  /** Leaves the meeting here (the meeting reports the leave as it is taken down). */
  leave(): void {
    this.store.dispatch({ type: 'active/close' });
  }

  /** What the embedded meeting saw; the answer is the call as it now stands. */
  async report(callId: string, type: CallClientEvent['type']): Promise<void> {
    const heard = this.heard(callId);
    try {
      this.answered(await callsApi.report(callId, { type }), heard);
    } catch {
      // Jitsi's own events and the server's empty-call timer cover a lost report.
    }
  }
}

/** Whom a new call did not ring, and why (the server holds back repeated rings). */
export function notRungText(call: Call, notRung: NotRung[]): string {
  const name = (id: string) =>
    call.participants.find((p) => p.user.id === id)?.user.displayName ?? t('calls.someone');
  const names = (reason: NotRung['reason']) =>
    notRung.filter((n) => n.reason === reason).map((n) => name(n.userId));
  const recent = names('recently_rung');
  const declined = names('declined');
  const parts: string[] = [];
  if (recent.length > 0) {
    parts.push(t('calls.notRung.recent', { names: andList(recent), count: recent.length }));
  }
  if (declined.length > 0) {
    parts.push(t('calls.notRung.declined', { names: andList(declined), count: declined.length }));
  }
  parts.push(t('calls.notRung.canJoin'));
  return parts.join(' ');
}

export const CallsActionsContext = createContext<CallsActions | null>(null);

export function useCallsActions(): CallsActions {
  const actions = useContext(CallsActionsContext);
  if (!actions) throw new Error('useCallsActions must be used inside <CallsProvider>');
  return actions;
}
