import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { provider } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

const PROVIDER = { ...MEMBER, provider: true };

describe('the provider profile’s public booking page (issue 19)', () => {
  it('turns the page on and shows its address once saved', async () => {
    const mine = provider({ id: MEMBER.id, username: 'grace', publicBooking: false });
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(PROVIDER),
      'GET /api/v1/providers/me': { status: 200, body: { provider: mine } },
      'PUT /api/v1/providers/me': (request) => ({
        status: 200,
        body: { provider: { ...mine, ...(request.body as object) } },
      }),
    });
    renderApp('/consultations/profile');
    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('connect'));
    const toggle = await screen.findByRole('switch', { name: 'Public booking page' });
    expect(toggle).toHaveProperty('checked', false);
    const address = `${window.location.origin}/book/grace`;
    expect(screen.queryByText(address)).toBeNull();

    fireEvent.click(toggle);
    // Not saved yet: the address would not work.
    expect(screen.queryByText(address)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText('Your profile is saved.');
    expect(api.calls('PUT /api/v1/providers/me')[0]!.body).toMatchObject({ publicBooking: true });
    await waitFor(() =>
      expect(screen.getByRole('link', { name: address }).getAttribute('href')).toBe(address),
    );
    screen.getByRole('button', { name: 'Copy address' });
  });
});
