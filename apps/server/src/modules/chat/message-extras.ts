import { presentAttachment } from '../files/index.js';
import type { ChatRepositories } from './chat.repository.js';
import type { MessageExtras } from './chat.presenter.js';
import type { MessageRow } from './messages.repository.js';

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
  await addAttachments(repos, rows, extras);
  await addReactions(repos, rows, viewerId, extras);
  await addThreadSummaries(repos, rows, extras);
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

/** Each message's reactions, grouped by emoji (the threads part of issue 20 fills this in). */
async function addReactions(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  viewerId: string | null,
  extras: Extras,
): Promise<void> {
  void repos;
  void rows;
  void viewerId;
  void extras;
}

/** Each thread root's summary (the threads part of issue 20 fills this in). */
async function addThreadSummaries(
  repos: ChatRepositories,
  rows: readonly MessageRow[],
  extras: Extras,
): Promise<void> {
  void repos;
  void rows;
  void extras;
}
