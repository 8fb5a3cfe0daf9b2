import type { Attachment, Message, SendMessageRequest } from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { presentAttachment } from '../files/index.js';
import { canModerate, requireMember, requireWritable, type Actor } from './chat.access.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { chatEvents } from './chat.events.js';
import { presentMessage, presentUser, type MessageExtras } from './chat.presenter.js';
import { appendUserMessage, SendRefused, type ChatRepositories } from './chat.repository.js';
import { loadMessageExtras } from './message-extras.js';
import type { SendBatcher } from './send-batcher.js';
import { mentionedUsernames } from './mentions.js';
import type { MessageRow, MessageWithAuthor } from './messages.repository.js';
import { aliased, type UserColumns } from './rooms.repository.js';

/** A typing "true" repeated within this time is not forwarded again (clients send every ~3 s). */
const TYPING_REPEAT_MS = 2_000;

export interface SendOptions {
  /** `/me waves`: shown as an action. */
  action?: boolean;
}

export interface MessagesDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
  /** PostgreSQL with group commit: plain sends to one room share one statement (see SendBatcher). */
  batcher?: SendBatcher | null;
}

/** Messages: send (idempotent by clientMsgId), page, edit, delete, typing. */
export class MessagesService {
  private readonly typingForwarded = new Map<string, number>();

  constructor(private readonly deps: MessagesDependencies) {}

  private get repos(): ChatRepositories {
    return this.deps.uow.repos;
  }

  /**
   * Commits the message, then announces it; the answer (HTTP or ack) comes only after the commit.
   * A retry with the same clientMsgId returns the first message (`created: false`).
   */
  async send(
    actor: Actor,
    roomId: string,
    request: SendMessageRequest,
    options: SendOptions = {},
  ): Promise<{ message: Message; created: boolean }> {
    const { room, alias } = await requireMember(this.repos, actor, roomId);
    if (room.archived_at !== null) {
      // A retry of a send that made it before the archive still gets its message.
      const earlier = await this.repos.messages.findByClientMsgId(roomId, actor.id, request.clientMsgId);
      if (earlier) return { message: await this.hydrate(earlier, actor.id), created: false };
      requireWritable(room);
    }
    let replyTo: MessageWithAuthor | null = null;
    if (request.replyToId) {
      [replyTo = null] = await this.repos.messages.byIdsWithAuthors([request.replyToId]);
      if (!replyTo || replyTo.room_id !== roomId) {
        throw Errors.invalidField('replyToId', 'replyInRoom');
      }
    }
    const threadRoot = request.threadId ? await this.threadRoot(roomId, request.threadId) : null;
    const mentionIds = await this.mentions(roomId, actor, request.text);
    const now = this.deps.clock.now().toISOString();
    const author = alias === null ? actor : presentUser(aliased(actorColumns(actor), alias));
    const input = {
      roomId,
      kind: 'user' as const,
      authorId: actor.id,
      text: request.text,
      action: options.action ?? false,
      replyToId: request.replyToId ?? null,
      mentionIds,
      clientMsgId: request.clientMsgId,
      threadId: threadRoot?.id ?? null,
      nowIso: now,
    };
    // The author is the actor (as this room shows them): no need to read them back.
    const present = (row: MessageRow, attachments: Attachment[]): Message => ({
      ...presentMessage({ ...row, author: null, discussion: null }, replyTo, { attachments }),
      author,
    });
    if (this.deps.batcher && !threadRoot && (request.attachments ?? []).length === 0) {
      let sent: Message | null = null;
      const row = await this.deps.batcher.append(input, (placed, emit) => {
        sent = present(placed, []);
        emit(chatEvents.message('new', placed, sent));
      });
      if (row && sent) {
        this.typingForwarded.delete(`${actor.id}:${roomId}`);
        return { message: sent, created: true };
      }
      // Not in a batch (an archived room, a retry, a membership change): alone, with its own answer.
    }
    let message: Message;
    try {
      message = await this.deps.uow.runGrouped(async (tx) => {
        const row = await appendUserMessage(tx, input);
        const attachments = await attachUploads(tx, request.attachments ?? [], row, actor.id, now);
        if (threadRoot) await countThreadReply(tx, threadRoot, row, mentionIds);
        const sent = present(row, attachments);
        tx.emit(chatEvents.message('new', row, sent));
        return sent;
      }, roomId);
    } catch (err) {
      if (err instanceof SendRefused) {
        throw err.reason === 'archived' ? Errors.roomArchived() : Errors.roomNotFound();
      }
      // A retry (the unique index on room, author and clientMsgId refused a second copy), possibly
      // racing the original: answer with the first. The common case, a new message, costs no lookup.
      if (!isUniqueViolation(err)) throw err;
      const first = await this.repos.messages.findByClientMsgId(roomId, actor.id, request.clientMsgId);
      if (!first) throw err;
      return { message: await this.hydrate(first, actor.id), created: false };
    }
    this.typingForwarded.delete(`${actor.id}:${roomId}`);
    return { message, created: true };
  }

