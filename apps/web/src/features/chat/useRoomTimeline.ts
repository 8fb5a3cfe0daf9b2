import type { Message, PublicUser, Room } from '@parley/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { useChatActions } from './ChatProvider';
import { useChat } from './chatStore';
import { plainPreview } from './markdown';
import { buildRows, firstUnreadSeq } from './rows';

const EMPTY: never[] = [];

/**
 * A room's timeline: its history (loaded when missing), the rows to show (messages, my pending
 * ones, notices, the "New messages" line) and where the unread part starts; read up to the newest
 * message while `onScreen` (shown and scrolled to the bottom) for a member.
 */
export function useRoomTimeline(
  room: Room & { lastReadSeq?: number; unread?: number },
  member: boolean,
  onScreen: boolean,
  /** Open at this message (a search result) rather than at the newest ones. */
  jumpTo?: number,
) {
  const me = useMe();
  const actions = useChatActions();
  const history = useChat((s) => s.histories[room.id]);
  const allPending = useChat((s) => s.pending);
  const allNotices = useChat((s) => s.notices);
  // Where "New messages" goes: what was unread when the room was opened (it stays until I leave the room).
  const [unreadFrom] = useState(() => (room.unread && room.unread > 0 ? (room.lastReadSeq ?? null) : null));

  const jumped = useRef(false);
  useEffect(() => {
    if (jumpTo !== undefined && !jumped.current) {
      jumped.current = true;
      if (!history?.messages.some((m) => m.seq === jumpTo)) {
        void actions.loadAround(room.id, jumpTo, room.lastSeq);
        return;
      }
    }
    if (!history) void actions.loadLatest(room.id);
  }, [history, actions, room.id, jumpTo, room.lastSeq]);

  // Leaving the room (or the page) ends my "typing" there at once rather than after the timeout.
  useEffect(() => () => actions.stopTyping(room.id), [actions, room.id]);

  const messages: Message[] = history?.messages ?? EMPTY;
  const pending = useMemo(() => allPending.filter((p) => p.roomId === room.id), [allPending, room.id]);
  const notices = useMemo(() => allNotices.filter((n) => n.roomId === room.id), [allNotices, room.id]);
  const oldest = messages[0]?.seq;
  const unreadLoaded =
    unreadFrom !== null && (oldest === undefined || oldest <= unreadFrom + 1 || !history?.hasMoreBefore);
  const unreadSeq = unreadLoaded ? firstUnreadSeq(messages, unreadFrom, me.id) : null;
  const rows = useMemo(
    () => buildRows(messages, pending, notices, unreadSeq),
    [messages, pending, notices, unreadSeq],
  );
  const newest = messages.at(-1)?.seq ?? 0;

  // Read: when the room is on screen and scrolled to the bottom.
  const lastReadSeq = 'lastReadSeq' in room ? room.lastReadSeq : undefined;
  useEffect(() => {
    if (!member || !onScreen || lastReadSeq === undefined || newest <= lastReadSeq) return;
    const timer = window.setTimeout(() => void actions.markRead(room.id, newest), 250);
    return () => window.clearTimeout(timer);
  }, [member, onScreen, newest, lastReadSeq, actions, room.id]);

  return { history, messages, rows, newest, lastReadSeq, unreadFrom, unreadLoaded, unreadSeq };
}

/** Who is typing, by name; someone not known here yet (a newcomer) has the members loaded (`needPeople`). */
export function useTypingNames(
  typing: Record<string, unknown> | undefined,
  people: PublicUser[],
  messages: Message[],
  needPeople: () => void,
): string[] {
  const { t } = useTranslation();
  const { typingNames, typistUnknown } = useMemo(() => {
    const ids = Object.keys(typing ?? {});
    const known = new Map<string, string>();
    for (const p of people) known.set(p.id, p.displayName);
    for (const m of messages) if (m.author) known.set(m.author.id, m.author.displayName);
    return {
      typingNames: ids.map((id) => known.get(id) ?? t('chat.message.someone')),
      typistUnknown: ids.some((id) => !known.has(id)),
    };
  }, [typing, people, messages, t]);
  // Someone typing who has not posted here yet (a newcomer): the room's members say who it is.
  useEffect(() => {
    if (typistUnknown) needPeople();
  }, [typistUnknown, needPeople]);
  return typingNames;
}

/** "Bob Brown: text" for screen readers, for each message from someone else that arrives while the room is open. */
export function useNewMessageAnnouncement(messages: Message[], myId: string, ready: boolean): string {
  const newestSeen = useRef<number | null>(null);
  const [text, setText] = useState('');
  const newest = messages.at(-1);
  useEffect(() => {
    if (!ready) return;
    // What was there when the room opened is history, not news.
    if (newestSeen.current === null) {
      newestSeen.current = newest?.seq ?? 0;
      return;
    }
    if (!newest || newest.seq <= newestSeen.current) return;
    newestSeen.current = newest.seq;
    const inRoom = newest.threadId === null;
    if (inRoom && newest.kind === 'user' && newest.author && newest.author.id !== myId && !newest.deletedAt) {
      setText(`${newest.author.displayName}: ${plainPreview(newest.text, 200)}`);
    }
  }, [newest, myId, ready]);
  return text;
}
