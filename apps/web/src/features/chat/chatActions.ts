import type { AckResult, Message, PresenceStatus } from '@parley/shared';
import type { PendingSend } from './chatState';
import { errorMessage, isApiError } from '../../api/client';
import type { ParleySocket } from '../../realtime/realtimeContext';
import { chatApi } from './chat.api';
import type { ChatStore } from './chatStore';
import { newClientMsgId } from './chatStore';
import { saying, type Said } from './said';
import { ThreadActions } from './threadActions';

export const SEND_TIMEOUT_MS = 10_000;
export const TYPING_THROTTLE_MS = 3_000;
export const PAGE_SIZE = 50;
/** A catch-up after a reconnect stops after this many pages per room and reloads the room instead. */
const MAX_CATCH_UP_PAGES = 20;

/** Why a send failed when the connection, not the server, is to blame (translated when shown). */
const sendFailed = () => saying('chat.send.failed');

/**
 * Everything the chat does besides rendering: loading, sending (socket with ack, HTTP while the
 * socket is down), typing, presence and catch-up. Results land in the store.
 */
export class ChatActions {
  socket: ParleySocket | null = null;
  private readonly typingSentAt = new Map<string, number>();
  private readonly olderInFlight = new Set<string>();
  /** Rooms this person is leaving on purpose: their `room:removed` needs no explanation. */
  readonly leaving = new Set<string>();
  private noticeCounter = 0;
  /** Sends the server refused (too long, archived room…): retried only by hand. */
  private readonly refused = new Set<string>();
  /** Reactions and threads (issue 20). */
  readonly threads: ThreadActions;
  /**
   * Rooms whose newest page was still on its way when the socket (re)connected: the page may have
   * been read before the socket joined the room, so a message sent in between reached neither. Each
   * catches up once its page lands.
   */
  private readonly catchUpAfterLoad = new Set<string>();

  constructor(
    private readonly store: ChatStore,
    private readonly now: () => number = Date.now,
  ) {
    this.threads = new ThreadActions(store);
  }

  private get state() {
    return this.store.getState();
  }

  async reloadRooms(): Promise<void> {
    this.store.dispatch({ type: 'rooms/loading' });
    try {
      const rooms = await chatApi.rooms();
      this.store.dispatch({ type: 'rooms/loaded', rooms });
    } catch (error) {
      this.store.dispatch({ type: 'rooms/failed', error: errorMessage(error) });
    }
  }

  /** The newest page of a room (the first time it is opened, or to retry). */
  async loadLatest(roomId: string): Promise<void> {
    this.store.dispatch({ type: 'history/loading', roomId });
    try {
      const page = await chatApi.messages(roomId, { limit: PAGE_SIZE });
      this.store.dispatch({ type: 'history/page', roomId, direction: 'latest', ...page });
    } catch (error) {
      this.catchUpAfterLoad.delete(roomId);
      this.store.dispatch({ type: 'history/failed', roomId, error: errorMessage(error) });
      return;
    }
    if (this.catchUpAfterLoad.delete(roomId)) await this.catchUpHistory(roomId);
  }

  async loadOlder(roomId: string): Promise<void> {
    const history = this.state.histories[roomId];
    const oldest = history?.messages[0]?.seq;
    if (!history || !history.hasMoreBefore || oldest === undefined || this.olderInFlight.has(roomId)) return;
    this.olderInFlight.add(roomId);
    this.store.dispatch({ type: 'history/older-loading', roomId });
    try {
      const page = await chatApi.messages(roomId, { before: oldest, limit: PAGE_SIZE });
      this.store.dispatch({ type: 'history/page', roomId, direction: 'older', ...page });
    } catch (error) {
      this.store.dispatch({ type: 'history/older-failed', roomId, error: errorMessage(error) });
    } finally {
      this.olderInFlight.delete(roomId);
    }
  }

  /** The messages around `seq` (opening a search result); `lastSeq`: the room's newest. */
  async loadAround(roomId: string, seq: number, lastSeq: number): Promise<void> {
    this.store.dispatch({ type: 'history/loading', roomId });
    try {
      const page = await chatApi.messages(roomId, { around: seq, limit: PAGE_SIZE });
      const newest = page.messages.at(-1)?.seq ?? 0;
      this.store.dispatch({
        type: 'history/around',
        roomId,
        messages: page.messages,
        hasMoreBefore: page.hasMore,
        hasMoreAfter: newest > 0 && newest < lastSeq,
      });
    } catch (error) {
      this.store.dispatch({ type: 'history/failed', roomId, error: errorMessage(error) });
    }
  }

