import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RoomNotifications } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { axeViolations } from '../../test/axe';
import { BOB, GRACE, member, message, room } from '../../test/chat';
import { lastSocket, sockets, type FakeSocket } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

const sidebar = () => within(screen.getByRole('complementary', { name: 'Workspace' }));
const generalLink = () => sidebar().getByRole('link', { name: /General/ });

async function openGeneral(
  notifications: RoomNotifications = { level: 'all', muteUntil: null },
  put: Parameters<typeof mockApi>[0][string] = (request) => ({ status: 200, body: request.body }),
) {
  const messages = [message(1)];
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/rooms': {
      status: 200,
      body: { rooms: [room({ lastSeq: 1, lastReadSeq: 1, notifications })] },
    },
    'GET /api/v1/rooms/r_general/messages': { status: 200, body: { messages, hasMore: false } },
    'GET /api/v1/rooms/r_general/members': { status: 200, body: { members: [member(GRACE), member(BOB)] } },
    'POST /api/v1/rooms/r_general/read': { status: 200, body: { roomId: 'r_general', seq: 1 } },
    'GET /api/v1/commands': { status: 200, body: { commands: [] } },
    'PUT /api/v1/rooms/r_general/notifications': put,
  });
  renderApp('/rooms/r_general');
  await screen.findByRole('heading', { name: /General/, level: 1 });
  const socket: FakeSocket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  await screen.findByRole('log');
  return { api, socket };
}

function openDialog(state: string | RegExp) {
  fireEvent.click(screen.getByRole('button', { name: 'Room menu' }));
  fireEvent.click(screen.getByRole('menuitem', { name: state }));
  return screen.findByRole('dialog', { name: 'Notifications for General' });
}

describe('a room’s notifications', () => {
  it('shows the current level in the menu, saves a level with a mute, and quiets the badge', async () => {
    const { api, socket } = await openGeneral();
    const dialog = await openDialog('Notifications: All messages');
    expect(await axeViolations(dialog)).toEqual([]);
    // The current level has the focus, and the choices are radio buttons.
    expect(document.activeElement).toBe(within(dialog).getByRole('radio', { name: /All messages/ }));
    fireEvent.click(within(dialog).getByRole('radio', { name: /Mentions only/ }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'For 1 hour' }));
    const before = Date.now();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const body = api.calls('PUT /api/v1/rooms/r_general/notifications')[0]!.body as RoomNotifications;
    expect(body.level).toBe('mentions');
    const muteMs = Date.parse(body.muteUntil!) - before;
    expect(muteMs).toBeGreaterThan(3_590_000);
    expect(muteMs).toBeLessThan(3_610_000);

    // The list marks the room, and only mentions raise its badge now.
    await waitFor(() => within(generalLink()).getByText('Muted'));
    act(() => socket.serverEmit('message:new', message(2, { author: BOB })));
    expect(generalLink().className).not.toContain('is-unread');
    act(() => socket.serverEmit('message:new', message(3, { author: BOB, mentions: [GRACE.id] })));
    await waitFor(() => expect(generalLink().textContent).toContain('@1'));

    fireEvent.click(screen.getByRole('button', { name: 'Room menu' }));
    screen.getByRole('menuitem', { name: /^Notifications: Muted until/ });
  });

  it('follows a change made on another tab', async () => {
    const { socket } = await openGeneral();
    expect(within(generalLink()).queryByText('Muted')).toBeNull();
    act(() =>
      socket.serverEmit('room:notifications', {
        roomId: 'r_general',
        notifications: { level: 'none', muteUntil: null },
      }),
    );
    await waitFor(() => within(generalLink()).getByText('Muted'));
    fireEvent.click(screen.getByRole('button', { name: 'Room menu' }));
    screen.getByRole('menuitem', { name: 'Notifications: Nothing' });
  });

  it('offers to keep a running mute, and keeps the dialog open with the reason when saving fails', async () => {
    const until = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const { api } = await openGeneral({ level: 'all', muteUntil: until }, () =>
      apiError(429, 'rate_limited', 'Too many changes; try again in a minute'),
    );
    const dialog = await openDialog(/^Notifications: Muted until/);
    const keep = within(dialog).getByRole<HTMLInputElement>('radio', { name: /^Keep muted until/ });
    expect(keep.checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Nothing/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await within(dialog).findByText('Too many changes; try again in a minute');
    expect(api.calls('PUT /api/v1/rooms/r_general/notifications')[0]!.body).toEqual({
      level: 'none',
      muteUntil: until,
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
