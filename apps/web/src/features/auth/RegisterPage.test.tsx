import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

describe('RegisterPage', () => {
  it('puts a taken username next to the username field and keeps the form usable', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ registrationOpen: true }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/register': apiError(409, 'username_taken', 'The username "ada" is taken'),
    });
    renderApp('/register');
    await screen.findByRole('heading', { name: 'Create your account' });

    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByLabelText('Display name'), { target: { value: 'Ada' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long enough password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    // Said once, on the field, not again in a form-level alert.
    await screen.findByText(/The username "ada" is taken/);
    expect(screen.getAllByText(/The username "ada" is taken/)).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls('POST /api/v1/auth/register')[0]?.body).toEqual({
      username: 'ada',
      displayName: 'Ada',
      password: 'a long enough password',
    });
    expect(screen.getByRole('button', { name: 'Create account' })).toHaveProperty('disabled', false);
  });

  it('checks fields locally before sending anything', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ registrationOpen: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/register');
    await screen.findByRole('heading', { name: 'Create your account' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByText('Passwords have at least 10 characters');
    expect(api.calls('POST /api/v1/auth/register')).toHaveLength(0);
  });
});
