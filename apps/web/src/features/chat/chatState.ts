import type {
  Attachment,
  Member,
  Message,
  PresenceStatus,
  PublicUser,
  Room,
  RoomNotifications,
  RoomRole,
  RoomSummary,
} from '@parley/shared';
import { DEFAULT_ROOM_NOTIFICATIONS } from '@parley/shared';
import { t } from '../../i18n';
import type { Said } from './said';
import { mergeMessages } from './messageMerge';
import { isQuiet } from './roomNotifications';
import { applyMyReaction, keepMyReactions } from './reactions';
import {
  initialThreadsState,
  threadMessage,
  threadsReducer,
  threadsWithMessage,
  threadsWithMyReaction,
  threadsWithoutRoom,
  type ThreadAction,
  type ThreadsState,
} from './threadState';

/**
 * The chat state of the signed-in person, as one pure reducer: what the HTTP answers and socket
 * events say, merged so that a message arriving twice (ack and event, or catch-up and event) is
 * kept once. Every room's history is a contiguous run of messages ordered by `seq`.
 */

export { mergeMessages } from './messageMerge';

export interface History {
  /**
   * Ascending by seq, no duplicates, contiguous up to the newest message — or, after opening a
   * search result (`hasMoreAfter`), a run around it that pages newer messages in as one scrolls.
   */
  messages: Message[];
  hasMoreBefore: boolean;
  /** Newer messages exist beyond the last one held (a run around a search result); live ones wait. */
  hasMoreAfter?: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingOlder: boolean;
  olderError: string | null;
}

/** A message on its way: shown greyed until the server's ack, or with Retry after a failure. */
export interface PendingSend {
  clientMsgId: string;
  roomId: string;
  text: string;
  replyTo: Message | null;
  /** Uploaded files the message carries (ids sent; names shown while it is on its way). */
  attachments?: Pick<Attachment, 'id' | 'name' | 'size' | 'type'>[];
  status: 'sending' | 'failed';
  /** Why it was not sent: the server's words, or ours kept as a key (see `Said`). */
  error: Said | null;
  createdAt: string;
  /** A reply in this thread (issue 20): shown in the thread, not in the room's timeline. */
  threadId?: string | undefined;
}

/** Text only this person sees in a room: answers to commands, and command errors. */
export interface Notice {
  id: string;
  roomId: string;
  text: Said;
  tone: 'info' | 'error';
  createdAt: string;
}

export interface ChatState {
  myId: string;
  roomsStatus: 'loading' | 'ready' | 'error';
  roomsError: string | null;
  rooms: Record<string, RoomSummary>;
  histories: Record<string, History>;
  pending: PendingSend[];
  notices: Notice[];
  /** roomId → userId → when the indicator expires (ms since epoch). */
  typing: Record<string, Record<string, number>>;
  presence: Record<string, PresenceStatus>;
  /** Member lists of rooms whose list was opened or needed (mentions). */
  members: Record<string, Member[]>;
  /** A one-off message above the page, e.g. "You are no longer a member of #design". */
  flash: Flash | null;
  /** Open threads and the threads I follow (issue 20). */
  threads: ThreadsState;
}

/**
 * A one-off message belongs to the page it was said on (`path`; null: wherever it is) and, for a call's
 * news, to that call: it goes when the person moves to another page, and is never shown on another.
 */
export interface Flash {
  text: Said;
  path: string | null;
  callId: string | null;
}

export const TYPING_TTL_MS = 5_000;

export function initialChatState(myId: string): ChatState {
  return {
    myId,
    roomsStatus: 'loading',
    roomsError: null,
    rooms: {},
    histories: {},
    pending: [],
    notices: [],
    typing: {},
    presence: {},
    members: {},
    flash: null,
    threads: initialThreadsState(),
  };
}

