import type { Message, ThreadListItem, ThreadResponse } from '@parley/shared';
import { mergeMessages, newerOf } from './messageMerge';

/**
 * Threads (issue 20) in the chat state: the threads opened in a panel, and the list of threads I
 * follow with the unread-threads count for the sidebar. Replies are room messages too (they also
 * land in the room's history, where the timeline leaves them out).
 */

export interface ThreadView {
  root: Message | null;
  /** Ascending by seq, no duplicates. */
  replies: Message[];
  /** More replies exist after the newest one loaded. */
  hasMore: boolean;
  following: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

export interface ThreadsState {
  open: Record<string, ThreadView>;
  list: {
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: string | null;
    items: ThreadListItem[];
    unreadThreads: number;
  };
}

export type ThreadEvent = {
  roomId: string;
  rootId: string;
  unread: number;
  following: boolean;
  unreadThreads: number;
};

export type ThreadAction =
  | { type: 'thread/loading'; rootId: string }
  /** A page of the thread: the first one replaces what was there, a later one (`more`) appends. */
  | { type: 'thread/loaded'; rootId: string; response: ThreadResponse; more: boolean }
  | { type: 'thread/failed'; rootId: string; error: string }
  | { type: 'thread/following'; rootId: string; following: boolean }
  | { type: 'threads/loading' }
  | { type: 'threads/loaded'; threads: ThreadListItem[]; unreadThreads: number }
  | { type: 'threads/failed'; error: string }
  | { type: 'thread/updated'; event: ThreadEvent }
  /** I read a thread here: its unread count goes at once (the server's `thread:updated` follows). */
  | { type: 'thread/read'; rootId: string };

export function initialThreadsState(): ThreadsState {
  return { open: {}, list: { status: 'idle', error: null, items: [], unreadThreads: 0 } };
}

export function threadsReducer(state: ThreadsState, action: ThreadAction): ThreadsState {
  switch (action.type) {
    case 'thread/loading': {
      const view = state.open[action.rootId];
      return withView(state, action.rootId, {
        ...(view ?? { root: null, replies: [], hasMore: false, following: false }),
        status: view?.status === 'ready' ? 'ready' : 'loading',
        error: null,
      });
    }
    case 'thread/loaded': {
      const view = state.open[action.rootId];
      const { root, replies, hasMore, following } = action.response;
      const kept = action.more
        ? (view?.replies ?? [])
        : (view?.replies ?? []).filter((m) => m.seq > (replies.at(-1)?.seq ?? 0));
      return withView(state, action.rootId, {
        root: view?.root ? newerOf(view.root, root) : root,
        replies: mergeMessages(kept, replies),
        hasMore,
        following,
        status: 'ready',
        error: null,
      });
    }
    case 'thread/failed': {
      const view = state.open[action.rootId];
      if (view?.status === 'ready') return state;
      return withView(state, action.rootId, {
        ...(view ?? { root: null, replies: [], hasMore: false, following: false }),
        status: 'error',
        error: action.error,
      });
    }
    case 'thread/following': {
      const view = state.open[action.rootId];
      return view ? withView(state, action.rootId, { ...view, following: action.following }) : state;
    }
    case 'threads/loading':
      return {
        ...state,
        list: { ...state.list, status: state.list.status === 'ready' ? 'ready' : 'loading', error: null },
      };
    case 'threads/loaded':
      return {
        ...state,
        list: { status: 'ready', error: null, items: action.threads, unreadThreads: action.unreadThreads },
      };
    case 'threads/failed':
      return {
        ...state,
        list: {
          ...state.list,
          status: state.list.status === 'ready' ? 'ready' : 'error',
          error: action.error,
        },
      };
    case 'thread/read': {
      const item = state.list.items.find((i) => i.root.id === action.rootId);
      if (!item || item.unread === 0) return state;
      return {
        ...state,
        list: {
          ...state.list,
          items: state.list.items.map((i) => (i === item ? { ...i, unread: 0 } : i)),
          unreadThreads: Math.max(0, state.list.unreadThreads - 1),
        },
      };
    }
    case 'thread/updated': {
      const { rootId, unread, following, unreadThreads } = action.event;
      const items = following
        ? state.list.items.map((item) => (item.root.id === rootId ? { ...item, unread } : item))
        : state.list.items.filter((item) => item.root.id !== rootId);
      const view = state.open[rootId];
      const open =
        view && view.following !== following
          ? { ...state.open, [rootId]: { ...view, following } }
          : state.open;
      return { open, list: { ...state.list, items, unreadThreads } };
    }
  }
}

/** A new or changed message: a thread's root or reply, wherever it is shown. */
export function threadsWithMessage(state: ThreadsState, message: Message): ThreadsState {
  let open = state.open;
  const asRoot = open[message.id];
  if (asRoot?.root) open = { ...open, [message.id]: { ...asRoot, root: newerOf(asRoot.root, message) } };
  const thread = message.threadId ? open[message.threadId] : undefined;
  if (message.threadId && thread?.status === 'ready') {
    open = { ...open, [message.threadId]: { ...thread, replies: mergeMessages(thread.replies, [message]) } };
  }
  let items = state.list.items;
  if (items.some((item) => item.root.id === message.id)) {
    items = items.map((item) =>
      item.root.id === message.id ? { ...item, root: newerOf(item.root, message) } : item,
    );
  }
  if (open === state.open && items === state.list.items) return state;
  return { open, list: items === state.list.items ? state.list : { ...state.list, items } };
}

/**
 * A room I left, or whose messages were all purged: its open threads and its entries in my list go
 * (the server dropped the follows with the messages or the membership), and so do their unread.
 */
export function threadsWithoutRoom(state: ThreadsState, roomId: string): ThreadsState {
  const open = Object.fromEntries(
    Object.entries(state.open).filter(
      ([, view]) => view.root?.roomId !== roomId && view.replies[0]?.roomId !== roomId,
    ),
  );
  const gone = state.list.items.filter((item) => item.room.id === roomId);
  if (gone.length === 0 && Object.keys(open).length === Object.keys(state.open).length) return state;
  const unreadGone = gone.filter((item) => item.unread > 0).length;
  return {
    open,
    list: {
      ...state.list,
      items: state.list.items.filter((item) => item.room.id !== roomId),
      unreadThreads: Math.max(0, state.list.unreadThreads - unreadGone),
    },
  };
}

/** My own reaction on a message shown in a thread (root or reply) or in the list of threads. */
export function threadsWithMyReaction(
  state: ThreadsState,
  messageId: string,
  change: (message: Message) => Message,
): ThreadsState {
  let changed = false;
  const apply = (m: Message) => {
    if (m.id !== messageId) return m;
    const next = change(m);
    if (next !== m) changed = true;
    return next;
  };
  const open: Record<string, ThreadView> = {};
  for (const [id, view] of Object.entries(state.open)) {
    open[id] = { ...view, root: view.root && apply(view.root), replies: view.replies.map(apply) };
  }
  const items = state.list.items.map((item) => ({ ...item, root: apply(item.root) }));
  return changed ? { open, list: { ...state.list, items } } : state;
}

/** The copy of a message the threads hold, if any (to keep my own reactions on a broadcast). */
export function threadMessage(state: ThreadsState, message: Message): Message | undefined {
  const view = state.open[message.threadId ?? message.id];
  if (view) {
    if (view.root?.id === message.id) return view.root;
    const reply = view.replies.find((m) => m.id === message.id);
    if (reply) return reply;
  }
  return state.list.items.find((item) => item.root.id === message.id)?.root;
}

function withView(state: ThreadsState, rootId: string, view: ThreadView): ThreadsState {
  return { ...state, open: { ...state.open, [rootId]: view } };
}
