import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { BOB, dm, GRACE, message, room } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { IDLE_MS } from './ChatProvider';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

const sidebar = () => within(screen.getByRole('complementary', { name: 'Workspace' }));

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  setVisibility('visible');
  localStorage.clear();
});

async function signedIn(rooms = [room(), dm(BOB)]) {
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': { status: 200, body: { rooms } },
  });
  const app = renderApp('/');
  await screen.findByRole('complementary', { name: 'Workspace' });
  await sidebar().findByRole('link', { name: /General/ });
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  return { app, socket };
}

describe('presence', () => {
  it('asks for the presence of everyone in my direct messages once connected', async () => {
    const { socket } = await signedIn();
    await waitFor(() => expect(socket.sent('presence:get')).not.toHaveLength(0));
    expect(socket.sent('presence:get').at(-1)).toEqual({ userIds: [BOB.id] });
  });

  it('goes away after five minutes without input and comes back online on the next key press', async () => {
    const { socket } = await signedIn();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    fireEvent.keyDown(window, { key: 'a' });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(IDLE_MS + 1_000);
    });
    expect(socket.sent('presence:set')).toEqual([{ status: 'away' }]);
    fireEvent.keyDown(window, { key: 'a' });
    expect(socket.sent('presence:set')).toEqual([{ status: 'away' }, { status: 'online' }]);
  });
});

describe('browser notifications', () => {
  it('are off until asked for, then notify about DMs and mentions only while the tab is hidden', async () => {
    const shown: { title: string; body: string }[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = vi.fn(async () => {
        FakeNotification.permission = 'granted';
        return 'granted' as const;
      });
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body });
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    const { socket } = await signedIn();

    const toggle = screen.getByRole('checkbox', { name: /Desktop notifications/ });
    expect(toggle).toHaveProperty('checked', false);
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveProperty('checked', true));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);

    // Visible tab: nothing.
    act(() => socket.serverEmit('message:new', message(1, { roomId: dm(BOB).id, text: 'visible' })));
    setVisibility('hidden');
    act(() =>
      socket.serverEmit('message:new', message(2, { roomId: dm(BOB).id, text: 'Are you **there**?' })),
    );
    act(() => socket.serverEmit('message:new', message(1, { text: 'not for me' })));
    act(() => socket.serverEmit('message:new', message(2, { text: 'hey @grace', mentions: [GRACE.id] })));
    act(() =>
      socket.serverEmit('message:new', message(3, { roomId: dm(BOB).id, author: GRACE, text: 'mine' })),
    );
    expect(shown).toEqual([
      { title: 'Bob Brown', body: 'Are you there?' },
      { title: 'Bob Brown in General', body: 'hey @grace' },
    ]);

    // The first message of a DM I did not know about yet.
    const carolDm = dm({ ...BOB, id: 'u_carol', displayName: 'Carol Clark' }, { id: 'r_dm_carol' });
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/rooms': { status: 200, body: { rooms: [room(), dm(BOB), carolDm] } },
      'GET /api/v1/rooms/r_dm_carol': { status: 200, body: { room: carolDm } },
    });
    act(() =>
      socket.serverEmit(
        'message:new',
        message(1, {
          roomId: 'r_dm_carol',
          author: { ...BOB, id: 'u_carol', displayName: 'Carol Clark' },
          text: 'Hi!',
        }),
      ),
    );
    await waitFor(() => expect(shown).toHaveLength(3));
    expect(shown[2]).toEqual({ title: 'Carol Clark', body: 'Hi!' });
  });
});

describe('tab title', () => {
  it('counts the conversations with unread messages', async () => {
    const { socket } = await signedIn([room(), dm(BOB)]);
    await waitFor(() => expect(document.title).toBe('Welcome, Grace · Acme Studio'));
    act(() => socket.serverEmit('message:new', message(1)));
    act(() => socket.serverEmit('message:new', message(1, { roomId: dm(BOB).id })));
    await waitFor(() => expect(document.title).toBe('(2) Welcome, Grace · Acme Studio'));
    act(() => socket.serverEmit('read', { roomId: 'r_general', seq: 1 }));
    await waitFor(() => expect(document.title).toBe('(1) Welcome, Grace · Acme Studio'));
  });
});

describe('room list updates', () => {
  it('fetches the room list when added to a room, and drops a room I left elsewhere', async () => {
    const { socket } = await signedIn([room()]);
    const newRoom = room({ id: 'r_new', name: 'new', displayName: 'Newcomers' });
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/rooms': { status: 200, body: { rooms: [room(), newRoom] } },
    });
    act(() => socket.serverEmit('room:updated', newRoom));
    await sidebar().findByRole('link', { name: /Newcomers/ });
    act(() => socket.serverEmit('room:removed', { roomId: 'r_new' }));
    await waitFor(() => expect(sidebar().queryByRole('link', { name: /Newcomers/ })).toBeNull());
    // Not viewing it: no notice needed.
    expect(screen.queryByText(/no longer a member/)).toBeNull();
  });
});
