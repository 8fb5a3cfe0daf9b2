import { afterEach, describe, expect, it, vi } from 'vitest';
import { MEMBER, mockApi } from '../../test/api';
import { message } from '../../test/chat';
import { ChatActions } from './chatActions';
import { ChatStore } from './chatStore';

afterEach(() => {
  vi.unstubAllGlobals();
});

const MESSAGES = 'GET /api/v1/rooms/r_general/messages';

describe('catching up when the socket connects', () => {
  it('a history still loading when the socket joins catches up once it lands', async () => {
    // The newest page is read before the socket joined the room; message 2 is sent in between.
    let landLatest!: () => void;
    const latestRead = new Promise<void>((resolve) => (landLatest = resolve));
    const api = mockApi({
      [MESSAGES]: async (request) => {
        const after = new URL(request.url, 'http://parley.test').searchParams.get('after');
        if (after === null) {
          await latestRead;
          return { status: 200, body: { messages: [message(1)], hasMore: false } };
        }
        return { status: 200, body: { messages: after === '1' ? [message(2)] : [], hasMore: false } };
      },
    });
    const store = new ChatStore(MEMBER.id);
    const actions = new ChatActions(store);

    const loading = actions.loadLatest('r_general');
    await actions.catchUpHistories();
    landLatest();
    await loading;

    const afters = api
      .calls(MESSAGES)
      .map((r) => new URL(r.url, 'http://parley.test').searchParams.get('after'));
    expect(afters).toEqual([null, '1']);
    expect(store.getState().histories.r_general?.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('a history that loads after the socket connected needs no catch-up', async () => {
    const api = mockApi({
      [MESSAGES]: { status: 200, body: { messages: [message(1)], hasMore: false } },
    });
    const store = new ChatStore(MEMBER.id);
    const actions = new ChatActions(store);

    await actions.catchUpHistories();
    await actions.loadLatest('r_general');
    await actions.loadLatest('r_general');

    expect(api.calls(MESSAGES)).toHaveLength(2);
    expect(store.getState().histories.r_general?.messages.map((m) => m.seq)).toEqual([1]);
  });
});
