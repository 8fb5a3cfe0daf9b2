import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { lastSocket, sockets } from '../test/fakeSocket';
import { ADMIN, MEMBER, instance, mockApi, signedInAs } from '../test/api';
import { renderApp } from '../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

describe('signed-in layout', () => {
  it('shows the workspace, the empty room groups and the admin entry for admins', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(ADMIN) });
    renderApp('/');
    const sidebar = await screen.findByRole('complementary', { name: 'Workspace' });
    expect(sidebar.textContent).toContain('Acme Studio');
    for (const group of ['Teams', 'Channels', 'Direct messages', 'Discussions']) {
      await screen.findByRole('heading', { name: group });
    }
    expect(sidebar.textContent).toContain('Message someone directly.');
    screen.getByRole('link', { name: 'Administration' });
    screen.getByRole('link', { name: 'People' });
  });

  it('hides Administration from members and refuses the admin pages', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
    });
    renderApp('/admin/workspace');
    await screen.findByText('Only administrators can open this page');
    expect(screen.queryByRole('link', { name: 'Administration' })).toBeNull();
    expect(api.calls('GET /api/v1/admin/settings')).toHaveLength(0);
  });

  it('reports the live connection state in the header', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(MEMBER) });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Welcome, Grace' });
    // The socket opens in an effect that may run just after the heading appears.
    await waitFor(() => lastSocket());
    const indicator = () => screen.getByTitle(/Live updates/);
    expect(indicator().textContent).toContain('Connecting');
    act(() => lastSocket().serverEmit('connect'));
    expect(indicator().textContent).toContain('Connected');
    act(() => lastSocket().serverEmit('disconnect', 'transport close'));
    expect(indicator().textContent).toContain('Reconnecting');
  });

  it('signs out locally and explains why when the session is revoked', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(MEMBER) });
    const app = renderApp('/people');
    await screen.findByRole('heading', { name: 'People', level: 1 });
    // The socket opens in an effect that may run just after the heading appears.
    const socket = await waitFor(() => lastSocket());

    act(() => socket.serverEmit('session:revoked'));

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(app.location()).toBe('/login?next=%2Fpeople');
    screen.getByText(/this session was ended elsewhere/);
    expect(socket.disconnected).toBe(true);
  });

  it('refreshes my profile when the server says I changed, and ignores other people', async () => {
    let me = MEMBER;
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': () => signedInAs(me),
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Welcome, Grace' });
    // Features subscribe in an effect once the socket exists (before it can have connected).
    await waitFor(() => expect(lastSocket().listeners.get('user:updated')).toHaveLength(1));
    const before = api.calls('GET /api/v1/auth/session').length;

    act(() => lastSocket().serverEmit('user:updated', { ...ADMIN, displayName: 'Someone Else' }));
    me = { ...MEMBER, displayName: 'Grace B. Hopper' };
    act(() => lastSocket().serverEmit('user:updated', { ...MEMBER, displayName: 'Grace B. Hopper' }));

    await waitFor(() =>
      expect(screen.getByRole('link', { name: /Your profile/ }).textContent).toContain('Grace B. Hopper'),
    );
    expect(api.calls('GET /api/v1/auth/session').length).toBe(before + 1);
  });

  it('signs out through the API and returns to the sign-in page', async () => {
    document.cookie = 'parley_csrf=csrf-xyz';
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'POST /api/v1/auth/logout': { status: 204 },
    });
    const app = renderApp('/profile');
    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(app.location()).toBe('/login');
    expect(api.calls('POST /api/v1/auth/logout')[0]?.headers.get('x-csrf-token')).toBe('csrf-xyz');
  });

  it('signed in through an identity provider, also signs out there (RP-initiated logout)', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const endSession = 'https://id.example.org/logout?client_id=parley';
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'POST /api/v1/auth/logout': { status: 200, body: { redirectTo: endSession } },
    });
    renderApp('/profile');
    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith(endSession));
  });
});
