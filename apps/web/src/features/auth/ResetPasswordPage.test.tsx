import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MEMBER, apiError, instance, mockApi, signedInAs, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const openLink = (hash: string) => window.history.replaceState(null, '', `/reset-password${hash}`);

describe('the password-reset page', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('greets the owner, sets the password and signs them in', async () => {
    openLink('#token=tok123');
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-reset/inspect': {
        status: 200,
        body: { username: 'grace', displayName: 'Grace Hopper', expiresAt: '2026-11-24T10:00:00.000Z' },
      },
      'POST /api/v1/auth/password-reset': { status: 200, body: { user: MEMBER, csrfToken: 'csrf' } },
    });
    const app = renderApp('/reset-password');
    await screen.findByText('For Grace Hopper (@grace).');
    // The token is read from the fragment, then removed from the address bar.
    expect(window.location.hash).toBe('');
    expect(api.calls('POST /api/v1/auth/password-reset/inspect')[0]!.body).toEqual({ token: 'tok123' });

    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'a fresh password' } });
    fireEvent.change(screen.getByLabelText('Confirm new password'), {
      target: { value: 'a different one!' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save password and sign in' }));
    await screen.findByText('The two passwords don’t match');
    expect(api.calls('POST /api/v1/auth/password-reset')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Confirm new password'), {
      target: { value: 'a fresh password' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save password and sign in' }));
    await screen.findByRole('heading', { name: 'Welcome, Grace' });
    expect(app.location()).toBe('/');
    expect(api.calls('POST /api/v1/auth/password-reset')[0]!.body).toEqual({
      token: 'tok123',
      newPassword: 'a fresh password',
    });
  });

  it('says clearly when the link is used or expired', async () => {
    openLink('#token=old');
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-reset/inspect': apiError(
        404,
        'not_found',
        'This reset link is invalid, used or expired',
      ),
    });
    renderApp('/reset-password');
    await screen.findByText(/invalid, used or expired\. Ask an administrator for a new one/);
    expect(screen.queryByLabelText('New password')).toBeNull();
  });

  it('offers a new link by e-mail where the server sends mail', async () => {
    openLink('#token=old');
    mockApi({
      'GET /api/v1/instance': instance({ passwordReset: true }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-reset/inspect': apiError(
        404,
        'not_found',
        'This reset link is invalid, used or expired',
      ),
    });
    const app = renderApp('/reset-password');
    await screen.findByText(/invalid, used or expired\. Ask for a new one, or ask an administrator/);

    fireEvent.click(screen.getByRole('link', { name: 'Send me a new link' }));

    await screen.findByLabelText('Username or e-mail address');
    expect(app.location()).toBe('/forgot-password');
  });

  it('warns someone signed in as another person', async () => {
    openLink('#token=tok123');
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, username: 'someone', displayName: 'Someone Else' }),
      'POST /api/v1/auth/password-reset/inspect': {
        status: 200,
        body: { username: 'grace', displayName: 'Grace Hopper', expiresAt: '2026-11-24T10:00:00.000Z' },
      },
    });
    renderApp('/reset-password');
    await screen.findByText(/signed in as @someone/);
  });
});
