import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, mockApi, signedInAs } from '../../test/api';
import { consultation, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { GUEST, guestParty } from '../../test/guests';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

useTimeZone('Europe/Lisbon');

beforeEach(() => {
  sockets.length = 0;
});

const MEMBER_AGAIN = { ...GUEST, username: 'carol.v', guest: false };

async function openAsGuest(path: string, routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(GUEST),
    'GET /api/v1/consultations': {
      status: 200,
      body: { consultations: [consultation({ client: guestParty })] },
    },
    ...routes,
  });
  const view = renderApp(path);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, ...view };
}

describe('the guest frame', () => {
  it('shows a guest only their consultations and a way to create an account', async () => {
    const { location } = await openAsGuest('/');
    await screen.findByRole('heading', { name: 'Your consultations' });
    expect(location()).toBe('/consultations');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['My consultations', 'Create an account']);
    await screen.findByRole('link', { name: 'Bob Brown' });
    // They may cancel; moving it is for their provider (the free times are not theirs to see).
    screen.getByRole('button', { name: /^Cancel/ });
    expect(screen.queryByRole('button', { name: /^Reschedule/ })).toBeNull();
    // Nothing of the workspace: no rooms, people, calls, administration, booking or provider tabs.
    for (const name of ['People', 'Calls', 'Administration', 'Profile', 'Book a session', 'Dashboard']) {
      expect(screen.queryByRole('link', { name })).toBeNull();
    }
    screen.getByText('guest');
  });

  it('sends every other address back to their consultations', async () => {
    for (const path of ['/rooms/r_general', '/people', '/admin/people', '/calls', '/profile']) {
      const { location, unmount } = await openAsGuest(path);
      await screen.findByRole('heading', { name: 'Your consultations' });
      expect(location()).toBe('/consultations');
      unmount();
      sockets.length = 0;
    }
  });

  it('offers a guest with nothing upcoming no booking of their own', async () => {
    await openAsGuest('/consultations', {
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
    });
    await screen.findByText('No upcoming consultations');
    screen.getByText(/Consultations booked for you show up here/);
    expect(screen.queryByRole('link', { name: 'Book a session' })).toBeNull();
  });
});

describe('creating an account from a guest session (/claim)', () => {
  it('claims the account and carries on as a member, on their consultations', async () => {
    let claimed = false;
    const { api, location } = await openAsGuest('/claim', {
      'GET /api/v1/auth/session': () => signedInAs(claimed ? MEMBER_AGAIN : GUEST),
      'POST /api/v1/me/claim': () => {
        claimed = true;
        return { status: 200, body: { user: MEMBER_AGAIN } };
      },
    });
    await screen.findByRole('heading', { name: 'Create an account' });
    // Their e-mail from the link is offered.
    expect(screen.getByLabelText('Email')).toHaveProperty('value', 'carol@example.org');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'carol.v' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(location()).toBe('/consultations'));
    expect(api.calls('POST /api/v1/me/claim')[0]!.body).toEqual({
      username: 'carol.v',
      password: 'a long password',
      email: 'carol@example.org',
    });
    // The member frame now: the workspace's places are there.
    await screen.findByRole('link', { name: 'People' });
    expect(screen.queryByRole('link', { name: 'Create an account' })).toBeNull();
  });

  it('checks the form before sending, and says a taken username on its field', async () => {
    const { api } = await openAsGuest('/claim', {
      'POST /api/v1/me/claim': apiError(409, 'username_taken', 'That username is taken'),
    });
    await screen.findByRole('heading', { name: 'Create an account' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true'));
    expect(api.calls('POST /api/v1/me/claim')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'carol' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByText('That username is taken');
    expect(api.calls('POST /api/v1/me/claim')).toHaveLength(1);
    screen.getByRole('link', { name: 'Create an account' });
  });
});