export type ChatAction =
  | { type: 'rooms/loading' }
  | { type: 'rooms/loaded'; rooms: RoomSummary[] }
  | { type: 'rooms/failed'; error: string }
  | { type: 'room/upsert'; room: Room }
  | { type: 'room/removed'; roomId: string }
  /** My level or mute of a room changed (here or on another tab); `now` decides whether a mute holds. */
  | { type: 'room/notifications'; roomId: string; notifications: RoomNotifications; now: number }
  | { type: 'history/loading'; roomId: string }
  /** Forget a room's loaded messages (its history was erased); the next load starts over. */
  | { type: 'history/reset'; roomId: string }
  | { type: 'history/failed'; roomId: string; error: string }
  | { type: 'history/older-loading'; roomId: string }
  | { type: 'history/older-failed'; roomId: string; error: string }
  | {
      type: 'history/page';
      roomId: string;
      messages: Message[];
      /** latest: replaces the history; older: prepends; newer: appends (catch-up). */
      direction: 'latest' | 'older' | 'newer';
      hasMore: boolean;
    }
  /** `broadcast`: a copy sent to the whole room, whose reactions say `me: false` for everyone. */
  | { type: 'message/upsert'; message: Message; broadcast?: boolean }
  /** `reaction:changed` about my own reaction. */
  | { type: 'reaction/mine'; roomId: string; messageId: string; emoji: string; added: boolean }
  | ThreadAction
  /** A run around one message (opening a search result): replaces the history. */
  | {
      type: 'history/around';
      roomId: string;
      messages: Message[];
      hasMoreBefore: boolean;
      hasMoreAfter: boolean;
    }
  | { type: 'read'; roomId: string; seq: number }
  | { type: 'pending/add'; pending: PendingSend }
  | { type: 'pending/status'; clientMsgId: string; status: 'sending' | 'failed'; error: Said | null }
  | { type: 'pending/remove'; clientMsgId: string }
  | { type: 'notice/add'; notice: Notice }
  | { type: 'notice/dismiss'; id: string }
  | { type: 'typing'; roomId: string; userId: string; typing: boolean; now: number }
  | { type: 'typing/expire'; now: number }
  | { type: 'presence'; statuses: Record<string, PresenceStatus> }
  | { type: 'members/loaded'; roomId: string; members: Member[] }
  | { type: 'member/joined'; roomId: string; user: PublicUser; role: RoomRole; at: string }
  | { type: 'member/left'; roomId: string; userId: string }
  | { type: 'member/updated'; roomId: string; user: PublicUser; role: RoomRole }
  | { type: 'flash'; text: Said | null; path?: string | null; callId?: string | null };

function summaryFromRoom(room: Room): RoomSummary {
  return {
    ...room,
    unread: 0,
    mentions: 0,
    lastReadSeq: room.lastSeq,
    lastMessage: null,
    notifications: DEFAULT_ROOM_NOTIFICATIONS,
  };
}

