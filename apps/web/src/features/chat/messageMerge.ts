import type { Message } from '@parley/shared';

/** Merges messages into an ascending run by seq; a message already there is replaced by the newer copy. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) {
    const existing = bySeq.get(m.seq);
    bySeq.set(m.seq, existing ? newerOf(existing, m) : m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Edits and deletions only move forward: a late copy of the original does not undo a deletion. */
export function newerOf(a: Message, b: Message): Message {
  if (a.deletedAt && !b.deletedAt) return a;
  if (b.deletedAt && !a.deletedAt) return b;
  if ((a.editedAt ?? '') > (b.editedAt ?? '')) return a;
  return b;
}
