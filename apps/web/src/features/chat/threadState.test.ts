import type { Message, Reaction, ThreadResponse } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, GRACE, message, room } from '../../test/chat';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chatState';
import { applyMyReaction, keepMyReactions, whoReacted } from './reactions';

const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const reaction = (emoji: string, over: Partial<Reaction> = {}): Reaction => ({
  emoji,
  count: 1,
  me: false,
  by: [{ id: BOB.id, displayName: BOB.displayName }],
  ...over,
});
const withHistory = (messages: Message[]) =>
  run(
    initialChatState(GRACE.id),
    { type: 'rooms/loaded', rooms: [room({ lastSeq: 2, lastReadSeq: 2 })] },
    { type: 'history/page', roomId: 'r_general', direction: 'latest', messages, hasMore: false },
  );
const historyOf = (state: ChatState) => state.histories.r_general!.messages;

describe('reactions', () => {
  it('keeps my own reaction from the copy I had when a broadcast says me: false', () => {
    const mine = message(1, { reactions: [reaction('👍', { count: 1, me: true, by: [] })] });
    const broadcast = message(1, {
      reactions: [reaction('👍', { count: 4, by: [{ id: BOB.id, displayName: 'Bob Brown' }] })],
    });
    expect(keepMyReactions(mine, broadcast, GRACE.id).reactions[0]!.me).toBe(true);
    // A broadcast whose `by` lists everyone says for sure that I am not among them.
    const complete = message(1, { reactions: [reaction('👍', { count: 1 })] });
    expect(keepMyReactions(mine, complete, GRACE.id).reactions[0]!.me).toBe(false);
    // And one that names me says I reacted, even without a copy.
    const named = message(1, {
      reactions: [reaction('🎉', { count: 2, by: [{ id: GRACE.id, displayName: 'Grace' }] })],
    });
    expect(keepMyReactions(undefined, named, GRACE.id).reactions[0]!.me).toBe(true);
  });

  it('applies my own reaction:changed: presses a known chip, or adds one at one', () => {
    const me = { id: GRACE.id, displayName: 'Grace' };
    const m = message(1, { reactions: [reaction('👍', { count: 2 })] });
    expect(applyMyReaction(m, '👍', true, me).reactions).toEqual([reaction('👍', { count: 2, me: true })]);
    const added = applyMyReaction(m, '🎉', true, me).reactions;
    expect(added[1]).toEqual({ emoji: '🎉', count: 1, me: true, by: [me] });
    expect(applyMyReaction(m, '🎉', false, me)).toBe(m);
  });

  it('says who reacted, me first as "You"', () => {
    expect(whoReacted(reaction('👍'), GRACE.id)).toBe('Bob Brown reacted with 👍');
    const r = reaction('👍', {
      count: 5,
      me: true,
      by: [
        { id: GRACE.id, displayName: 'Grace' },
        { id: BOB.id, displayName: 'Bob Brown' },
      ],
    });
    expect(whoReacted(r, GRACE.id)).toBe('You, Bob Brown and 3 others reacted with 👍');
  });

  it('keeps my me through message:updated and takes the HTTP answer as it is', () => {
    let state = withHistory([message(1, { reactions: [reaction('👍', { me: true, count: 2, by: [] })] })]);
    state = run(state, {
      type: 'message/upsert',
      broadcast: true,
      message: message(1, { id: 'm_r_general_1', reactions: [reaction('👍', { count: 3, by: [] })] }),
    });
    expect(historyOf(state)[0]!.reactions[0]).toMatchObject({ count: 3, me: true });
    state = run(state, {
      type: 'message/upsert',
      message: message(1, { id: 'm_r_general_1', reactions: [reaction('👍', { count: 2, by: [] })] }),
    });
    expect(historyOf(state)[0]!.reactions[0]).toMatchObject({ count: 2, me: false });
    state = run(state, {
      type: 'reaction/mine',
      roomId: 'r_general',
      messageId: 'm_r_general_1',
      emoji: '👍',
      added: true,
    });
    expect(historyOf(state)[0]!.reactions[0]).toMatchObject({ count: 2, me: true });
  });
});

