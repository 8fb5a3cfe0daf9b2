import { fireEvent, screen, within } from '@testing-library/react';
import type { Call, CallParticipant, PublicUser } from '@parley/shared';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const person = (id: string, username: string, displayName: string): PublicUser => ({
  id,
  username,
  displayName,
  avatarUrl: null,
  role: 'user',
});
const alice = person('u_alice', 'alice', 'Alice Liddell');
const bob = person('u_bob', 'bob', 'Bob Builder');
const carol = person('u_carol', 'carol', 'Carol Danvers');

const part = (user: PublicUser, over: Partial<CallParticipant> = {}): CallParticipant => ({
  user,
  state: 'left',
  joinedAt: '2026-03-02T10:00:05.000Z',
  leftAt: '2026-03-02T10:12:09.000Z',
  moderator: false,
  ...over,
});

function call(over: Partial<Call> & { id: string }): Call {
  return {
    roomId: 'r_design',
    roomDisplayName: 'design',
    type: 'group',
    status: 'ended',
    title: '',
    createdBy: alice.id,
    createdAt: '2026-03-02T10:00:00.000Z',
    startedAt: '2026-03-02T10:00:00.000Z',
    endedAt: '2026-03-02T11:05:00.000Z',
    endReason: 'empty',
    roomName: 'parleyxyz',
    ringing: false,
    ringUntil: null,
    participants: [
      part(alice, { moderator: true }),
      part(bob),
      part(carol, { state: 'invited', joinedAt: null, leftAt: null }),
    ],
    ...over,
  };
}

const first = [
  call({
    id: 'c1',
    title: 'Weekly sync',
    participants: [
      part(alice, { moderator: true }),
      part(bob),
      part(carol, { state: 'invited', joinedAt: null, leftAt: null }),
      // A guest let in through a guest link (issue 19).
      part({ ...person('u_guest', 'guest-7f3a', 'Lin'), guest: true }, { guest: true }),
    ],
  }),
  call({
    id: 'c2',
    roomId: 'r_dm',
    roomDisplayName: 'Bob Builder',
    type: 'direct',
    status: 'missed',
    startedAt: null,
    endedAt: '2026-03-01T09:00:30.000Z',
    createdAt: '2026-03-01T09:00:00.000Z',
    participants: [
      part(alice, { joinedAt: null, leftAt: null }),
      part(bob, { state: 'missed', joinedAt: null, leftAt: null }),
    ],
  }),
];
const second = [
  call({
    id: 'c3',
    createdAt: '2026-02-01T10:00:00.000Z',
    startedAt: '2026-02-01T10:00:00.000Z',
    endedAt: '2026-02-01T10:04:12.000Z',
  }),
];

const query = (request: RecordedRequest) =>
  Object.fromEntries(new URL(request.url, 'http://parley.test').searchParams);

function setup(handler: Parameters<typeof mockApi>[0][string]) {
  return mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/calls': handler,
    'GET /api/v1/users': { status: 200, body: { users: [bob] } },
  });
}

describe('Administration › Call log', () => {
  it('lists calls with status, duration and who joined, and loads more', async () => {
    const api = setup((request) =>
      query(request).before === 'cursor-2'
        ? { status: 200, body: { calls: second, nextBefore: null } }
        : { status: 200, body: { calls: first, nextBefore: 'cursor-2' } },
    );
    renderApp('/admin/call-log');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const sync = rows[1]!;
    expect(sync.textContent).toContain('Weekly sync');
    within(sync).getByText('Ended');
    within(sync).getByText('1 h 05 min');
    within(sync).getByRole('button', { name: 'Bob Builder: show only their calls' });
    within(sync).getByRole('button', { name: 'Lin (guest): show only their calls' });
    within(sync).getByText('3 of 4');
    const missed = rows[2]!;
    within(missed).getByText('Missed');
    within(missed).getByText('Nobody');
    within(missed).getByText('Direct call');
    expect(query(api.calls('GET /api/v1/admin/calls')[0]!)).toEqual({ limit: '30' });

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('4 min 12 s');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(query(api.calls('GET /api/v1/admin/calls')[1]!)).toEqual({ before: 'cursor-2', limit: '30' });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    screen.getByText('3 calls, the end of the log.');
  });

  it('filters by status, dates, room and person, and exports the same filters as CSV', async () => {
    const api = setup({ status: 200, body: { calls: first, nextBefore: null } });
    renderApp('/admin/call-log');
    await screen.findByRole('table');
    const filters = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(filters).getByLabelText('Status'), { target: { value: 'missed' } });
    fireEvent.change(within(filters).getByLabelText('From'), { target: { value: '2026-03-01' } });
    fireEvent.change(within(filters).getByLabelText('To'), { target: { value: '2026-03-31' } });
    fireEvent.change(within(filters).getByLabelText('Person'), { target: { value: 'u_pasted-id' } });
    fireEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    await screen.findByRole('table');
    expect(query(api.calls('GET /api/v1/admin/calls')[1]!)).toEqual({
      status: 'missed',
      from: '2026-03-01',
      to: '2026-03-31',
      userId: 'u_pasted-id',
      limit: '30',
    });
    const csv = screen.getByRole('link', { name: 'Export CSV with these filters' });
    expect(csv.getAttribute('href')).toBe(
      '/api/v1/admin/calls?userId=u_pasted-id&status=missed&from=2026-03-01&to=2026-03-31&format=csv',
    );

    // Picking a room in the table filters by its id; a known name in the Person field resolves too.
    fireEvent.click(screen.getAllByRole('button', { name: 'Bob Builder: show only this room’s calls' })[0]!);
    expect(query(api.calls('GET /api/v1/admin/calls')[2]!)).toMatchObject({
      roomId: 'r_dm',
      userId: 'u_pasted-id',
    });
    fireEvent.change(within(filters).getByLabelText('Person'), { target: { value: '@Alice' } });
    fireEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(query(api.calls('GET /api/v1/admin/calls')[3]!)).toMatchObject({
      roomId: 'r_dm',
      userId: 'u_alice',
    });

    // Text that is neither a known name nor an id is refused before asking.
    fireEvent.change(within(filters).getByLabelText('Room'), { target: { value: 'no such room!' } });
    fireEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    await screen.findByText('Pick a room from the list or the table, or paste a room id.');
    expect(api.calls('GET /api/v1/admin/calls')).toHaveLength(4);

    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/v1/admin/calls?format=csv',
    );
  });

  it('says when there are no calls, and offers a retry after an error', async () => {
    let fail = true;
    setup(() =>
      fail
        ? apiError(500, 'internal_error', 'The server ran into a problem.')
        : { status: 200, body: { calls: [], nextBefore: null } },
    );
    renderApp('/admin/call-log');
    await screen.findByText('The call log couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('No calls yet');
  });
});
