import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Message, Reaction } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { BOB, CAROL, GRACE, member, message, room } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { resetCommandsCache } from './useCommands';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
  resetCommandsCache();
  localStorage.clear();
});

const THUMBS = encodeURIComponent('👍');
const PARTY = encodeURIComponent('🎉');
const bobs = (count: number, over: Partial<Reaction> = {}): Reaction => ({
  emoji: '👍',
  count,
  me: false,
  by: [{ id: BOB.id, displayName: BOB.displayName }],
  ...over,
});

const root = message(1, {
  id: 'root',
  author: GRACE,
  text: 'Shall we ship on Friday?',
  thread: { replies: 1, lastReplyAt: '2026-03-02T10:30:00.000Z', participants: [BOB] },
});
const reply = message(2, { id: 'reply1', threadId: 'root', text: 'Friday works for me' });

async function open(path: string, messages: Message[], routes: Parameters<typeof mockApi>[0] = {}) {
  const lastSeq = messages.at(-1)?.seq ?? 0;
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': { status: 200, body: { rooms: [room({ lastSeq, lastReadSeq: lastSeq })] } },
    'GET /api/v1/rooms/r_general/messages': { status: 200, body: { messages, hasMore: false } },
    'GET /api/v1/rooms/r_general/members': { status: 200, body: { members: [member(GRACE), member(BOB)] } },
    'POST /api/v1/rooms/r_general/read': { status: 200, body: { roomId: 'r_general', seq: lastSeq } },
    'GET /api/v1/commands': { status: 200, body: { commands: [] } },
    'GET /api/v1/messages/root/thread': {
      status: 200,
      body: { root, replies: [reply], hasMore: false, following: true },
    },
    'PUT /api/v1/messages/root/thread/read': { status: 204 },
    ...routes,
  });
  const app = renderApp(path);
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  return { api, app, socket };
}

const roomLog = () => screen.getByRole('log', { name: 'Messages in General' });

