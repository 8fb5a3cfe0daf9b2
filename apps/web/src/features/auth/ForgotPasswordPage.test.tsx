import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';

const ACCEPTED = { status: 202 };

function ask(value: string) {
  fireEvent.change(screen.getByLabelText('Username or e-mail address'), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
}

describe('ForgotPasswordPage', () => {
  it('asks for a link and then says the same thing whether or not an account matches', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ passwordReset: true }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-forgot': ACCEPTED,
    });
    renderApp('/forgot-password');
    const field = await screen.findByLabelText('Username or e-mail address');
    expect(document.activeElement).toBe(field);

    ask('  ada@example.org ');

    const done = await screen.findByRole('status');
    expect(done.textContent).toContain('If an account matches, we’ve sent a link to its e-mail address');
    expect(done.textContent).toContain('it works for an hour');
    expect(screen.queryByLabelText('Username or e-mail address')).toBeNull();
    expect(api.calls('POST /api/v1/auth/password-forgot')[0]?.body).toEqual({
      usernameOrEmail: 'ada@example.org',
    });
    screen.getByRole('link', { name: 'Back to sign in' });
  });

  it('needs something to look for before asking the server', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ passwordReset: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/forgot-password');
    await screen.findByLabelText('Username or e-mail address');

    ask('   ');

    await screen.findByText('Enter your username or e-mail address');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText('Username or e-mail address')),
    );
    expect(api.calls('POST /api/v1/auth/password-forgot')).toHaveLength(0);
  });

  it('says to wait after too many requests, and keeps the form', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ passwordReset: true }),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-forgot': apiError(
        429,
        'rate_limited',
        'Too many attempts; try again in 60 s',
      ),
    });
    renderApp('/forgot-password');
    await screen.findByLabelText('Username or e-mail address');

    ask('ada');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many attempts; try again in 60 s');
    screen.getByRole('button', { name: 'Send reset link' });
  });

  it('sends people to an administrator where the server sends no e-mail', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance({ passwordReset: false }),
      'GET /api/v1/auth/session': signedOut,
    });
    renderApp('/forgot-password');
    await screen.findByRole('heading', { name: 'Reset your password' });

    const notice = screen.getByRole('status');
    expect(notice.textContent).toContain('Ask an administrator of Acme Studio for a reset link.');
    expect(screen.queryByLabelText('Username or e-mail address')).toBeNull();
    expect(api.calls('POST /api/v1/auth/password-forgot')).toHaveLength(0);
  });
});
