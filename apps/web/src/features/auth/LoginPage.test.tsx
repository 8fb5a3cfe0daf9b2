import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('shows the server’s message when the credentials are wrong', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/login': apiError(
        401,
        'invalid_credentials',
        'That username and password don’t match.',
      ),
    });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in' });

    fillAndSubmit('ada', 'wrong password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That username and password don’t match.');
    expect(api.calls('POST /api/v1/auth/login')[0]?.body).toEqual({
      username: 'ada',
      password: 'wrong password',
    });
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });

  it('puts field errors from a 400 answer next to their fields', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/login': apiError(400, 'validation_failed', 'Some fields need attention.', [
        { path: 'username', message: 'Usernames have at most 64 characters' },
      ]),
    });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in' });

    fillAndSubmit('ada', 'correct horse battery');

    const username = screen.getByLabelText('Username');
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = username.getAttribute('aria-describedby') ?? '';
    const errorText = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(errorText).toContain('Usernames have at most 64 characters');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Some fields need attention.');
    expect(document.activeElement).toBe(username);
  });

  it('checks empty fields locally without calling the server', async () => {
    const api = mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedOut });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in' });

    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByText('Enter your username');
    screen.getByText('Enter your password');
    expect(api.calls('POST /api/v1/auth/login')).toHaveLength(0);
  });

  it('signs in and follows ?next to the page that was asked for', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/login': { status: 200, body: { user: ADMIN, csrfToken: 'csrf-1' } },
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    const app = renderApp('/profile');
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(app.location()).toBe('/login?next=%2Fprofile');

    fillAndSubmit('ada', 'correct horse battery');

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(app.location()).toBe('/profile');
    screen.getByRole('button', { name: 'Sign out' });
  });

  it('offers registration only when the admin opened it', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ registrationOpen: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/login');
    await screen.findByRole('link', { name: 'Create an account' });
  });

  it('does not offer registration when it is closed', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ registrationOpen: false }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.queryByRole('link', { name: 'Create an account' })).toBeNull();
    screen.getByText(/Ask an administrator of Acme Studio/);
  });
});
