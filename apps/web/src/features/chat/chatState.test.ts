import { describe, expect, it } from 'vitest';
import { BOB, GRACE, message, room } from '../../test/chat';
import {
  chatReducer,
  initialChatState,
  mergeMessages,
  typingSentence,
  type ChatAction,
  type ChatState,
} from './chatState';

const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const withRoom = (over = {}) =>
  run(initialChatState(GRACE.id), {
    type: 'rooms/loaded',
    rooms: [room({ lastSeq: 2, lastReadSeq: 2, ...over })],
  });
const withHistory = (over = {}) =>
  run(withRoom(over), {
    type: 'history/page',
    roomId: 'r_general',
    direction: 'latest',
    messages: [message(1), message(2)],
    hasMore: false,
  });

describe('mergeMessages', () => {
  it('keeps one copy per seq, in order, and never undoes a deletion', () => {
    const deleted = message(2, { text: '', deletedAt: '2026-03-02T12:00:00.000Z' });
    const merged = mergeMessages(
      [message(1), deleted],
      [message(3), message(2), message(1, { text: 'edited', editedAt: '2026-03-02T12:00:00.000Z' })],
    );
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(merged[0]!.text).toBe('edited');
    expect(merged[1]!.deletedAt).not.toBeNull();
  });
});

describe('chatReducer', () => {
  it('counts a new message from someone else as unread, and a mention as a mention', () => {
    const state = run(
      withHistory(),
      { type: 'message/upsert', message: message(3) },
      { type: 'message/upsert', message: message(4, { mentions: [GRACE.id] }) },
    );
    const r = state.rooms.r_general!;
    expect([r.unread, r.mentions, r.lastSeq]).toEqual([2, 1, 4]);
    expect(state.histories.r_general!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('does not count the same message twice (ack and event), my own messages, or system messages', () => {
    const mine = message(3, { author: GRACE, clientMsgId: 'abc' });
    const state = run(
      withHistory(),
      { type: 'message/upsert', message: mine },
      { type: 'message/upsert', message: mine },
      { type: 'message/upsert', message: message(4, { kind: 'system' }) },
      { type: 'message/upsert', message: message(5) },
      { type: 'message/upsert', message: message(5) },
    );
    expect(state.rooms.r_general!.unread).toBe(1);
    expect(state.histories.r_general!.messages).toHaveLength(5);
  });

  it('a thread reply moves the newest seq but leaves the unread count and the room preview alone', () => {
    const root = message(3);
    const state = run(
      withHistory(),
      { type: 'message/upsert', message: root },
      { type: 'message/upsert', message: message(4, { threadId: root.id }) },
    );
    const r = state.rooms.r_general!;
    expect([r.unread, r.lastSeq, r.lastMessage?.id]).toEqual([1, 4, root.id]);
  });

  it('an edit of an old message changes neither counts nor the newest seq', () => {
    const state = run(withHistory(), {
      type: 'message/upsert',
      message: message(1, { text: 'changed', editedAt: 'x' }),
    });
    expect(state.rooms.r_general!.unread).toBe(0);
    expect(state.rooms.r_general!.lastSeq).toBe(2);
    expect(state.histories.r_general!.messages[0]!.text).toBe('changed');
  });

  it('a read event (from another device) clears the badge, or recounts what is still unread', () => {
    let state = run(
      withHistory(),
      { type: 'message/upsert', message: message(3) },
      { type: 'message/upsert', message: message(4, { mentions: [GRACE.id] }) },
    );
    state = chatReducer(state, { type: 'read', roomId: 'r_general', seq: 3 });
    expect([state.rooms.r_general!.unread, state.rooms.r_general!.mentions]).toEqual([1, 1]);
    state = chatReducer(state, { type: 'read', roomId: 'r_general', seq: 4 });
    expect([
      state.rooms.r_general!.unread,
      state.rooms.r_general!.mentions,
      state.rooms.r_general!.lastReadSeq,
    ]).toEqual([0, 0, 4]);
    // An older read never moves the marker back.
    expect(chatReducer(state, { type: 'read', roomId: 'r_general', seq: 1 })).toBe(state);
  });

  it('removes my pending message when the server copy arrives', () => {
    const state = run(
      withHistory(),
      {
        type: 'pending/add',
        pending: {
          clientMsgId: 'c1',
          roomId: 'r_general',
          text: 'hi',
          replyTo: null,
          status: 'sending',
          error: null,
          createdAt: '',
        },
      },
      { type: 'message/upsert', message: message(3, { author: GRACE, clientMsgId: 'c1', text: 'hi' }) },
    );
    expect(state.pending).toEqual([]);
  });

  it('catch-up pages append after what is held; older pages prepend', () => {
    let state = run(withHistory({ lastSeq: 2 }), {
      type: 'history/page',
      roomId: 'r_general',
      direction: 'newer',
      messages: [message(3), message(4)],
      hasMore: false,
    });
    expect(state.histories.r_general!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(state.rooms.r_general!.lastSeq).toBe(4);
    state = chatReducer(state, {
      type: 'history/page',
      roomId: 'r_general',
      direction: 'older',
      messages: [],
      hasMore: false,
    });
    expect(state.histories.r_general!.hasMoreBefore).toBe(false);
  });

  it('forgets everything about a room I was removed from', () => {
    const state = run(
      withHistory(),
      { type: 'typing', roomId: 'r_general', userId: BOB.id, typing: true, now: 0 },
      { type: 'room/removed', roomId: 'r_general' },
    );
    expect(state.rooms).toEqual({});
    expect(state.histories).toEqual({});
    expect(state.typing).toEqual({});
  });

  it('ignores rooms I am not in when they are updated, and adds the ones I was added to', () => {
    const base = initialChatState(GRACE.id);
    expect(chatReducer(base, { type: 'room/upsert', room: room({ myRole: null }) })).toBe(base);
    const added = chatReducer(base, { type: 'room/upsert', room: room({ id: 'r_new', lastSeq: 7 }) });
    expect(added.rooms.r_new).toMatchObject({ unread: 0, lastReadSeq: 7 });
  });

  it('expires typing after five seconds unless refreshed, and never shows me typing', () => {
    let state = run(
      withRoom(),
      { type: 'typing', roomId: 'r_general', userId: BOB.id, typing: true, now: 1_000 },
      { type: 'typing', roomId: 'r_general', userId: GRACE.id, typing: true, now: 1_000 },
    );
    expect(Object.keys(state.typing.r_general!)).toEqual([BOB.id]);
    state = chatReducer(state, { type: 'typing/expire', now: 5_999 });
    expect(state.typing.r_general).toBeDefined();
    state = chatReducer(state, { type: 'typing/expire', now: 6_001 });
    expect(state.typing.r_general).toBeUndefined();
  });
});

describe('typingSentence', () => {
  it('names up to three people', () => {
    expect(typingSentence([])).toBeNull();
    expect(typingSentence(['Bob'])).toBe('Bob is typing…');
    expect(typingSentence(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingSentence(['A', 'B', 'C'])).toBe('A, B and C are typing…');
    expect(typingSentence(['A', 'B', 'C', 'D'])).toBe('Several people are typing…');
  });
});
