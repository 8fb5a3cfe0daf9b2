import { errorMessage, isApiError } from '../../api/client';
import type { ChatStore } from './chatStore';
import { threadsApi } from './threads.api';

/**
 * Reactions and threads (issue 20): what the chat does for them besides rendering. Results land in
 * the chat store; `ChatActions.threads` is this.
 */
export class ThreadActions {
  private readonly reacting = new Set<string>();
  /** The newest reply seq each thread was marked read up to here. */
  private readonly readUpTo = new Map<string, number>();

  constructor(private readonly store: ChatStore) {}

  private get state() {
    return this.store.getState();
  }

  /** Adds or removes my reaction; the answer (with my own `me`) replaces the message. */
  async toggleReaction(messageId: string, emoji: string, add: boolean): Promise<void> {
    const key = `${messageId} ${emoji}`;
    if (this.reacting.has(key)) return;
    this.reacting.add(key);
    try {
      const message = add
        ? await threadsApi.react(messageId, emoji)
        : await threadsApi.unreact(messageId, emoji);
      this.store.dispatch({ type: 'message/upsert', message });
    } finally {
      this.reacting.delete(key);
    }
  }

  /** A thread's root and its first replies (or, when loaded, a fresh copy of them). */
  async load(rootId: string): Promise<void> {
    this.store.dispatch({ type: 'thread/loading', rootId });
    try {
      const response = await threadsApi.thread(rootId);
      this.store.dispatch({ type: 'thread/loaded', rootId, response, more: false });
    } catch (error) {
      this.store.dispatch({ type: 'thread/failed', rootId, error: errorMessage(error) });
    }
  }

  /** The replies after the newest one loaded (a long thread, or a catch-up after a reconnect). */
  async loadMore(rootId: string): Promise<void> {
    const view = this.state.threads.open[rootId];
    if (!view || view.status !== 'ready') return;
    const after = view.replies.at(-1)?.seq ?? 0;
    const response = await threadsApi.thread(rootId, after);
    this.store.dispatch({ type: 'thread/loaded', rootId, response, more: true });
  }

  async follow(rootId: string, following: boolean): Promise<void> {
    await threadsApi.follow(rootId, following);
    this.store.dispatch({ type: 'thread/following', rootId, following });
    if (following) void this.loadList();
  }

  /** Replies up to `seq` are read (once per newer reply). */
  async markRead(rootId: string, seq: number): Promise<void> {
    if ((this.readUpTo.get(rootId) ?? 0) >= seq) return;
    this.readUpTo.set(rootId, seq);
    this.store.dispatch({ type: 'thread/read', rootId });
    try {
      await threadsApi.markRead(rootId, seq);
    } catch {
      // The badge is already cleared here; the next read tells the server.
      this.readUpTo.delete(rootId);
    }
  }

  /** The threads I follow, with the unread-threads count for the sidebar. */
  async loadList(): Promise<void> {
    this.store.dispatch({ type: 'threads/loading' });
    try {
      const { threads, unreadThreads } = await threadsApi.threads();
      this.store.dispatch({ type: 'threads/loaded', threads, unreadThreads });
    } catch (error) {
      this.store.dispatch({ type: 'threads/failed', error: errorMessage(error) });
    }
  }

  /** After a reconnect: the list again, and every open thread's replies sent meanwhile. */
  async catchUp(): Promise<void> {
    const open = Object.entries(this.state.threads.open).filter(([, view]) => view.status === 'ready');
    await Promise.all([
      this.loadList(),
      ...open.map(async ([rootId]) => {
        try {
          for (let page = 0; page < 20; page++) {
            await this.loadMore(rootId);
            if (!this.state.threads.open[rootId]?.hasMore) break;
          }
        } catch (error) {
          if (isApiError(error) && error.status === 404) return;
          this.store.dispatch({ type: 'thread/failed', rootId, error: errorMessage(error) });
        }
      }),
    ]);
  }
}