  async list(
    actor: Actor,
    roomId: string,
    page: {
      before?: number | undefined;
      after?: number | undefined;
      around?: number | undefined;
      limit: number;
    },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    await requireMember(this.repos, actor, roomId);
    const { around, ...rest } = page;
    if (around !== undefined && (page.before !== undefined || page.after !== undefined)) {
      throw Errors.invalidField('around', 'aroundAlone');
    }
    const { rows, hasMore } =
      around === undefined
        ? await this.repos.messages.page(roomId, rest)
        : await this.repos.messages.pageAround(roomId, around, page.limit);
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => id !== null))];
    const replies = new Map((await this.repos.messages.byIdsWithAuthors(replyIds)).map((r) => [r.id, r]));
    const extras = await this.extrasFor(rows, actor.id);
    return {
      messages: rows.map((r) =>
        presentMessage(r, r.reply_to_id ? (replies.get(r.reply_to_id) ?? null) : null, extras.get(r.id)),
      ),
      hasMore,
    };
  }

  /**
   * These messages as `viewerId` sees them (with their extras), by id; ids not found are left out.
   * No access check: for search (issue 20), which found them through the viewer's memberships.
   */
  async presentMany(ids: string[], viewerId: string): Promise<Map<string, Message>> {
    const rows = await this.repos.messages.byIdsWithAuthors(ids);
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => id !== null))];
    const [replyRows, extras] = await Promise.all([
      this.repos.messages.byIdsWithAuthors(replyIds),
      this.extrasFor(rows, viewerId),
    ]);
    const replies = new Map(replyRows.map((r) => [r.id, r]));
    return new Map(
      rows.map((r) => [
        r.id,
        presentMessage(r, r.reply_to_id ? (replies.get(r.reply_to_id) ?? null) : null, extras.get(r.id)),
      ]),
    );
  }

  async edit(actor: Actor, messageId: string, text: string): Promise<Message> {
    const { message } = await this.changeable(actor, messageId, 'edit');
    if (message.kind === 'system') throw Errors.forbidden('systemNotEditable');
    if (message.deleted_at !== null) throw Errors.conflict('deletedNotEditable');
    // Files stay; an empty caption is fine on a message that has some (issue 20).
    if (text.trim() === '' && (await this.repos.uploads.forMessages([messageId])).length === 0) {
      throw Errors.invalidField('text', 'messageEmpty');
    }
    const mentionIds = await this.mentions(message.room_id, actor, text);
    const now = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      if (!(await tx.messages.edit(messageId, text, mentionIds, now))) {
        throw Errors.conflict('deletedNotEditable');
      }
      tx.emit(chatEvents.message('updated', message));
    });
    return this.hydrate(message, actor.id);
  }

  /** Soft delete: the text leaves the database; the message stays as "message deleted". Idempotent. */
  async delete(actor: Actor, messageId: string): Promise<Message> {
    const { message } = await this.changeable(actor, messageId, 'delete');
    // System messages are the room's record of who joined, left, was removed or promoted.
    if (message.kind === 'system') throw Errors.forbidden('systemNotDeletable');
    if (message.deleted_at !== null) return this.hydrate(message, actor.id);
    await this.deps.uow.run(async (tx) => {
      await tx.messages.softDelete(messageId, this.deps.clock.now().toISOString());
      // Its files go with it: rows now, objects once this committed.
      const keys = await tx.uploads.removeForMessage(messageId);
      if (keys.length > 0) tx.emit(chatEvents.filesRemoved(keys));
      await tx.reactions.removeAll(messageId);
      tx.emit(chatEvents.message('deleted', message));
    });
    return this.hydrate(message, actor.id);
  }

  /**
   * A system line from a feature that owns the room (a consultation's "Ada joined the call"), in its
   * own unit of work; see `postSystemMessage` to post it with another change.
   */
  postSystemMessage(input: SystemMessage): Promise<{ id: string; seq: number } | null> {
    const nowIso = this.deps.clock.now().toISOString();
    return this.deps.uow.run((tx) => postSystemMessage(tx, { ...input, nowIso }));
  }

  /**
   * Erases every message of a room for good (a consultation's retention, or its client's erasure):
   * rows, mentions and all. The room keeps its seq counter, so later messages never reuse a seq.
   * Its members' clients are told to drop what they show. Returns how many messages went.
   */
  purgeRoom(roomId: string): Promise<number> {
    return this.deps.uow.run((tx) => purgeRoom(tx, roomId));
  }

  /** One message of a room the actor is in (the same 404 otherwise). */
  async get(actor: Actor, messageId: string): Promise<Message> {
    const row = await this.repos.messages.findById(messageId);
    if (!row) throw Errors.messageNotFound();
    await requireMember(this.repos, actor, row.room_id).catch(() => {
      throw Errors.messageNotFound();
    });
    return this.hydrate(row, actor.id);
  }

  /** Forwards "typing" to the room's other members; repeats within 2 s are dropped. */
  async typing(actor: Actor, roomId: string, typing: boolean): Promise<void> {
    const { room } = await requireMember(this.repos, actor, roomId);
    if (room.archived_at !== null) return;
    const key = `${actor.id}:${roomId}`;
    const now = this.deps.clock.now().getTime();
    if (typing) {
      const last = this.typingForwarded.get(key);
      if (last !== undefined && now - last < TYPING_REPEAT_MS) return;
      if (this.typingForwarded.size > 10_000) this.typingForwarded.clear();
      this.typingForwarded.set(key, now);
    } else {
      this.typingForwarded.delete(key);
    }
    await this.deps.uow.publish(chatEvents.typing(roomId, actor.id, typing));
  }

  /** The message, if the actor may change it: its author, or the room's owners/moderators and admins. */
  private async changeable(actor: Actor, messageId: string, verb: 'edit' | 'delete') {
    const message = await this.repos.messages.findById(messageId);
    if (!message) throw Errors.messageNotFound();
    const access = await requireMember(this.repos, actor, message.room_id).catch(() => {
      throw Errors.messageNotFound();
    });
    requireWritable(access.room);
    if (message.author_id !== actor.id && !canModerate(actor, access.role)) {
      throw Errors.forbidden('authorOrModerators', { verb });
    }
    return { message, access };
  }

  /** A thread's root: a live user message of this room that is not itself a reply (else 422). */
  private async threadRoot(roomId: string, threadId: string): Promise<MessageRow> {
    const root = await this.repos.messages.findById(threadId);
    if (
      !root ||
      root.room_id !== roomId ||
      root.kind !== 'user' ||
      root.deleted_at !== null ||
      root.thread_id !== null
    ) {
      throw Errors.threadRootInvalid();
    }
    return root;
  }

  /** Members mentioned by `@username` (not oneself). */
  private async mentions(roomId: string, actor: Actor, text: string): Promise<string[]> {
    const names = mentionedUsernames(text).filter((n) => n !== actor.username);
    return this.repos.rooms.membersByUsername(roomId, names);
  }

  private async hydrate(row: MessageRow, viewerId: string | null = null): Promise<Message> {
    const [full] = await this.repos.messages.byIdsWithAuthors([row.id]);
    if (!full) throw Errors.messageNotFound();
    const [replyTo] = full.reply_to_id ? await this.repos.messages.byIdsWithAuthors([full.reply_to_id]) : [];
    const extras = await this.extrasFor([full], viewerId);
    return presentMessage(full, replyTo ?? null, extras.get(full.id));
  }

  /**
   * Files, reactions and thread summaries of these messages, in one query each (issue 20). `me` in
   * reactions is for `viewerId`; a broadcast (null) says `me: false` for everyone.
   */
  private extrasFor(
    rows: readonly MessageRow[],
    viewerId: string | null,
  ): Promise<Map<string, MessageExtras>> {
    return loadMessageExtras(this.repos, rows, viewerId);
  }
}

