import type { Message } from '@parley/shared';
import type { Notice, PendingSend } from './chatState';
import { dayKey, dayLabel } from './time';
import type { VirtualRow } from './VirtualList';

export type TimelineRow = VirtualRow &
  (
    | { kind: 'day'; label: string }
    | { kind: 'unread' }
    | { kind: 'message'; message: Message; grouped: boolean }
    | { kind: 'pending'; pending: PendingSend }
    | { kind: 'notice'; notice: Notice }
  );

/** Messages by the same person within this long, with nothing between them, share one header. */
const GROUP_WINDOW_MS = 5 * 60_000;

export const UNREAD_ROW_KEY = 'unread';

export function messageKey(seq: number): string {
  return `m${seq}`;
}

function groups(previous: Message | undefined, message: Message): boolean {
  if (!previous || previous.kind !== 'user' || message.kind !== 'user') return false;
  if (previous.author?.id !== message.author?.id || message.action || previous.action) return false;
  if (message.replyTo) return false;
  return new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() < GROUP_WINDOW_MS;
}

/** The first message from someone else after `lastReadSeq`: where "New messages" goes. */
export function firstUnreadSeq(messages: Message[], lastReadSeq: number | null, myId: string): number | null {
  if (lastReadSeq === null) return null;
  const first = messages.find(
    (m) => m.seq > lastReadSeq && m.kind === 'user' && m.author?.id !== myId && m.threadId === null,
  );
  return first?.seq ?? null;
}

/**
 * The timeline of a room: day dividers, the "New messages" line, messages (grouped by author),
 * then this person's notices and messages still on their way.
 */
export function buildRows(
  messages: Message[],
  pending: PendingSend[],
  notices: Notice[],
  unreadSeq: number | null,
  now = new Date(),
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: Message | undefined;
  let day = '';
  const pushDay = (iso: string) => {
    const key = dayKey(iso);
    if (key === day) return false;
    day = key;
    rows.push({ kind: 'day', key: `day-${key}`, label: dayLabel(iso, now), estimate: 44, movable: true });
    return true;
  };
  const orderedNotices = [...notices].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let n = 0;
  for (const message of messages) {
    // Thread replies are shown in their thread (issue 20), not in the room's timeline.
    if (message.threadId !== null) continue;
    while (n < orderedNotices.length && orderedNotices[n]!.createdAt < message.createdAt) {
      const notice = orderedNotices[n++]!;
      if (pushDay(notice.createdAt)) previous = undefined;
      rows.push({ kind: 'notice', key: notice.id, notice, estimate: 52 });
      previous = undefined;
    }
    let grouped = groups(previous, message);
    if (pushDay(message.createdAt)) grouped = false;
    if (message.seq === unreadSeq) {
      rows.push({ kind: 'unread', key: UNREAD_ROW_KEY, estimate: 32, movable: true });
      grouped = false;
    }
    rows.push({
      kind: 'message',
      key: messageKey(message.seq),
      message,
      grouped,
      estimate: grouped ? 28 : 64,
    });
    previous = message;
  }
  for (; n < orderedNotices.length; n++) {
    const notice = orderedNotices[n]!;
    pushDay(notice.createdAt);
    rows.push({ kind: 'notice', key: notice.id, notice, estimate: 52 });
  }
  for (const p of pending) {
    if (p.threadId) continue;
    pushDay(p.createdAt);
    rows.push({ kind: 'pending', key: `p-${p.clientMsgId}`, pending: p, estimate: 64 });
  }
  return rows;
}