/** Counts messages from others after `seq` that a person would call unread, from what is loaded. */
function unreadAfter(messages: Message[], seq: number, myId: string) {
  let unread = 0;
  let mentions = 0;
  for (const m of messages) {
    if (m.seq <= seq || m.kind !== 'user' || m.deletedAt || m.author?.id === myId) continue;
    if (m.threadId === null) unread += 1;
    if (m.mentions.includes(myId)) mentions += 1;
  }
  return { unread, mentions };
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

function updateHistory(state: ChatState, roomId: string, patch: Partial<History>): ChatState {
  const history = state.histories[roomId] ?? emptyHistory();
  return { ...state, histories: { ...state.histories, [roomId]: { ...history, ...patch } } };
}

function emptyHistory(): History {
  return {
    messages: [],
    hasMoreBefore: false,
    status: 'loading',
    error: null,
    loadingOlder: false,
    olderError: null,
  };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'rooms/loading':
      return { ...state, roomsStatus: state.roomsStatus === 'ready' ? 'ready' : 'loading', roomsError: null };
    case 'rooms/loaded': {
      const rooms: Record<string, RoomSummary> = {};
      for (const room of action.rooms) rooms[room.id] = room;
      return { ...state, rooms, roomsStatus: 'ready', roomsError: null };
    }
    case 'rooms/failed':
      return {
        ...state,
        roomsStatus: state.roomsStatus === 'ready' ? 'ready' : 'error',
        roomsError: action.error,
      };

    case 'room/upsert': {
      const existing = state.rooms[action.room.id];
      if (!existing && action.room.myRole === null) return state;
      const summary: RoomSummary = existing
        ? {
            ...existing,
            ...action.room,
            // The room says how far it goes; unread counts are only ever raised by messages.
            lastSeq: Math.max(existing.lastSeq, action.room.lastSeq),
          }
        : summaryFromRoom(action.room);
      return { ...state, rooms: { ...state.rooms, [action.room.id]: summary } };
    }
    case 'room/notifications': {
      const room = state.rooms[action.roomId];
      if (!room) return state;
      const { notifications } = action;
      // Quiet now: the badge counts only mentions. Loud again: the counts come back with the list.
      const unread = isQuiet(notifications, action.now) ? room.mentions : room.unread;
      return { ...state, rooms: { ...state.rooms, [room.id]: { ...room, notifications, unread } } };
    }
    case 'room/removed':
      return {
        ...state,
        rooms: withoutKey(state.rooms, action.roomId),
        histories: withoutKey(state.histories, action.roomId),
        members: withoutKey(state.members, action.roomId),
        typing: withoutKey(state.typing, action.roomId),
        pending: state.pending.filter((p) => p.roomId !== action.roomId),
        notices: state.notices.filter((n) => n.roomId !== action.roomId),
        threads: threadsWithoutRoom(state.threads, action.roomId),
      };

    case 'history/loading':
      return updateHistory(state, action.roomId, { status: 'loading', error: null });
    case 'history/reset':
      return {
        ...state,
        histories: withoutKey(state.histories, action.roomId),
        threads: threadsWithoutRoom(state.threads, action.roomId),
      };
    case 'history/failed':
      return updateHistory(state, action.roomId, { status: 'error', error: action.error });
    case 'history/older-loading':
      return updateHistory(state, action.roomId, { loadingOlder: true, olderError: null });
    case 'history/older-failed':
      return updateHistory(state, action.roomId, { loadingOlder: false, olderError: action.error });
    case 'history/page': {
      const history = state.histories[action.roomId] ?? emptyHistory();
      let next: History;
      if (action.direction === 'latest') {
        // Keep what live events added while the page was on its way.
        next = {
          ...history,
          messages: mergeMessages(
            action.messages,
            history.messages.filter((m) => m.seq > (action.messages.at(-1)?.seq ?? 0)),
          ),
          hasMoreBefore: action.hasMore,
          hasMoreAfter: false,
          status: 'ready',
          error: null,
        };
      } else if (action.direction === 'older') {
        next = {
          ...history,
          messages: mergeMessages(history.messages, action.messages),
          hasMoreBefore: action.hasMore,
          loadingOlder: false,
          olderError: null,
        };
      } else {
        next = { ...history, messages: mergeMessages(history.messages, action.messages) };
        if (history.hasMoreAfter) next.hasMoreAfter = action.hasMore;
      }
      let result: ChatState = { ...state, histories: { ...state.histories, [action.roomId]: next } };
      const newest = action.messages.at(-1);
      if (newest) result = noteNewest(result, newest);
      return result;
    }

    case 'history/around':
      return updateHistory(state, action.roomId, {
        messages: action.messages,
        hasMoreBefore: action.hasMoreBefore,
        hasMoreAfter: action.hasMoreAfter,
        status: 'ready',
        error: null,
        loadingOlder: false,
        olderError: null,
      });

    case 'message/upsert': {
      const message = action.broadcast
        ? keepMyReactions(knownCopy(state, action.message), action.message, state.myId)
        : action.message;
      let next: ChatState = { ...state, threads: threadsWithMessage(state.threads, message) };
      const history = state.histories[message.roomId];
      // A run around a search result keeps its end: newer messages come in by paging.
      const beyond = history?.hasMoreAfter && message.seq > (history.messages.at(-1)?.seq ?? 0);
      if (history && history.status === 'ready' && !beyond) {
        next = updateHistory(next, message.roomId, { messages: mergeMessages(history.messages, [message]) });
      }
      if (message.clientMsgId && message.author?.id === state.myId) {
        next = { ...next, pending: next.pending.filter((p) => p.clientMsgId !== message.clientMsgId) };
      }
      return countIfNew(next, message);
    }
    case 'reaction/mine':
      return withMyReaction(state, action);

    case 'read': {
      const room = state.rooms[action.roomId];
      if (!room || action.seq <= room.lastReadSeq) return state;
      const history = state.histories[action.roomId];
      let counts = { unread: 0, mentions: 0 };
      if (action.seq < room.lastSeq) {
        const covered = history && (history.messages[0]?.seq ?? Infinity) <= action.seq + 1;
        counts = covered ? unreadAfter(history.messages, action.seq, state.myId) : room;
      }
      // A quiet room (muted when its newest message came, or at mentions only or nothing) counts only mentions.
      const quietAt = Date.parse(room.lastMessage?.createdAt ?? '') || 0;
      if (isQuiet(room.notifications, quietAt)) counts = { ...counts, unread: counts.mentions };
      return {
        ...state,
        rooms: { ...state.rooms, [room.id]: { ...room, lastReadSeq: action.seq, ...pick(counts) } },
      };
    }

    case 'pending/add':
      return { ...state, pending: [...state.pending, action.pending] };
    case 'pending/status':
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.clientMsgId === action.clientMsgId ? { ...p, status: action.status, error: action.error } : p,
        ),
      };
    case 'pending/remove':
      return { ...state, pending: state.pending.filter((p) => p.clientMsgId !== action.clientMsgId) };

    case 'notice/add':
      return { ...state, notices: [...state.notices, action.notice] };
    case 'notice/dismiss':
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };

    case 'typing': {
      if (action.userId === state.myId) return state;
      const room = { ...(state.typing[action.roomId] ?? {}) };
      if (action.typing) room[action.userId] = action.now + TYPING_TTL_MS;
      else if (action.userId in room) delete room[action.userId];
      else return state;
      return { ...state, typing: { ...state.typing, [action.roomId]: room } };
    }
    case 'typing/expire': {
      let changed = false;
      const typing: ChatState['typing'] = {};
      for (const [roomId, people] of Object.entries(state.typing)) {
        const kept: Record<string, number> = {};
        for (const [userId, until] of Object.entries(people)) {
          if (until > action.now) kept[userId] = until;
          else changed = true;
        }
        if (Object.keys(kept).length > 0) typing[roomId] = kept;
        else if (Object.keys(people).length > 0) changed = true;
      }
      return changed ? { ...state, typing } : state;
    }

    case 'presence':
      return { ...state, presence: { ...state.presence, ...action.statuses } };

    case 'members/loaded':
      return { ...state, members: { ...state.members, [action.roomId]: action.members } };
    case 'member/joined': {
      const list = state.members[action.roomId];
      // Someone typing "@" in this room should find a person who just joined, even before opening the list.
      const member: Member = { user: action.user, role: action.role, joinedAt: action.at };
      const next = list
        ? { ...state.members, [action.roomId]: [...list.filter((m) => m.user.id !== action.user.id), member] }
        : state.members;
      return { ...state, members: next };
    }
    case 'member/left': {
      const list = state.members[action.roomId];
      if (!list) return state;
      return {
        ...state,
        members: { ...state.members, [action.roomId]: list.filter((m) => m.user.id !== action.userId) },
      };
    }
    case 'member/updated': {
      const list = state.members[action.roomId];
      if (!list) return state;
      return {
        ...state,
        members: {
          ...state.members,
          [action.roomId]: list.map((m) =>
            m.user.id === action.user.id ? { ...m, user: action.user, role: action.role } : m,
          ),
        },
      };
    }
    case 'flash':
      return {
        ...state,
        flash:
          action.text === null
            ? null
            : { text: action.text, path: action.path ?? null, callId: action.callId ?? null },
      };
    case 'thread/loading':
    case 'thread/loaded':
    case 'thread/failed':
    case 'thread/following':
    case 'thread/read':
    case 'thread/updated':
    case 'threads/loading':
    case 'threads/loaded':
    case 'threads/failed':
      return { ...state, threads: threadsReducer(state.threads, action) };
  }
}

