import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Me, PublicUser } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { call, FakeJitsiApi, joinAnswer, participant } from '../../test/calls';
import { BOB, CAROL, dm, GRACE, message, room } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { resetCommandsCache } from '../chat/useCommands';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('./jitsi', async () => {
  const { FakeJitsiApi } = await import('../../test/calls');
  return { loadJitsiApi: vi.fn(() => Promise.resolve(FakeJitsiApi)) };
});

beforeEach(() => {
  sockets.length = 0;
  FakeJitsiApi.instances.length = 0;
  resetCommandsCache();
});

const groupCall = call({
  id: 'c_g',
  roomId: 'r_general',
  type: 'group',
  status: 'ongoing',
  title: 'Standup',
  createdBy: GRACE.id,
  startedAt: '2026-03-02T10:00:00.000Z',
  participants: [participant(GRACE, 'accepted', { moderator: true }), participant(BOB, 'ringing')],
  roomDisplayName: 'General',
});

const preview = (callees: PublicUser[], over: object = {}) => ({
  status: 200,
  body: { current: null, type: 'group', ringing: true, callees, total: callees.length, ...over },
});

async function inRoom(path: string, routes: Parameters<typeof mockApi>[0] = {}, me: Me = MEMBER) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(me),
    'GET /api/v1/rooms': { status: 200, body: { rooms: [room(), dm(BOB)] } },
    'GET /api/v1/rooms/r_general/messages': { status: 200, body: { messages: [], hasMore: false } },
    'GET /api/v1/rooms/r_dm_u_bob/messages': { status: 200, body: { messages: [], hasMore: false } },
    ...routes,
  });
  const app = renderApp(path);
  await screen.findByRole('heading', { level: 1, name: /General|Bob Brown/ });
  const socket = await waitFor(() => lastSocket());
  socket.respond('presence:get', () => ({ ok: true, data: {} }));
  act(() => socket.serverEmit('connect'));
  return { api, app, socket };
}

describe('starting a call', () => {
  it('shows who will be rung, with names, avatars and "+N more", then starts the call with its title', async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      id: `u_${i}`,
      username: `person${i}`,
      displayName: `Person ${i}`,
      avatarUrl: null,
      role: 'user' as const,
    }));
    const { api } = await inRoom('/rooms/r_general', {
      'GET /api/v1/rooms/r_general/calls/preview': preview(many, { total: 60 }),
      'POST /api/v1/rooms/r_general/calls': { status: 201, body: { call: groupCall } },
      'POST /api/v1/calls/c_g/join': { status: 200, body: joinAnswer(groupCall) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Call General' });
    await within(dialog).findByText('60 will be rung:', { exact: false });
    const list = within(dialog).getByRole('list', { name: 'Who will be called' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(13);
    expect(list.textContent).toContain('Person 0');
    expect(list.textContent).toContain('+48 more');

    fireEvent.change(within(dialog).getByLabelText('Title (optional)'), { target: { value: ' Standup ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start call' }));
    await waitFor(() => expect(api.calls('POST /api/v1/rooms/r_general/calls')).toHaveLength(1));
    // With whether this browser can encrypt (jsdom has no encoded transforms): a call that requires
    // encryption is not started from one that could not join it.
    expect(api.calls('POST /api/v1/rooms/r_general/calls')[0]?.body).toEqual({
      title: 'Standup',
      e2eeSupported: false,
    });
    // A group call opens at once.
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    expect(screen.queryByRole('dialog', { name: 'Call General' })).toBeNull();
    screen.getByRole('region', { name: 'Call: Standup' });
  });

  it('says nobody will be rung in a room above the ringing limit', async () => {
    await inRoom('/rooms/r_general', {
      'GET /api/v1/rooms/r_general/calls/preview': preview([BOB, CAROL], { ringing: false }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Call General' });
    await within(dialog).findByText(/Nobody will be rung/);
    expect(dialog.textContent).toContain('Carol Clark');
  });

  it('offers to join the call already going on in the room', async () => {
    const { api } = await inRoom('/rooms/r_general', {
      'GET /api/v1/rooms/r_general/calls/preview': preview([BOB], {
        current: { ...groupCall, participants: [participant(BOB, 'joined')] },
      }),
      'POST /api/v1/calls/c_g/join': { status: 200, body: joinAnswer(groupCall) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'A call is going on' });
    await within(dialog).findByText(/Bob Brown is in it now/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Join call' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/join')).toHaveLength(1));
    expect(api.calls('POST /api/v1/rooms/r_general/calls')).toHaveLength(0);
  });

  it('tells an admin where to set up video calls when they are not configured', async () => {
    await inRoom(
      '/rooms/r_general',
      {
        'GET /api/v1/rooms/r_general/calls/preview': preview([BOB]),
        'POST /api/v1/rooms/r_general/calls': apiError(409, 'meetings_not_configured', 'Not set up'),
      },
      ADMIN,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Call General' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Start call' }));
    const link = await within(dialog).findByRole('link', { name: 'Administration → Video calls' });
    expect(link.getAttribute('href')).toBe('/admin/video-calls');
  });

  it('says calls are off for this kind of room', async () => {
    await inRoom('/rooms/r_general', {
      'GET /api/v1/rooms/r_general/calls/preview': preview([BOB]),
      'POST /api/v1/rooms/r_general/calls': apiError(
        403,
        'calls_disabled',
        'Calls are turned off in public channels on this workspace',
      ),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Call General' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Start call' }));
    await within(dialog).findByText('Calls are turned off here');
    expect(dialog.textContent).toContain('turned off in public channels');
    expect(within(dialog).queryByRole('link')).toBeNull();
  });

  it('opens the call /jitsi started', async () => {
    const callMessage = message(1, { kind: 'system', author: GRACE, text: 'started a call', callId: 'c_g' });
    const { api } = await inRoom('/rooms/r_general', {
      'GET /api/v1/commands': {
        status: 200,
        body: { commands: [{ name: 'jitsi', usage: '/jitsi [title]', description: 'Start a video call' }] },
      },
      'POST /api/v1/rooms/r_general/commands': {
        status: 200,
        body: { command: 'jitsi', message: callMessage, reply: null, callId: 'c_g' },
      },
      'GET /api/v1/calls/c_g': { status: 200, body: { call: groupCall } },
      'POST /api/v1/calls/c_g/join': { status: 200, body: joinAnswer(groupCall) },
    });
    const composer = screen.getByRole('textbox', { name: /Message/ });
    fireEvent.change(composer, { target: { value: '/jitsi Standup', selectionStart: 14 } });
    fireEvent.keyDown(composer, { key: 'Escape' });
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_g/join')).toHaveLength(1));
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
    // The command's message is the call's card.
    await screen.findByRole('group', { name: 'Call by Grace Hopper' });
  });
});

