import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, settingsView, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const view = settingsView({ name: 'Acme', registrationOpen: false });

const link = {
  id: 'gl_1',
  url: null,
  expiresAt: '2026-03-03T10:00:00.000Z',
  maxUses: null,
  uses: 2,
  lobby: false,
  roomId: 'r_general',
  callId: 'c_g',
  passcode: false,
  createdAt: '2026-03-02T10:06:00.000Z',
  createdBy: 'u_bob',
  revokedAt: null,
  roomDisplayName: 'General',
  createdByName: 'Bob Brown',
};

function open(routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
    'PATCH /api/v1/admin/settings': (request) => ({
      status: 200,
      body: {
        settings: { ...view, guests: { ...view.guests, ...(request.body as { guests: object }).guests } },
        problems: { jitsi: [] },
      },
    }),
    'GET /api/v1/admin/guest-links': { status: 200, body: { links: [link] } },
    'DELETE /api/v1/guest-links/gl_1': {
      status: 200,
      body: { link: { ...link, revokedAt: link.createdAt } },
    },
    ...routes,
  });
  renderApp('/admin/guests');
  return api;
}

describe('Administration → Guests', () => {
  it('turns guests on for room types, changes the link lifetime, and saves only what changed', async () => {
    const api = open();
    const types = await screen.findByRole('group', { name: 'Guests may join calls in' });
    // None at first.
    for (const box of within(types).getAllByRole('checkbox')) expect(box).toHaveProperty('checked', false);
    screen.getByRole('link', { name: 'Guests' });
    expect(screen.getByLabelText('Guest links work for (minutes)')).toHaveProperty('value', '1440');

    fireEvent.click(within(types).getByLabelText('Teams'));
    fireEvent.click(within(types).getByLabelText('Channels'));
    fireEvent.change(screen.getByLabelText('Guest links work for (minutes)'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save guest settings' }));
    await screen.findByText('Guest settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({
      guests: { callRoomTypes: ['channel', 'team'], linkMinutes: 60 },
    });

    fireEvent.click(screen.getByRole('switch', { name: 'Public booking pages' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save guest settings' }));
    await waitFor(() => expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(2));
    expect(api.calls('PATCH /api/v1/admin/settings')[1]!.body).toEqual({ guests: { publicBooking: true } });
  });

  it('refuses a lifetime out of bounds without sending it', async () => {
    const api = open();
    const field = await screen.findByLabelText('Guest links work for (minutes)');
    fireEvent.change(field, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save guest settings' }));
    await screen.findByText('Use a whole number of minutes from 5 to 43,200 (30 days).');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
  });

  it('lists the active links with where they lead and revokes one', async () => {
    const api = open();
    const list = await screen.findByRole('list', { name: 'Active guest links' });
    expect(list.textContent).toContain('General');
    expect(list.textContent).toContain('by Bob Brown');
    expect(list.textContent).toContain('2 guests joined, no limit');
    expect(list.textContent).toContain('Guests enter directly');
    fireEvent.click(within(list).getByRole('button', { name: 'Revoke the link into General' }));
    await screen.findByText('No active guest links');
    expect(api.calls('DELETE /api/v1/guest-links/gl_1')).toHaveLength(1);
  });

  it('says when a revoke fails, and keeps the link', async () => {
    open({ 'DELETE /api/v1/guest-links/gl_1': apiError(500, 'internal_error', 'Broken') });
    const list = await screen.findByRole('list', { name: 'Active guest links' });
    fireEvent.click(within(list).getByRole('button', { name: 'Revoke the link into General' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The link was not revoked: Broken');
    within(list).getByText('General');
  });
});