describe('threads in the chat state', () => {
  const root = message(1, { id: 'root', author: GRACE, text: 'Root' });
  const response = (replies: Message[], over: Partial<ThreadResponse> = {}): ThreadResponse => ({
    root,
    replies,
    hasMore: false,
    following: true,
    ...over,
  });

  it('counts a reply in its thread, not in the room, but a mention in it still counts', () => {
    let state = withHistory([message(1), message(2)]);
    state = run(state, { type: 'message/upsert', message: message(3, { threadId: 'root' }) });
    expect(state.rooms.r_general).toMatchObject({ lastSeq: 3, unread: 0, mentions: 0 });
    state = run(state, {
      type: 'message/upsert',
      message: message(4, { threadId: 'root', mentions: [GRACE.id] }),
    });
    expect(state.rooms.r_general).toMatchObject({ unread: 0, mentions: 1 });
    state = run(state, { type: 'message/upsert', message: message(5) });
    expect(state.rooms.r_general).toMatchObject({ unread: 1, mentions: 1 });
  });

  it('adds live replies to an open thread and updates its root', () => {
    let state = run(
      initialChatState(GRACE.id),
      { type: 'thread/loading', rootId: 'root' },
      {
        type: 'thread/loaded',
        rootId: 'root',
        response: response([message(2, { threadId: 'root' })]),
        more: false,
      },
    );
    state = run(state, { type: 'message/upsert', message: message(3, { threadId: 'root', author: CAROL }) });
    state = run(state, { type: 'message/upsert', message: message(4, { threadId: 'other' }) });
    expect(state.threads.open.root!.replies.map((m) => m.seq)).toEqual([2, 3]);
    const summary = { replies: 2, lastReplyAt: '2026-03-02T12:00:00.000Z', participants: [BOB, CAROL] };
    state = run(state, { type: 'message/upsert', broadcast: true, message: { ...root, thread: summary } });
    expect(state.threads.open.root!.root!.thread).toEqual(summary);
    // A later page appends.
    state = run(state, {
      type: 'thread/loaded',
      rootId: 'root',
      response: response([message(5, { threadId: 'root' })], { hasMore: false }),
      more: true,
    });
    expect(state.threads.open.root!.replies.map((m) => m.seq)).toEqual([2, 3, 5]);
  });

  it('keeps the unread-threads count and the list up to date from thread:updated', () => {
    const item = (id: string, unread: number) => ({
      root: { ...root, id },
      room: { id: 'r_general', type: 'channel' as const, displayName: 'General' },
      unread,
    });
    let state = run(initialChatState(GRACE.id), {
      type: 'threads/loaded',
      threads: [item('a', 0), item('b', 2)],
      unreadThreads: 1,
    });
    state = run(state, {
      type: 'thread/updated',
      event: { roomId: 'r_general', rootId: 'a', unread: 3, following: true, unreadThreads: 2 },
    });
    expect(state.threads.list.items.map((i) => i.unread)).toEqual([3, 2]);
    expect(state.threads.list.unreadThreads).toBe(2);
    state = run(state, { type: 'thread/read', rootId: 'b' });
    expect(state.threads.list).toMatchObject({ unreadThreads: 1 });
    state = run(state, {
      type: 'thread/updated',
      event: { roomId: 'r_general', rootId: 'a', unread: 0, following: false, unreadThreads: 0 },
    });
    expect(state.threads.list.items.map((i) => i.root.id)).toEqual(['b']);
    expect(state.threads.list.unreadThreads).toBe(0);
  });

  it('drops the threads of a room I left or whose messages were purged, and their unread', () => {
    const item = (id: string, roomId: string, unread: number) => ({
      root: { ...root, id, roomId },
      room: { id: roomId, type: 'channel' as const, displayName: roomId },
      unread,
    });
    const opened = (state: ChatState, rootId: string, roomId: string) =>
      run(state, {
        type: 'thread/loaded',
        rootId,
        response: response([], { root: { ...root, id: rootId, roomId } }),
        more: false,
      });
    let state = run(initialChatState(GRACE.id), {
      type: 'threads/loaded',
      threads: [item('a', 'r_left', 2), item('b', 'r_purged', 1), item('c', 'r_general', 4)],
      unreadThreads: 3,
    });
    state = opened(opened(opened(state, 'a', 'r_left'), 'b', 'r_purged'), 'c', 'r_general');

    state = run(state, { type: 'room/removed', roomId: 'r_left' });
    expect(Object.keys(state.threads.open).sort()).toEqual(['b', 'c']);
    expect(state.threads.list).toMatchObject({ unreadThreads: 2 });
    state = run(state, { type: 'history/reset', roomId: 'r_purged' });
    expect(Object.keys(state.threads.open)).toEqual(['c']);
    expect(state.threads.list.items.map((i) => i.root.id)).toEqual(['c']);
    expect(state.threads.list.unreadThreads).toBe(1);
  });
});