/** The actor's account columns, to present them under an alias. */
const actorColumns = (actor: Actor): UserColumns => ({
  id: actor.id,
  username: actor.username,
  display_name: actor.displayName,
  avatar_file: null,
  role: actor.role,
});

export interface SystemMessage {
  roomId: string;
  /** Null keeps the line anonymous (the text names who did what, as the room's viewers see them). */
  authorId: string | null;
  text: string;
  /** A call's message: clients show the call's live state on it. */
  callId?: string;
}

/**
 * Posts a system line with the caller's change (a call and its message commit together). No
 * membership check: the feature that owns the room vouches for it. Null when the room takes no
 * messages (archived).
 */
export async function postSystemMessage(
  tx: Transaction<ChatRepositories>,
  input: SystemMessage & { nowIso: string },
): Promise<{ id: string; seq: number } | null> {
  const { roomId, authorId, text, callId, nowIso } = input;
  const row = await tx.messages.append(
    { roomId, kind: 'system', authorId, text, nowIso, ...(callId ? { callId } : {}) },
    { unlessArchived: true },
  );
  if (row) tx.emit(chatEvents.message('new', row));
  return row ? { id: row.id, seq: row.seq } : null;
}

/**
 * A reply's effect on its thread, in the reply's transaction: the root's summary, who follows (its
 * author, the replier, everyone mentioned; not those who unfollowed), the replier's own reply read.
 * After the commit the room sees the root's new summary and each follower their thread state.
 */