  /** The next newer page of a run around a search result, as one scrolls down. */
  async loadNewer(roomId: string): Promise<void> {
    const history = this.state.histories[roomId];
    const newest = history?.messages.at(-1)?.seq;
    const key = `newer:${roomId}`;
    if (!history?.hasMoreAfter || newest === undefined || this.olderInFlight.has(key)) return;
    this.olderInFlight.add(key);
    try {
      const page = await chatApi.messages(roomId, { after: newest, limit: PAGE_SIZE });
      this.store.dispatch({ type: 'history/page', roomId, direction: 'newer', ...page });
    } catch (error) {
      this.store.dispatch({ type: 'history/older-failed', roomId, error: errorMessage(error) });
    } finally {
      this.olderInFlight.delete(key);
    }
  }

  /** Loads older pages until `seq` is loaded (jump to the first unread). */
  async loadUntil(roomId: string, seq: number): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const history = this.state.histories[roomId];
      const oldest = history?.messages[0]?.seq;
      if (!history || oldest === undefined || oldest <= seq || !history.hasMoreBefore) return;
      await this.loadOlder(roomId);
      if (this.state.histories[roomId]?.olderError) return;
    }
  }

  /**
   * After a reconnect: the room list again, and for each open history every message after the newest
   * one held, page by page, so nothing sent meanwhile is missing.
   */
  async catchUp(): Promise<void> {
    // Member lists that are open may have missed joins, departures and role changes too.
    const memberLists = Object.keys(this.state.members).map((roomId) =>
      this.loadMembers(roomId).catch(() => undefined),
    );
    await Promise.all([this.reloadRooms(), this.catchUpHistories(), this.threads.catchUp(), ...memberLists]);
    this.retryFailedSends();
  }

  /**
   * Every message after the newest one held, for each loaded history; a history still loading
   * catches up when it lands.
   */
  async catchUpHistories(): Promise<void> {
    const histories = Object.entries(this.state.histories);
    for (const [roomId, history] of histories) {
      if (history.status === 'loading') this.catchUpAfterLoad.add(roomId);
    }
    await Promise.all(
      // A run around a search result pages its newer messages in as one scrolls.
      histories
        .filter(([, h]) => h.status === 'ready' && !h.hasMoreAfter)
        .map(([roomId]) => this.catchUpHistory(roomId)),
    );
  }

  private async catchUpHistory(roomId: string): Promise<void> {
    try {
      for (let page = 0; ; page++) {
        if (page >= MAX_CATCH_UP_PAGES) return await this.loadLatest(roomId);
        const after = this.state.histories[roomId]?.messages.at(-1)?.seq ?? 0;
        const result = await chatApi.messages(roomId, { after, limit: 200 });
        this.store.dispatch({ type: 'history/page', roomId, direction: 'newer', ...result });
        if (!result.hasMore || result.messages.length === 0) break;
      }
    } catch (error) {
      // Removed from the room while away: room:removed or the room list says so.
      if (isApiError(error) && (error.status === 404 || error.status === 403)) return;
      this.store.dispatch({ type: 'history/failed', roomId, error: errorMessage(error) });
    }
  }

  async loadMembers(roomId: string): Promise<void> {
    const members = await chatApi.members(roomId);
    this.store.dispatch({ type: 'members/loaded', roomId, members });
    this.requestPresence(members.map((m) => m.user.id));
  }

  /**
   * Sends a message (with uploaded files, in the thread of `threadId`, if given), shown as pending
   * until acknowledged.
   */
  send(
    roomId: string,
    text: string,
    replyTo: Message | null,
    { files, threadId }: { files?: PendingSend['attachments']; threadId?: string | undefined } = {},
  ): void {
    const clientMsgId = newClientMsgId();
    this.store.dispatch({
      type: 'pending/add',
      pending: {
        clientMsgId,
        roomId,
        text,
        replyTo,
        ...(files?.length ? { attachments: files } : {}),
        status: 'sending',
        error: null,
        createdAt: new Date(this.now()).toISOString(),
        threadId,
      },
    });
    void this.deliver(clientMsgId);
  }

  /** Sends a pending message again with the same clientMsgId, so the server never stores it twice. */
  retry(clientMsgId: string): void {
    this.store.dispatch({ type: 'pending/status', clientMsgId, status: 'sending', error: null });
    void this.deliver(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.store.dispatch({ type: 'pending/remove', clientMsgId });
  }

  retryFailedSends(): void {
    for (const pending of this.state.pending) {
      if (pending.status === 'failed' && !this.refused.has(pending.clientMsgId)) {
        this.retry(pending.clientMsgId);
      }
    }
  }

  private async deliver(clientMsgId: string): Promise<void> {
    const pending = this.state.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!pending) return;
    const body = {
      roomId: pending.roomId,
      text: pending.text,
      clientMsgId,
      ...(pending.replyTo ? { replyToId: pending.replyTo.id } : {}),
      ...(pending.attachments ? { attachments: pending.attachments.map((a) => a.id) } : {}),
      ...(pending.threadId ? { threadId: pending.threadId } : {}),
    };
    try {
      const socket = this.socket;
      let message: Message;
      if (socket?.connected) {
        message = await new Promise<Message>((resolve, reject) => {
          socket
            .timeout(SEND_TIMEOUT_MS)
            .emit('message:send', body, (err: Error | null, result: AckResult<Message>) => {
              if (err) reject(new ConnectionLost());
              else if (result.ok) resolve(result.data);
              else reject(new SendRefused(result.error.message));
            });
        });
      } else {
        const { roomId, ...rest } = body;
        message = await chatApi.postMessage(roomId, rest);
      }
      this.store.dispatch({ type: 'message/upsert', message });
      this.store.dispatch({ type: 'pending/remove', clientMsgId });
    } catch (error) {
      const refused =
        error instanceof SendRefused || (isApiError(error) && error.status >= 400 && error.status < 500);
      if (refused) this.refused.add(clientMsgId);
      else this.refused.delete(clientMsgId);
      const text: Said =
        error instanceof SendRefused
          ? error.message
          : isApiError(error) && error.status !== 0
            ? error.message
            : sendFailed();
      this.store.dispatch({ type: 'pending/status', clientMsgId, status: 'failed', error: text });
    }
  }

  /** `/topic …` and friends: the answer is shown only to this person. `/jitsi` answers with a call to open. */
  async runCommand(roomId: string, text: string, onCall?: (callId: string) => void): Promise<boolean> {
    // `/leave` is leaving on purpose, as the Leave button is: no "you are no longer a member".
    const leaves = /^\/leave(\s|$)/i.test(text.trim());
    if (leaves) this.leaving.add(roomId);
    try {
      const result = await chatApi.runCommand(roomId, text, newClientMsgId());
      if (result.message) this.store.dispatch({ type: 'message/upsert', message: result.message });
      if (result.reply) this.notice(roomId, result.reply, 'info');
      const callId = result.callId ?? result.message?.callId;
      if (callId) onCall?.(callId);
      return true;
    } catch (error) {
      if (leaves) this.leaving.delete(roomId);
      this.notice(roomId, errorMessage(error), 'error');
      return false;
    }
  }

  notice(roomId: string, text: Said, tone: 'info' | 'error'): void {
    this.noticeCounter += 1;
    this.store.dispatch({
      type: 'notice/add',
      notice: {
        id: `notice-${this.noticeCounter}`,
        roomId,
        text,
        tone,
        createdAt: new Date(this.now()).toISOString(),
      },
    });
  }

  async markRead(roomId: string, seq: number): Promise<void> {
    const room = this.state.rooms[roomId];
    if (!room || seq <= room.lastReadSeq) return;
    this.store.dispatch({ type: 'read', roomId, seq });
    try {
      await chatApi.markRead(roomId, seq);
    } catch {
      // The badge is already cleared here; the server catches up on the next read.
    }
  }

  /** Says "typing" at most every few seconds while someone types. */
  typing(roomId: string): void {
    const last = this.typingSentAt.get(roomId) ?? 0;
    if (this.now() - last < TYPING_THROTTLE_MS) return;
    this.typingSentAt.set(roomId, this.now());
    this.socket?.emit('typing', { roomId, typing: true });
  }

  stopTyping(roomId: string): void {
    if (!this.typingSentAt.has(roomId)) return;
    this.typingSentAt.delete(roomId);
    this.socket?.emit('typing', { roomId, typing: false });
  }

  requestPresence(userIds: string[]): void {
    const socket = this.socket;
    const others = [...new Set(userIds)].filter((id) => id !== this.state.myId).slice(0, 500);
    if (!socket?.connected || others.length === 0) return;
    socket.emit('presence:get', { userIds: others }, (result: AckResult<Record<string, PresenceStatus>>) => {
      if (result.ok) this.store.dispatch({ type: 'presence', statuses: result.data });
    });
  }

  /** Presence of everyone in my direct messages (shown as dots in the sidebar). */
  requestDirectPresence(): void {
    const ids = Object.values(this.state.rooms)
      .filter((r) => r.type === 'direct')
      .flatMap((r) => r.members.map((m) => m.id));
    this.requestPresence(ids);
  }

  setPresence(status: 'online' | 'away'): void {
    this.store.dispatch({ type: 'presence', statuses: { [this.state.myId]: status } });
    if (this.socket?.connected) this.socket.emit('presence:set', { status });
  }
}

/** The server answered the send with an error (not a lost connection): retrying will not help. */
class SendRefused extends Error {}

/** The socket gave no answer in time. */
class ConnectionLost extends Error {}
