import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, signedOut } from '../../test/api';
import { consultation, slotAt, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { GUEST, guestParty } from '../../test/guests';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

useTimeZone('America/New_York');

beforeEach(() => {
  sockets.length = 0;
});

const TOKEN = 'tok_abc123';
const ID = '0190b7a2-0000-7000-8000-000000000001';
// 15:00–15:50 UTC: 10:00–10:50 in New York (EST) on 2027-01-12.
const visit = {
  workspace: 'Acme Studio',
  guestName: 'Carol Visitor',
  purpose: 'client',
  consultationId: ID,
  providerName: 'Bob Brown',
  start: '2027-01-12T15:00:00.000Z',
  end: '2027-01-12T15:50:00.000Z',
  status: 'held',
};
const session = { user: GUEST, csrfToken: 'csrf-guest' };

describe('a personal link (/visit/:token)', () => {
  it('says whose consultation and when in my zone, then signs me in as the guest and opens it', async () => {
    const proposed = consultation(
      { id: ID, status: 'held', bookedBy: 'provider', client: guestParty, roomId: null },
      slotAt(5, 10),
    );
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      [`GET /api/v1/visit/${TOKEN}`]: { status: 200, body: visit },
      [`POST /api/v1/visit/${TOKEN}/session`]: { status: 200, body: session },
      [`GET /api/v1/consultations/${ID}`]: { status: 200, body: { consultation: proposed } },
    });
    const { location } = renderApp(`/visit/${TOKEN}`);
    await screen.findByRole('heading', { name: 'Hello, Carol Visitor' });
    screen.getByText('Your consultation with Bob Brown.');
    // The visitor's own zone (New York), not the server's or the provider's.
    expect(screen.getByText(/10:00/).closest('dd')?.textContent).toContain('New York');
    fireEvent.click(screen.getByRole('button', { name: 'Open the consultation' }));

    await waitFor(() => expect(location()).toBe(`/consultations/${ID}`));
    act(() => lastSocket()?.serverEmit('connect'));
    await screen.findByRole('heading', { name: 'Consultation with Bob Brown' });
    // The guest frame: their consultations and an account, nothing of the workspace.
    screen.getByRole('link', { name: 'My consultations' });
    screen.getByRole('link', { name: 'Create an account' });
    expect(screen.queryByRole('link', { name: 'People' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Calls' })).toBeNull();
    screen.getByRole('button', { name: 'Accept' });
    expect(api.calls(`POST /api/v1/visit/${TOKEN}/session`)).toHaveLength(1);
    expect(api.calls('GET /api/v1/rooms/r_consult_1/messages')).toHaveLength(0);
  });

  it('asks someone signed in with an account first, then continues as the guest', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      [`GET /api/v1/visit/${TOKEN}`]: { status: 200, body: visit },
      [`POST /api/v1/visit/${TOKEN}/session`]: { status: 200, body: session },
      [`GET /api/v1/consultations/${ID}`]: apiError(404, 'not_found', 'Not found'),
    });
    const { location } = renderApp(`/visit/${TOKEN}`);
    await screen.findByText('You are signed in as Grace Hopper');
    screen.getByText('Continue as Carol Visitor? This signs you out here.');
    screen.getByRole('link', { name: 'Stay signed in as Grace Hopper' });
    fireEvent.click(screen.getByRole('button', { name: 'Continue as Carol Visitor' }));
    await waitFor(() => expect(location()).toBe(`/consultations/${ID}`));
    // The server signs the account's session out as it starts the guest's (one browser, one session).
    expect(api.calls(`POST /api/v1/visit/${TOKEN}/session`)).toHaveLength(1);
    await screen.findByRole('link', { name: 'Create an account' });
    expect(screen.queryByRole('link', { name: 'People' })).toBeNull();
  });

  it('has a clear page for an expired link and for one that does not work', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      [`GET /api/v1/visit/${TOKEN}`]: apiError(410, 'guest_link_expired', 'This link has expired'),
      'GET /api/v1/visit/nope': apiError(404, 'guest_link_invalid', 'This link is not valid'),
    });
    const first = renderApp(`/visit/${TOKEN}`);
    await screen.findByRole('heading', { name: 'This link has expired' });
    screen.getByText(/Ask the person who invited you to send you a new one/);
    first.unmount();
    renderApp('/visit/nope');
    await screen.findByRole('heading', { name: 'This link doesn’t work' });
    expect(screen.queryByRole('button', { name: 'Open the consultation' })).toBeNull();
  });

  it('says what went wrong when the session cannot start, and lets me try again', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      [`GET /api/v1/visit/${TOKEN}`]: { status: 200, body: { ...visit, status: 'scheduled' } },
      [`POST /api/v1/visit/${TOKEN}/session`]: apiError(429, 'rate_limited', 'Too many attempts.'),
    });
    const { location } = renderApp(`/visit/${TOKEN}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Open the consultation' }));
    await screen.findByText('Too many attempts.');
    expect(location()).toBe(`/visit/${TOKEN}`);
    expect(screen.getByRole('button', { name: 'Open the consultation' })).toHaveProperty('disabled', false);
    expect(api.calls(`POST /api/v1/visit/${TOKEN}/session`)).toHaveLength(1);
  });
});