function pick(counts: { unread: number; mentions: number }) {
  return { unread: counts.unread, mentions: counts.mentions };
}

/** Raises the room's newest seq and last message when `message` is at least as new as what it knew. */
function noteNewest(state: ChatState, message: Message): ChatState {
  const room = state.rooms[message.roomId];
  if (!room) return state;
  if (message.seq < room.lastSeq && room.lastMessage?.id !== message.id) return state;
  // A thread reply moves the room's seq but not its preview: the room list shows the main timeline.
  const lastMessage = message.threadId === null ? message : room.lastMessage;
  const next = { ...room, lastSeq: Math.max(room.lastSeq, message.seq), lastMessage };
  return { ...state, rooms: { ...state.rooms, [room.id]: next } };
}

/**
 * A message never seen before (seq beyond the room's newest) moves the room forward and, when it is
 * someone else's unread message, raises the unread (and mention) count.
 */
function countIfNew(state: ChatState, message: Message): ChatState {
  const room = state.rooms[message.roomId];
  if (!room) return state;
  if (message.seq <= room.lastSeq) {
    // An edit or deletion: only the preview may change.
    return room.lastMessage?.id === message.id
      ? { ...state, rooms: { ...state.rooms, [room.id]: { ...room, lastMessage: message } } }
      : state;
  }
  const countsAsUnread =
    message.kind === 'user' &&
    !message.deletedAt &&
    message.author?.id !== state.myId &&
    message.seq > room.lastReadSeq;
  const mentioned = message.mentions.includes(state.myId);
  const quiet = isQuiet(room.notifications, Date.parse(message.createdAt));
  return {
    ...state,
    rooms: {
      ...state.rooms,
      [room.id]: {
        ...room,
        lastSeq: message.seq,
        lastMessage: message.threadId === null ? message : room.lastMessage,
        // A thread reply counts in its thread, not the room; a mention in it still calls me here.
        // In a quiet room (muted when it came, or at mentions only or nothing) only mentions count.
        unread: room.unread + (countsAsUnread && (quiet ? mentioned : message.threadId === null) ? 1 : 0),
        mentions: room.mentions + (countsAsUnread && mentioned ? 1 : 0),
      },
    },
  };
}

