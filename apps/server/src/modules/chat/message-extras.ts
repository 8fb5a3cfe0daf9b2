import { presentAttachment } from '../files/index.js';
import type { ChatRepositories } from './chat.repository.js';
import type { Message } from '@parley/shared';
import { Errors } from '../../errors.js';
import { presentMessage, presentUser, type MessageExtras } from './chat.presenter.js';
import type { MessageRow, MessageWithAuthor } from './messages.repository.js';
import { reactionKey } from './reactions.repository.js';

type Extras = Map<string, MessageExtras>;

/**
 * What a page of messages carries beyond its rows (issue 20): files, reactions and thread summaries,
 * one query per kind whatever the page's size. The one loader for every path that presents messages:
 * `MessagesService` (list, hydrate) and the broadcast in `chat.events.ts`. `me` in reactions is for
 * `viewerId`; a broadcast (null) says `me: false` for everyone (clients keep their own `me`).
 */
export async function loadMessageExtras(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  viewerId: string | null,
): Promise<Extras> {
  const extras: Extras = new Map(rows.map((r) => [r.id, {}]));
  if (rows.length === 0) return extras;
  // Independent reads, each filling its own field: on PostgreSQL they overlap their round trips.
  await Promise.all([
    addAttachments(repos, rows, extras),
    addReactions(repos, rows, viewerId, extras),
    addThreadSummaries(repos, rows, extras),
  ]);
  return extras;
}

/** Each message's files, in their order (the files module fills this in). */
async function addAttachments(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  extras: Extras,
): Promise<void> {
  // A deleted message keeps no files (its uploads are removed with it; the presenter says none too).
  const ids = rows.filter((r) => r.deleted_at === null).map((r) => r.id);
  for (const upload of await repos.uploads.forMessages(ids)) {
    const message = extras.get(upload.message_id ?? '');
    if (message) message.attachments = [...(message.attachments ?? []), presentAttachment(upload)];
  }
}

/** How many people a reaction names (`by`) and a thread summary shows (`participants`). */
export const REACTION_PEOPLE = 10;
export const THREAD_PARTICIPANTS = 5;

/** Each live message's reactions, grouped by emoji in the order they were first used. */
async function addReactions(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  viewerId: string | null,
  extras: Extras,
): Promise<void> {
  const ids = rows.filter((r) => r.deleted_at === null).map((r) => r.id);
  const groups = await repos.reactions.forMessages(ids, REACTION_PEOPLE);
  if (groups.length === 0) return;
  const mine = viewerId === null ? new Set<string>() : await repos.reactions.mine(ids, viewerId);
  for (const group of groups) {
    const entry = extras.get(group.message_id);
    if (!entry) continue;
    (entry.reactions ??= []).push({
      emoji: group.emoji,
      count: group.count,
      me: mine.has(reactionKey(group.message_id, group.emoji)),
      by: group.by.map((u) => ({ id: u.id, displayName: u.display_name })),
    });
  }
}

/** Each thread root's summary: kept on its row, with its first repliers. */
async function addThreadSummaries(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  extras: Extras,
): Promise<void> {
  const roots = rows.filter((r) => Number(r.thread_replies) > 0);
  if (roots.length === 0) return;
  const participants = await repos.messages.threadParticipants(
    roots.map((r) => r.id),
    THREAD_PARTICIPANTS,
  );
  for (const root of roots) {
    const entry = extras.get(root.id);
    if (!entry) continue;
    entry.thread = {
      replies: Number(root.thread_replies),
      lastReplyAt: root.thread_last_reply_at,
      participants: (participants.get(root.id) ?? []).map(presentUser),
    };
  }
}

/** Messages with their quoted replies and extras, as `viewerId` sees them (null: a broadcast). */
export async function presentMessages(
  repos: ChatRepositories,
  rows: readonly MessageWithAuthor[],
  viewerId: string | null,
): Promise<Message[]> {
  const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => id !== null))];
  const replies = new Map((await repos.messages.byIdsWithAuthors(replyIds)).map((r) => [r.id, r]));
  const extras = await loadMessageExtras(repos, rows, viewerId);
  return rows.map((r) =>
    presentMessage(r, r.reply_to_id ? (replies.get(r.reply_to_id) ?? null) : null, extras.get(r.id)),
  );
}

/** One message as `viewerId` sees it (a 404 when it is gone). */
export async function presentMessageFor(
  repos: ChatRepositories,
  messageId: string,
  viewerId: string | null,
): Promise<Message> {
  const [message] = await presentMessages(
    repos,
    await repos.messages.byIdsWithAuthors([messageId]),
    viewerId,
  );
  if (!message) throw Errors.messageNotFound();
  return message;
}
