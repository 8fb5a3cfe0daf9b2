import { t } from '../../i18n';
import type { Message, Reaction } from '@parley/shared';

/**
 * A broadcast copy of a message (`message:updated` to the whole room) cannot say `me` for each
 * viewer and carries `me: false`. My own reactions are kept from the copy I had, unless the
 * broadcast's `by` lists everyone who reacted (then it says for sure whether I did).
 */
export function keepMyReactions(existing: Message | undefined, incoming: Message, myId: string): Message {
  if (incoming.reactions.length === 0) return incoming;
  const mine = new Set(existing?.reactions.filter((r) => r.me).map((r) => r.emoji));
  return {
    ...incoming,
    reactions: incoming.reactions.map((r) => {
      const listed = r.by.some((p) => p.id === myId);
      const complete = r.by.length >= r.count;
      return { ...r, me: listed || (!complete && mine.has(r.emoji)) };
    }),
  };
}

/**
 * `reaction:changed` for my own user (another device, or before the room's `message:updated`):
 * only `me` changes, and a reaction not known yet starts at one (mine); counts come with the message.
 */
export function applyMyReaction(
  message: Message,
  emoji: string,
  added: boolean,
  me: { id: string; displayName: string },
): Message {
  const existing = message.reactions.find((r) => r.emoji === emoji);
  if (existing) {
    if (existing.me === added) return message;
    return {
      ...message,
      reactions: message.reactions.map((r) => (r.emoji === emoji ? { ...r, me: added } : r)),
    };
  }
  if (!added) return message;
  const reaction: Reaction = { emoji, count: 1, me: true, by: [me] };
  return { ...message, reactions: [...message.reactions, reaction] };
}

/** "Ada, Bob and 3 others reacted with 👍" — the chip's title; `by` lists the first people. */
export function whoReacted(reaction: Reaction, myId: string): string {
  const you = t('chat.reactions.you');
  const names = reaction.by.map((p) => (p.id === myId ? you : p.displayName));
  if (reaction.me && !reaction.by.some((p) => p.id === myId)) names.unshift(you);
  const others = Math.max(0, reaction.count - names.length);
  if (names.length === 0) return t('chat.reactions.count', { count: reaction.count, emoji: reaction.emoji });
  const list = others > 0 ? [...names, t('chat.reactions.others', { count: others })] : names;
  const people =
    list.length === 1
      ? list[0]!
      : t('chat.reactions.list', { head: list.slice(0, -1).join(', '), last: list.at(-1)! });
  return t('chat.reactions.who', { people, emoji: reaction.emoji });
}
