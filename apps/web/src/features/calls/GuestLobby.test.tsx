import type { GuestRequest } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../../test/api';
import { call, FakeJitsiApi, joinAnswer, participant } from '../../test/calls';
import { BOB, GRACE, room } from '../../test/chat';
import { sockets } from '../../test/fakeSocket';
import { openGeneralWithCall } from '../../test/openGeneralWithCall';
import { playChime } from './chime';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('./jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

vi.mock('./chime', () => ({ playChime: vi.fn() }));

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
  vi.mocked(playChime).mockClear();
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    if (this.classList.contains('call-slot')) return new DOMRect(264, 120, 600, 560);
    return new DOMRect(0, 0, 0, 0);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const GUEST_USER = {
  id: 'u_guest',
  username: 'guest-1',
  displayName: 'Ada',
  avatarUrl: null,
  role: 'user' as const,
};

const ongoing = call({
  id: 'c_g',
  roomId: 'r_general',
  type: 'group',
  status: 'ongoing',
  createdBy: BOB.id,
  startedAt: '2026-03-02T10:00:00.000Z',
  participants: [
    participant(BOB, 'joined'),
    participant(GRACE, 'joined'),
    participant({ ...GUEST_USER, guest: true }, 'joined', { guest: true }),
  ],
  roomDisplayName: 'General',
});

function request(over: Partial<GuestRequest> = {}): GuestRequest {
  return {
    id: 'g_1',
    callId: 'c_g',
    roomId: 'r_general',
    name: 'Ada',
    status: 'waiting',
    requestedAt: '2026-03-02T10:05:00.000Z',
    decidedBy: null,
    ...over,
  };
}

/** Grace in #general joins Bob's call; `routes` add to (or replace) the call's own answers. */
async function inCall(routes: Parameters<typeof openGeneralWithCall>[0] = {}) {
  const opened = await openGeneralWithCall({
    'GET /api/v1/calls/c_g': { status: 200, body: { call: ongoing } },
    'POST /api/v1/calls/c_g/join': { status: 200, body: joinAnswer(ongoing) },
    'POST /api/v1/calls/c_g/events': { status: 200, body: { call: ongoing } },
    'GET /api/v1/calls/c_g/guests': { status: 200, body: { guests: [] } },
    ...routes,
  });
  fireEvent.click(await within(opened.card).findByRole('button', { name: 'Join' }));
  await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
  const dock = screen.getByRole('region', { name: 'Call: General' });
  return { ...opened, dock };
}

describe('the lobby over the call', () => {
  it('shows a guest who asks to join, chimes once, and lets them in with Admit', async () => {
    const { api, socket, dock } = await inCall({
      'POST /api/v1/calls/c_g/guests/g_1/admit': {
        status: 200,
        body: { guest: request({ status: 'admitted', decidedBy: GRACE.id }) },
      },
    });
    act(() => socket.serverEmit('call:guest', request()));
    const list = await within(dock).findByRole('list', { name: 'Guests waiting to join' });
    expect(list.textContent).toContain('Ada (guest) wants to join');
    expect(playChime).toHaveBeenCalledTimes(1);
    // Announced for screen readers too.
    await waitFor(() => expect(dock.textContent).toContain('Ada (guest) wants to join.'));
    // The same request again (a reconnect, another event) does not chime again.
    act(() => socket.serverEmit('call:guest', request()));
    expect(playChime).toHaveBeenCalledTimes(1);

    const admit = within(list).getByRole('button', { name: 'Admit Ada (guest)' });
    admit.focus();
    expect(document.activeElement).toBe(admit);
    fireEvent.click(admit);
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/guests/g_1/admit')).toHaveLength(1));
    await waitFor(() =>
      expect(within(dock).queryByRole('list', { name: 'Guests waiting to join' })).toBeNull(),
    );
    expect(dock.textContent).toContain('Ada (guest) was let in.');
  });

  it('Deny turns the guest away', async () => {
    const { api, socket, dock } = await inCall({
      'POST /api/v1/calls/c_g/guests/g_1/deny': {
        status: 200,
        body: { guest: request({ status: 'denied', decidedBy: GRACE.id }) },
      },
    });
    act(() => socket.serverEmit('call:guest', request()));
    fireEvent.click(await within(dock).findByRole('button', { name: 'Deny Ada (guest)' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/guests/g_1/deny')).toHaveLength(1));
    await waitFor(() => expect(within(dock).queryByText(/wants to join$/)).toBeNull());
    expect(api.calls('POST /api/v1/calls/c_g/guests/g_1/admit')).toHaveLength(0);
  });

  it('goes away when someone else in the call decided, and ignores other calls’ guests', async () => {
    const { socket, dock } = await inCall();
    act(() => socket.serverEmit('call:guest', request({ id: 'g_other', callId: 'c_other', name: 'Eve' })));
    act(() => socket.serverEmit('call:guest', request()));
    await within(dock).findByRole('button', { name: 'Admit Ada (guest)' });
    expect(within(dock).queryByRole('button', { name: 'Admit Eve (guest)' })).toBeNull();
    act(() => socket.serverEmit('call:guest', request({ status: 'admitted', decidedBy: BOB.id })));
    await waitFor(() =>
      expect(within(dock).queryByRole('list', { name: 'Guests waiting to join' })).toBeNull(),
    );
  });

  it('shows the guests already waiting when the call opens here', async () => {
    const { dock } = await inCall({
      'GET /api/v1/calls/c_g/guests': { status: 200, body: { guests: [request({ name: 'Lin' })] } },
    });
    const list = await within(dock).findByRole('list', { name: 'Guests waiting to join' });
    expect(list.textContent).toContain('Lin (guest) wants to join');
    expect(playChime).toHaveBeenCalledTimes(1);
  });

  it('drops a guest someone else decided on first (the server says so), and says other failures', async () => {
    const { socket, dock } = await inCall({
      'POST /api/v1/calls/c_g/guests/g_1/admit': apiError(409, 'call_ended', 'The call has ended'),
      'POST /api/v1/calls/c_g/guests/g_2/admit': apiError(
        403,
        'forbidden',
        'Only people in the call can let guests in',
      ),
    });
    act(() => socket.serverEmit('call:guest', request()));
    act(() => socket.serverEmit('call:guest', request({ id: 'g_2', name: 'Max' })));
    fireEvent.click(await within(dock).findByRole('button', { name: 'Admit Ada (guest)' }));
    await waitFor(() => expect(within(dock).queryByRole('button', { name: 'Admit Ada (guest)' })).toBeNull());
    fireEvent.click(within(dock).getByRole('button', { name: 'Admit Max (guest)' }));
    const alert = await within(dock).findByRole('alert');
    expect(alert.textContent).toContain('Max (guest): Only people in the call can let guests in');
    within(dock).getByRole('button', { name: 'Admit Max (guest)' });
  });
});

describe('guests among the participants', () => {
  it('are marked "(guest)" in who is in the call', async () => {
    const { dock } = await inCall();
    await waitFor(() =>
      expect(dock.textContent).toContain('In the call: Bob Brown, Grace Hopper and Ada (guest)'),
    );
  });
});

describe('Invite guests', () => {
  const link = {
    id: 'gl_1',
    url: 'http://parley.test/guest/tok123',
    expiresAt: '2026-03-03T10:00:00.000Z',
    maxUses: 3,
    uses: 0,
    lobby: true,
    roomId: 'r_general',
    callId: 'c_g',
    passcode: true,
    createdAt: '2026-03-02T10:06:00.000Z',
    createdBy: GRACE.id,
    revokedAt: null,
  };

  it('is offered to the room’s owners and moderators, not to other members', async () => {
    await inCall();
    expect(screen.queryByRole('button', { name: 'Invite guests' })).toBeNull();
  });

  it('creates a link with lifetime, most guests, passcode and lobby, shows it once with Copy, lists and revokes', async () => {
    let listed = [] as (typeof link)[];
    const { api } = await inCall({
      'GET /api/v1/rooms': {
        status: 200,
        body: { rooms: [room({ lastSeq: 1, lastReadSeq: 1, myRole: 'moderator' })] },
      },
      'GET /api/v1/rooms/r_general/guest-links': () => ({
        status: 200,
        body: { links: listed.map((l) => ({ ...l, url: null })) },
      }),
      'POST /api/v1/calls/c_g/guest-links': () => {
        listed = [link];
        return { status: 201, body: { link } };
      },
      'DELETE /api/v1/guest-links/gl_1': () => {
        listed = [];
        return { status: 200, body: { link: { ...link, url: null, revokedAt: '2026-03-02T10:07:00.000Z' } } };
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invite guests' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite guests to General' });
    await within(dialog).findByText('No active links');

    fireEvent.change(within(dialog).getByLabelText('Link works for'), { target: { value: '60' } });
    fireEvent.change(within(dialog).getByLabelText('Most guests'), { target: { value: 'lots' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await within(dialog).findByText('Use a whole number from 1 to 1000, or leave it empty.');
    expect(api.calls('POST /api/v1/calls/c_g/guest-links')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Most guests'), { target: { value: '3' } });
    fireEvent.change(within(dialog).getByLabelText('Passcode (optional)'), { target: { value: 'tea-time' } });
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Guests wait to be let in' }));
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Guests wait to be let in' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/guest-links')).toHaveLength(1));
    expect(api.calls('POST /api/v1/calls/c_g/guest-links')[0]?.body).toEqual({
      expiresInMinutes: 60,
      maxUses: 3,
      passcode: 'tea-time',
      lobby: true,
    });
    const url = await within(dialog).findByRole('textbox', { name: 'Guest link' });
    expect((url as HTMLInputElement).value).toBe('http://parley.test/guest/tok123');
    within(dialog).getByText('Link created. Copy it now: it is shown only once.');
    within(dialog).getByRole('button', { name: 'Copy link' });

    const links = await within(dialog).findByRole('list', { name: 'Active guest links' });
    expect(links.textContent).toContain('0 guests joined of 3');
    expect(links.textContent).toContain('Passcode');
    expect(links.textContent).toContain('Guests wait to be let in');
    fireEvent.click(within(links).getByRole('button', { name: /^Revoke/ }));
    await waitFor(() => expect(api.calls('DELETE /api/v1/guest-links/gl_1')).toHaveLength(1));
    await within(dialog).findByText('No active links');
  });

  it('says why a link was not made (guests off for the room’s type)', async () => {
    await inCall({
      'GET /api/v1/rooms': {
        status: 200,
        body: { rooms: [room({ lastSeq: 1, lastReadSeq: 1, myRole: 'owner' })] },
      },
      'GET /api/v1/rooms/r_general/guest-links': { status: 200, body: { links: [] } },
      'POST /api/v1/calls/c_g/guest-links': apiError(
        403,
        'guests_disabled',
        'Guests are not allowed in calls of this kind of room',
      ),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invite guests' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite guests to General' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('The link was not created');
    expect(alert.textContent).toContain('Guests are not allowed in calls of this kind of room');
    expect(within(dialog).queryByRole('textbox', { name: 'Guest link' })).toBeNull();
  });
});

describe('Invite guests from the room’s calls', () => {
  it('is offered to owners and moderators in the room’s call history, making the link from its newest call', async () => {
    const { api } = await openGeneralWithCall({
      'GET /api/v1/rooms': {
        status: 200,
        body: { rooms: [room({ lastSeq: 1, lastReadSeq: 1, myRole: 'owner' })] },
      },
      'GET /api/v1/calls/c_g': { status: 200, body: { call: ongoing } },
      'GET /api/v1/rooms/r_general/calls': { status: 200, body: { calls: [ongoing], nextBefore: null } },
      'GET /api/v1/rooms/r_general/guest-links': { status: 200, body: { links: [] } },
      'POST /api/v1/calls/c_g/guest-links': {
        status: 201,
        body: {
          link: {
            id: 'gl_2',
            url: 'http://parley.test/guest/tok456',
            expiresAt: '2026-03-03T10:00:00.000Z',
            maxUses: null,
            uses: 0,
            lobby: false,
            roomId: 'r_general',
            callId: 'c_g',
            passcode: false,
            createdAt: '2026-03-02T10:06:00.000Z',
            createdBy: GRACE.id,
            revokedAt: null,
          },
        },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Calls in this room' }));
    const history = await screen.findByRole('dialog', { name: 'Calls in General' });
    fireEvent.click(await within(history).findByRole('button', { name: 'Invite guests' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite guests to General' });
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Guests wait to be let in' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const url = await within(dialog).findByRole('textbox', { name: 'Guest link' });
    expect((url as HTMLInputElement).value).toBe('http://parley.test/guest/tok456');
    // Blank fields are left to the server's defaults.
    expect(api.calls('POST /api/v1/calls/c_g/guest-links')[0]?.body).toEqual({ lobby: false });
  });

  it('is not offered to other members', async () => {
    await openGeneralWithCall({
      'GET /api/v1/calls/c_g': { status: 200, body: { call: ongoing } },
      'GET /api/v1/rooms/r_general/calls': { status: 200, body: { calls: [ongoing], nextBefore: null } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Calls in this room' }));
    const history = await screen.findByRole('dialog', { name: 'Calls in General' });
    await within(history).findByRole('listitem');
    expect(within(history).queryByRole('button', { name: 'Invite guests' })).toBeNull();
  });
});