async function countThreadReply(
  tx: Transaction<ChatRepositories>,
  root: MessageRow,
  reply: MessageRow,
  mentionIds: string[],
): Promise<void> {
  await tx.messages.countThreadReply(root.id, reply.created_at);
  const takingPart = [
    ...(root.author_id ? [root.author_id] : []),
    ...(reply.author_id ? [reply.author_id] : []),
  ];
  await tx.threads.autoFollow(root.id, root.room_id, [...takingPart, ...mentionIds], reply.created_at);
  if (reply.author_id) await tx.threads.markRead(root.id, reply.author_id, reply.seq);
  tx.emit(chatEvents.message('updated', root));
  tx.emit(chatEvents.thread(root.room_id, root.id));
}

/** Erases every message of a room with the caller's change; see `MessagesService.purgeRoom`. */
export async function purgeRoom(tx: Transaction<ChatRepositories>, roomId: string): Promise<number> {
  // The room's files go too (sent or not): rows now, objects once this committed.
  const keys = await tx.uploads.removeForRoom(roomId);
  if (keys.length > 0) tx.emit(chatEvents.filesRemoved(keys));
  const erased = await tx.messages.purgeRoom(roomId);
  tx.emit(chatEvents.purged(roomId));
  return erased;
}

/**
 * Puts the sender's uploads on their new message (issue 20), in the order named; 422 naming
 * `attachments` (and nothing commits) unless each is theirs, into this room, and not on a message yet.
 */
async function attachUploads(
  tx: Transaction<ChatRepositories>,
  ids: readonly string[],
  row: MessageRow,
  senderId: string,
  nowIso: string,
): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  const target = { ownerId: senderId, roomId: row.room_id, messageId: row.id, nowIso };
  if (!(await tx.uploads.attach(ids, target))) throw Errors.attachmentsInvalid();
  return (await tx.uploads.forMessages([row.id])).map(presentAttachment);
}