describe('calling someone directly', () => {
  const calling = call({
    id: 'c_d',
    createdBy: GRACE.id,
    participants: [participant(GRACE, 'accepted', { moderator: true }), participant(BOB, 'ringing')],
  });

  async function startDirect(routes: Parameters<typeof mockApi>[0] = {}) {
    const env = await inRoom('/rooms/r_dm_u_bob', {
      'GET /api/v1/rooms/r_dm_u_bob/calls/preview': preview([BOB], { type: 'direct' }),
      'POST /api/v1/rooms/r_dm_u_bob/calls': { status: 201, body: { call: calling } },
      ...routes,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Call Bob Brown' });
    await within(dialog).findByText('Will be rung:', { exact: false });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start call' }));
    await screen.findByRole('dialog', { name: 'Calling Bob Brown…' });
    return env;
  }

  it('shows "Calling Bob…" and opens the meeting by itself when Bob answers', async () => {
    const answered = {
      ...calling,
      status: 'ongoing' as const,
      startedAt: '2026-03-02T10:00:09.000Z',
      participants: [participant(GRACE, 'accepted'), participant(BOB, 'accepted')],
    };
    const { api, socket } = await startDirect({
      'POST /api/v1/calls/c_d/join': { status: 200, body: joinAnswer(answered) },
    });
    expect(api.calls('POST /api/v1/calls/c_d/join')).toHaveLength(0);
    act(() => socket.serverEmit('call:updated', answered));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/c_d/join')).toHaveLength(1));
    expect(screen.queryByRole('dialog', { name: 'Calling Bob Brown…' })).toBeNull();
    await waitFor(() => expect(FakeJitsiApi.instances).toHaveLength(1));
  });

  it('Cancel stops the ringing on the server', async () => {
    const canceled = { ...calling, status: 'canceled' as const };
    const { api } = await startDirect({
      'POST /api/v1/calls/c_d/cancel': { status: 200, body: { call: canceled } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel call' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Calling/ })).toBeNull());
    expect(api.calls('POST /api/v1/calls/c_d/cancel')).toHaveLength(1);
  });

  it('says so when Bob declines', async () => {
    const { socket } = await startDirect();
    act(() =>
      socket.serverEmit('call:ended', {
        ...calling,
        status: 'declined',
        participants: [participant(GRACE, 'accepted'), participant(BOB, 'declined')],
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Call not answered' });
    expect(dialog.textContent).toContain('Bob Brown declined the call.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Call not answered' })).toBeNull();
  });
});