/** Everyone typing in a room, in a sentence: "Bob is typing…", "Bob and Carol are typing…". */
export function typingSentence(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return t('chat.typing.one', { a: names[0] });
  if (names.length === 2) return t('chat.typing.two', { a: names[0], b: names[1] });
  if (names.length === 3) return t('chat.typing.three', { a: names[0], b: names[1], c: names[2] });
  return t('chat.typing.several');
}

/** The highest seq the person has in front of them in a room. */
export function newestSeq(state: ChatState, roomId: string): number {
  return state.histories[roomId]?.messages.at(-1)?.seq ?? 0;
}

/** The copy of a message I already have (a room's history, an open thread, the list of threads). */
function knownCopy(state: ChatState, message: Message): Message | undefined {
  const history = state.histories[message.roomId]?.messages;
  return history?.find((m) => m.id === message.id) ?? threadMessage(state.threads, message);
}

function withMyReaction(
  state: ChatState,
  action: { roomId: string; messageId: string; emoji: string; added: boolean },
): ChatState {
  const me = knownName(state, action.roomId);
  const change = (m: Message) => applyMyReaction(m, action.emoji, action.added, me);
  let next = state;
  const history = state.histories[action.roomId];
  const index = history?.messages.findIndex((m) => m.id === action.messageId) ?? -1;
  if (history && index >= 0) {
    const messages = [...history.messages];
    messages[index] = change(messages[index]!);
    next = updateHistory(next, action.roomId, { messages });
  }
  const threads = threadsWithMyReaction(next.threads, action.messageId, change);
  return threads === next.threads ? next : { ...next, threads };
}

/** How a room shows me (for "who reacted" before the server's counts arrive). */
function knownName(state: ChatState, roomId: string): { id: string; displayName: string } {
  const mine = state.members[roomId]?.find((m) => m.user.id === state.myId)?.user;
  const authored = state.histories[roomId]?.messages.find((m) => m.author?.id === state.myId)?.author;
  return { id: state.myId, displayName: (mine ?? authored)?.displayName ?? 'You' };
}