describe('reactions', () => {
  it('toggles my reaction from its chip and keeps it pressed through the room’s broadcasts', async () => {
    const mine = { ...bobs(2), me: false };
    const { api, socket } = await open('/rooms/r_general', [message(1, { reactions: [mine] })], {
      [`PUT /api/v1/messages/m_r_general_1/reactions/${THUMBS}`]: {
        status: 200,
        body: { message: message(1, { id: 'm_r_general_1', reactions: [bobs(3, { me: true })] }) },
      },
    });
    const chip = await screen.findByRole('button', { name: 'Bob Brown and 1 other reacted with 👍' });
    expect(chip.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(chip);
    const pressed = await screen.findByRole('button', { pressed: true, name: /reacted with 👍/ });
    expect(pressed.textContent).toContain('3');
    expect(api.requests.some((r) => r.method === 'PUT' && r.path.endsWith(`/reactions/${THUMBS}`))).toBe(
      true,
    );

    // Carol reacts too: the room's copy says me: false for everyone, mine stays pressed.
    act(() =>
      socket.serverEmit(
        'message:updated',
        message(1, { id: 'm_r_general_1', reactions: [{ ...bobs(4), by: [] }] }),
      ),
    );
    const after = await screen.findByRole('button', { pressed: true, name: /reacted with 👍/ });
    expect(after.textContent).toContain('4');

    // I take it back on another device.
    act(() =>
      socket.serverEmit('reaction:changed', {
        roomId: 'r_general',
        messageId: 'm_r_general_1',
        emoji: '👍',
        userId: GRACE.id,
        added: false,
      }),
    );
    await screen.findByRole('button', { pressed: false, name: /reacted with 👍/ });
  });

  it('adds a reaction from the picker, found by name and chosen with the keyboard', async () => {
    const { api } = await open('/rooms/r_general', [message(1)], {
      [`PUT /api/v1/messages/m_r_general_1/reactions/${PARTY}`]: {
        status: 200,
        body: {
          message: message(1, {
            id: 'm_r_general_1',
            reactions: [{ emoji: '🎉', count: 1, me: true, by: [{ id: GRACE.id, displayName: 'Grace' }] }],
          }),
        },
      },
    });
    const log = await waitFor(() => roomLog());
    fireEvent.click(within(log).getByRole('button', { name: 'Add reaction' }));
    const picker = await screen.findByRole('dialog', { name: 'Add a reaction' });
    // Quick reactions first, then the whole set.
    within(picker).getByRole('group', { name: 'Frequently used' });
    const search = within(picker).getByRole('searchbox', { name: 'Search emoji' });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'party' } });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(within(picker).getByRole('button', { name: 'Party popper' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(within(picker).getByRole('button', { name: 'Partying face' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.click(document.activeElement!);
    await screen.findByRole('button', { pressed: true, name: 'You reacted with 🎉' });
    expect(screen.queryByRole('dialog', { name: 'Add a reaction' })).toBeNull();
    expect(api.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/api/v1/messages/m_r_general_1/reactions/${PARTY}`,
    ]);
  });

  it('says in the room why a reaction was refused, and Escape closes the picker', async () => {
    await open('/rooms/r_general', [message(1, { reactions: [bobs(1)] })], {
      [`PUT /api/v1/messages/m_r_general_1/reactions/${THUMBS}`]: {
        status: 409,
        body: { error: { code: 'reaction_limit', message: 'At most 20 different reactions per person' } },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /reacted with 👍/ }));
    await screen.findByText('The reaction was not saved: At most 20 different reactions per person');
    const add = within(roomLog()).getAllByRole('button', { name: 'Add reaction' })[0]!;
    fireEvent.click(add);
    const picker = await screen.findByRole('dialog', { name: 'Add a reaction' });
    fireEvent.keyDown(within(picker).getByRole('searchbox'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(add);
  });
});

describe('threads', () => {
  it('keeps replies out of the timeline and shows the root’s summary, which opens the thread', async () => {
    const { app, api } = await open('/rooms/r_general', [root, reply]);
    const log = await waitFor(() => roomLog());
    await within(log).findByText('Shall we ship on Friday?');
    expect(within(log).queryByText('Friday works for me')).toBeNull();
    fireEvent.click(within(log).getByRole('button', { name: /1 reply/ }));
    await waitFor(() => expect(app.location()).toBe('/rooms/r_general/thread/root'));
    const panel = await screen.findByRole('region', { name: 'Thread' });
    await within(panel).findByText('Friday works for me');
    within(panel).getByRole('button', { name: 'Following', pressed: true });
    // The newest reply is on screen: the thread is read up to it.
    await waitFor(() =>
      expect(api.requests.find((r) => r.path === '/api/v1/messages/root/thread/read')?.body).toEqual({
        seq: 2,
      }),
    );
  });

  it('replies in the thread over the socket, and live replies land in the thread only', async () => {
    const { socket } = await open('/rooms/r_general/thread/root', [root, reply]);
    const panel = await screen.findByRole('region', { name: 'Thread' });
    const box = await within(panel).findByRole('textbox', { name: 'Reply in thread' });
    socket.respond('message:send', (payload) => ({
      ok: true,
      data: message(3, {
        author: GRACE,
        threadId: 'root',
        text: 'Then Friday it is',
        clientMsgId: (payload as { clientMsgId: string }).clientMsgId,
      }),
    }));
    fireEvent.change(box, { target: { value: 'Then Friday it is' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await within(panel).findByText('Then Friday it is');
    expect(socket.sent('message:send')[0]).toMatchObject({
      roomId: 'r_general',
      text: 'Then Friday it is',
      threadId: 'root',
    });
    act(() =>
      socket.serverEmit('message:new', message(4, { author: CAROL, threadId: 'root', text: 'Agreed' })),
    );
    await within(panel).findByText('Agreed');
    expect(within(roomLog()).queryByText('Agreed')).toBeNull();
    expect(within(roomLog()).queryByText('Then Friday it is')).toBeNull();
  });

  it('unfollows and follows a thread', async () => {
    const { api } = await open('/rooms/r_general/thread/root', [root, reply], {
      'DELETE /api/v1/messages/root/thread/follow': { status: 204 },
      'PUT /api/v1/messages/root/thread/follow': { status: 204 },
    });
    const panel = await screen.findByRole('region', { name: 'Thread' });
    fireEvent.click(await within(panel).findByRole('button', { name: 'Following' }));
    fireEvent.click(await within(panel).findByRole('button', { name: 'Follow', pressed: false }));
    await within(panel).findByRole('button', { name: 'Following', pressed: true });
    expect(api.requests.filter((r) => r.path.endsWith('/thread/follow')).map((r) => r.method)).toEqual([
      'DELETE',
      'PUT',
    ]);
  });

  it('shows the unread-threads badge live and lists followed threads, unread first', async () => {
    const item = (id: string, text: string, unread: number, lastReplyAt: string) => ({
      root: message(1, {
        id,
        text,
        thread: { replies: 2, lastReplyAt, participants: [BOB] },
      }),
      room: { id: 'r_general', type: 'channel', displayName: 'General' },
      unread,
    });
    const { socket, app } = await open('/threads', [], {
      'GET /api/v1/threads': {
        status: 200,
        body: {
          threads: [
            item('t_new', 'Read one', 0, '2026-03-02T12:00:00.000Z'),
            item('t_old', 'Unread one', 2, '2026-03-02T11:00:00.000Z'),
          ],
          unreadThreads: 1,
        },
      },
    });
    await screen.findByRole('heading', { name: 'Threads', level: 1 });
    const link = screen.getByRole('link', { name: /^Threads/ });
    await waitFor(() => expect(link.textContent).toContain('1 thread with unread replies'));
    const entries = await screen.findAllByRole('link', { name: /one/ });
    expect(entries.map((e) => e.textContent)).toEqual([
      expect.stringContaining('Unread one'),
      expect.stringContaining('Read one'),
    ]);
    expect(entries[0]!.className).toContain('is-unread');
    act(() =>
      socket.serverEmit('thread:updated', {
        roomId: 'r_general',
        rootId: 't_new',
        unread: 1,
        following: true,
        unreadThreads: 2,
      }),
    );
    await waitFor(() => expect(link.textContent).toContain('2 threads with unread replies'));
    fireEvent.click(entries[0]!);
    await waitFor(() => expect(app.location()).toBe('/rooms/r_general/thread/t_old'));
  });
});
