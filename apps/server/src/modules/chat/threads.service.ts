import type { Message, ThreadListItem, ThreadResponse, ThreadState } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { requireMember, type Actor } from './chat.access.js';
import { chatEvents } from './chat.events.js';
import { presentRoom } from './chat.presenter.js';
import type { ChatRepositories } from './chat.repository.js';
import { presentMessages } from './message-extras.js';
import type { MessageRow } from './messages.repository.js';

/** How many followed threads `GET /threads` lists (newest reply first). */
const THREAD_LIST_LIMIT = 100;

export interface ThreadsDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
}

/**
 * Threads (issue 20): reading one, following, read markers and the list of followed threads. Replies
 * are sent by `MessagesService.send` with `threadId`.
 */
export class ThreadsService {
  constructor(private readonly deps: ThreadsDependencies) {}

  private get repos(): ChatRepositories {
    return this.deps.uow.repos;
  }

  /** The root and its replies (oldest first), for a member of its room; a reply's id opens its root. */
  async thread(
    actor: Actor,
    messageId: string,
    page: { after?: number | undefined; limit: number },
  ): Promise<ThreadResponse> {
    const root = await this.rootFor(actor, messageId);
    const { rows, hasMore } = await this.repos.messages.threadPage(root.id, page);
    const [full] = await this.repos.messages.byIdsWithAuthors([root.id]);
    if (!full) throw Errors.messageNotFound();
    const [presentedRoot, ...replies] = await presentMessages(this.repos, [full, ...rows], actor.id);
    const { following } = await this.repos.threads.stateOf(root.id, actor.id);
    return { root: presentedRoot as Message, replies, hasMore, following };
  }

  /** Follows or unfollows on purpose (an unfollow is remembered: taking part does not re-follow). */
  async follow(actor: Actor, messageId: string, following: boolean): Promise<ThreadState> {
    const root = await this.rootFor(actor, messageId);
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      await tx.threads.setFollowing(root.id, root.room_id, actor.id, following, nowIso);
      tx.emit(chatEvents.thread(root.room_id, root.id, [actor.id]));
    });
    return this.stateOf(actor, root);
  }

  /** Marks the thread's replies read up to `seq` (forward only); my other devices are told. */
  async read(actor: Actor, messageId: string, seq: number): Promise<ThreadState> {
    const root = await this.rootFor(actor, messageId);
    await this.deps.uow.run(async (tx) => {
      if (await tx.threads.markRead(root.id, actor.id, seq)) {
        tx.emit(chatEvents.thread(root.room_id, root.id, [actor.id]));
      }
    });
    return this.stateOf(actor, root);
  }

  /** The threads I follow in rooms I am in, newest reply first, and how many have unread replies. */
  async list(actor: Actor): Promise<{ threads: ThreadListItem[]; unreadThreads: number }> {
    const followed = await this.repos.threads.listFollowed(actor.id, THREAD_LIST_LIMIT);
    const rootRows = await this.repos.messages.byIdsWithAuthors(followed.map((f) => f.root_id));
    const roots = new Map(
      (await presentMessages(this.repos, rootRows, actor.id)).map((message) => [message.id, message]),
    );
    const roomRows = await Promise.all(
      [...new Set(followed.map((f) => f.room_id))].map((id) => this.repos.rooms.findById(id)),
    );
    const present = roomRows.filter((r) => r !== undefined);
    const direct = await this.repos.rooms.directMembers(
      present.filter((r) => r.type === 'direct').map((r) => r.id),
    );
    const rooms = new Map(present.map((r) => [r.id, presentRoom(r, null, actor.id, direct.get(r.id) ?? [])]));
    const threads: ThreadListItem[] = [];
    for (const f of followed) {
      const root = roots.get(f.root_id);
      const room = rooms.get(f.room_id);
      if (!root || !room) continue;
      threads.push({
        root,
        room: { id: room.id, type: room.type, displayName: room.displayName },
        unread: f.unread,
      });
    }
    return { threads, unreadThreads: await this.repos.threads.unreadThreads(actor.id) };
  }

  private async stateOf(actor: Actor, root: MessageRow): Promise<ThreadState> {
    const state = await this.repos.threads.stateOf(root.id, actor.id);
    return {
      roomId: root.room_id,
      rootId: root.id,
      ...state,
      unreadThreads: await this.repos.threads.unreadThreads(actor.id),
    };
  }

  /** The thread root this message is (or, for a reply, belongs to), in a room the actor is in. */
  private async rootFor(actor: Actor, messageId: string): Promise<MessageRow> {
    const message = await this.repos.messages.findById(messageId);
    if (!message) throw Errors.messageNotFound();
    await requireMember(this.repos, actor, message.room_id).catch(() => {
      throw Errors.messageNotFound();
    });
    if (message.thread_id === null) return message;
    const root = await this.repos.messages.findById(message.thread_id);
    if (!root) throw Errors.messageNotFound();
    return root;
  }
}
