import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { call, participant } from '../../test/calls';
import { BOB, CAROL, GRACE } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;

const outgoing = call({
  id: 'c_out',
  roomId: 'r_general',
  type: 'group',
  status: 'ended',
  title: 'Planning',
  createdBy: GRACE.id,
  startedAt: '2026-03-02T10:00:00.000Z',
  endedAt: '2026-03-02T10:25:00.000Z',
  participants: [participant(GRACE, 'left'), participant(BOB, 'left'), participant(CAROL, 'missed')],
  roomDisplayName: 'General',
});
const missed = call({
  id: 'c_missed',
  status: 'missed',
  participants: [participant(BOB, 'accepted'), participant(GRACE, 'missed')],
});

async function openCalls(handler: Parameters<typeof mockApi>[0][string], path = '/calls') {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/me/calls': handler,
    'GET /api/v1/rooms/r_general/calls/preview': {
      status: 200,
      body: { current: null, type: 'group', ringing: true, callees: [BOB, CAROL], total: 2 },
    },
  });
  const app = renderApp(path);
  await screen.findByRole('heading', { name: 'Calls', level: 1 });
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, app };
}

describe('my calls page', () => {
  it('lists my calls with room, direction, time, duration and who joined', async () => {
    await openCalls({ status: 200, body: { calls: [outgoing, missed], nextBefore: null } });
    const list = await screen.findByRole('list', { name: 'All calls' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first!).getByRole('link', { name: 'General' }).getAttribute('href')).toBe(
      '/rooms/r_general',
    );
    expect(first!.textContent).toContain('Planning');
    expect(first!.textContent).toContain('Outgoing');
    expect(first!.textContent).toContain('25 min');
    expect(first!.textContent).toContain('Grace Hopper and Bob Brown joined');
    expect(second!.textContent).toContain('Missed');
    expect(second!.textContent).toContain('Nobody joined');
    within(second!).getByRole('button', { name: /Call back/ });
  });

  it('switches between All, Incoming, Outgoing and Missed (also with the arrow keys)', async () => {
    const { api, app } = await openCalls((request) => ({
      status: 200,
      body: { calls: query(request).get('direction') === 'missed' ? [missed] : [], nextBefore: null },
    }));
    await screen.findByText('No calls yet');
    fireEvent.click(screen.getByRole('tab', { name: 'Missed' }));
    await screen.findByRole('list', { name: 'Missed calls' });
    expect(app.location()).toBe('/calls?tab=missed');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Missed' }), { key: 'ArrowLeft' });
    await screen.findByText('No outgoing calls');
    expect(screen.getByRole('tab', { name: 'Outgoing' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Outgoing' }));
    const directions = api.calls('GET /api/v1/me/calls').map((r) => query(r).get('direction'));
    expect(directions).toEqual(['all', 'missed', 'outgoing']);
  });

  it('loads more with nextBefore', async () => {
    const { api } = await openCalls((request) =>
      query(request).get('before') === 'c_out'
        ? { status: 200, body: { calls: [missed], nextBefore: null } }
        : { status: 200, body: { calls: [outgoing], nextBefore: 'c_out' } },
    );
    const list = await screen.findByRole('list', { name: 'All calls' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(query(api.calls('GET /api/v1/me/calls')[1]!).get('before')).toBe('c_out');
  });

  it('says when the calls could not be loaded, and tries again', async () => {
    let fail = true;
    await openCalls(() =>
      fail
        ? apiError(500, 'internal_error', 'The server ran into a problem.')
        : { status: 200, body: { calls: [missed], nextBefore: null } },
    );
    await screen.findByText('Your calls could not be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('list', { name: 'All calls' });
  });

  it('Call back asks who to ring first', async () => {
    await openCalls({ status: 200, body: { calls: [outgoing], nextBefore: null } });
    fireEvent.click(await screen.findByRole('button', { name: /Call back/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Call General' });
    await within(dialog).findByText('Carol Clark');
  });
});
