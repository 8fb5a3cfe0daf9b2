import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('SetupPage', () => {
  it('sends every route to /setup while the instance has no admin', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ needsSetup: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    const app = renderApp('/login');
    await screen.findByRole('heading', { name: 'Set up Parley' });
    expect(app.location()).toBe('/setup');
  });

  it('validates locally before creating the admin', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ needsSetup: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/setup');
    await screen.findByRole('heading', { name: 'Set up Parley' });

    fill('Username', 'Ada Lovelace');
    fill('Display name', 'Ada');
    fill('Password', 'short');
    fill('Email', 'not-an-email');
    fireEvent.click(screen.getByRole('button', { name: 'Create admin account' }));

    await screen.findByText('Passwords have at least 10 characters');
    screen.getByText(/Use letters, digits, dots, dashes or underscores/);
    screen.getByText('Enter a valid email address');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls('POST /api/v1/setup')).toHaveLength(0);
  });

  it('creates the admin account and lands on the home page, signed in', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ needsSetup: true, workspaceName: 'Parley' }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/setup': { status: 201, body: { user: ADMIN, csrfToken: 'csrf-setup' } },
    });
    const app = renderApp('/setup');
    await screen.findByRole('heading', { name: 'Set up Parley' });

    fill('Workspace name', '  Acme Studio ');
    fill('Username', 'Ada');
    fill('Display name', 'Ada Lovelace');
    fill('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Create admin account' }));

    await screen.findByRole('heading', { name: 'Welcome, Ada' });
    expect(app.location()).toBe('/');
    // Empty optional fields are left out; the schema trims and lowercases like the server.
    expect(api.calls('POST /api/v1/setup')[0]?.body).toEqual({
      username: 'ada',
      displayName: 'Ada Lovelace',
      password: 'correct horse battery',
      workspaceName: 'Acme Studio',
    });
  });

  it('sends people to sign-in when someone else finished setup first', async () => {
    let setupDone = false;
    mockApi({
      'GET /api/v1/instance': () => instance({ needsSetup: !setupDone }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/setup': () => {
        setupDone = true;
        return apiError(409, 'setup_already_done', 'Setup has already been completed.');
      },
    });
    const app = renderApp('/setup');
    await screen.findByRole('heading', { name: 'Set up Parley' });
    fill('Username', 'ada');
    fill('Display name', 'Ada');
    fill('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Create admin account' }));

    await screen.findByRole('heading', { name: 'Sign in' });
    await waitFor(() => expect(app.location()).toBe('/login'));
    // The sign-in page may still be loading its single sign-on buttons (a status of its own).
    expect(screen.getByText(/already been set up/).closest('[role="status"]')).not.toBeNull();
  });
});
