import { startAuthentication } from '@simplewebauthn/browser';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';
import { allowPasskeys, ASSERTION, notAllowed, PASSKEY_OPTIONS } from '../../test/webauthn';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('@simplewebauthn/browser', () => ({ startAuthentication: vi.fn() }));

const SIGNED_IN = { status: 200, body: { user: ADMIN, csrfToken: 'csrf-1' } };

type Handlers = Parameters<typeof mockApi>[0];

/** Signs in with a password that needs a second factor of `methods`, from /profile; lands on /login/mfa. */
async function passwordThen(methods: string[], routes: Handlers) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedOut,
    'POST /api/v1/auth/login': { status: 200, body: { mfaRequired: true, methods } },
    'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    ...routes,
  });
  const app = renderApp('/profile');
  await screen.findByRole('heading', { name: 'Sign in' });
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ada' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { name: 'Confirm it’s you' });
  return { api, app };
}

function enterCode(label: string, code: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
}

describe('MfaPage', () => {
  it('takes the six digits from the authenticator app and goes where the person was going', async () => {
    const { api, app } = await passwordThen(['totp', 'recovery'], { 'POST /api/v1/auth/mfa': SIGNED_IN });

    const field = screen.getByLabelText('Six-digit code');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(document.activeElement).toBe(field);
    enterCode('Six-digit code', '123 456');

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(app.location()).toBe('/profile');
    expect(api.calls('POST /api/v1/auth/mfa')[0]?.body).toEqual({ code: '123456' });
  });

  it('checks the code’s shape before asking the server', async () => {
    const { api } = await passwordThen(['totp'], {});

    enterCode('Six-digit code', '12345');

    await screen.findByText('Enter the six digits from your app');
    expect(screen.getByLabelText('Six-digit code').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls('POST /api/v1/auth/mfa')).toHaveLength(0);
  });

  it('shows why a wrong code was refused and lets the person try again', async () => {
    const answers = [
      apiError(401, 'mfa_code_invalid', 'That code or passkey did not work; try again'),
      SIGNED_IN,
    ];
    await passwordThen(['totp'], { 'POST /api/v1/auth/mfa': () => answers.shift()! });

    enterCode('Six-digit code', '000000');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That code or passkey did not work; try again');
    expect(screen.getByRole('button', { name: 'Verify' })).toHaveProperty('disabled', false);

    enterCode('Six-digit code', '654321');
    await screen.findByRole('heading', { name: 'Profile', level: 1 });
  });

  it('says to wait when there were too many attempts', async () => {
    await passwordThen(['totp'], {
      'POST /api/v1/auth/mfa': apiError(429, 'rate_limited', 'Too many attempts; try again in 60 s'),
    });

    enterCode('Six-digit code', '123456');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many attempts; try again in 60 s');
    screen.getByRole('heading', { name: 'Confirm it’s you' });
  });

  it('sends an expired sign-in back to the password, saying why and keeping the way back', async () => {
    const { app } = await passwordThen(['totp'], {
      'POST /api/v1/auth/mfa': apiError(
        401,
        'mfa_sign_in_expired',
        'This sign-in has expired; sign in again',
      ),
    });

    enterCode('Six-digit code', '123456');

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(app.location()).toBe('/login?next=%2Fprofile');
    screen.getByText(/^Your sign-in took too long or was ended/);
    // The password form, ready for the person to start again.
    screen.getByLabelText('Username');
  });

  it('switches to a recovery code and back with the keyboard focus in the new field', async () => {
    const { api } = await passwordThen(['totp', 'recovery'], { 'POST /api/v1/auth/mfa': SIGNED_IN });

    fireEvent.change(screen.getByLabelText('Six-digit code'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));

    const recovery = screen.getByLabelText('Recovery code');
    expect(document.activeElement).toBe(recovery);
    expect((recovery as HTMLInputElement).value).toBe('');
    expect(screen.queryByLabelText('Six-digit code')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Use your authenticator app instead' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Six-digit code'));

    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    enterCode('Recovery code', ' abcde-12345 ');

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(api.calls('POST /api/v1/auth/mfa')[0]?.body).toEqual({ code: 'abcde-12345' });
  });

  it('asks for a recovery code at once when that is the only way left', async () => {
    await passwordThen(['recovery'], {});
    screen.getByLabelText('Recovery code');
    expect(screen.queryByRole('button', { name: 'Use your authenticator app instead' })).toBeNull();
  });

  it('finishes with a passkey: the pending sign-in’s options, the prompt, the assertion', async () => {
    allowPasskeys();
    vi.mocked(startAuthentication).mockResolvedValueOnce(ASSERTION as never);
    const { api, app } = await passwordThen(['totp', 'passkey'], {
      'POST /api/v1/auth/mfa/options': { status: 200, body: PASSKEY_OPTIONS },
      'POST /api/v1/auth/mfa': SIGNED_IN,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Use a passkey' }));

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(app.location()).toBe('/profile');
    expect(api.calls('POST /api/v1/auth/mfa')[0]?.body).toEqual({ assertion: ASSERTION });
  });

  it('puts the passkey first when there is no authenticator app, with a recovery code as the way out', async () => {
    allowPasskeys();
    const { api } = await passwordThen(['passkey', 'recovery'], { 'POST /api/v1/auth/mfa': SIGNED_IN });
    expect(screen.queryByLabelText('Recovery code')).toBeNull();
    expect(screen.getByRole('button', { name: 'Use a passkey' }).className).toContain('btn-primary');

    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));

    const recovery = screen.getByLabelText('Recovery code');
    expect(document.activeElement).toBe(recovery);
    expect(screen.queryByRole('button', { name: 'Use a recovery code instead' })).toBeNull();
    screen.getByRole('button', { name: 'Use a passkey' });
    enterCode('Recovery code', 'abcde-12345');
    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(api.calls('POST /api/v1/auth/mfa')[0]?.body).toEqual({ code: 'abcde-12345' });
  });

  it('keeps the page when the passkey prompt was closed', async () => {
    allowPasskeys();
    vi.mocked(startAuthentication).mockRejectedValueOnce(notAllowed());
    const { api } = await passwordThen(['passkey'], {
      'POST /api/v1/auth/mfa/options': { status: 200, body: PASSKEY_OPTIONS },
    });
    // A passkey is the only way: no code field.
    expect(screen.queryByLabelText('Six-digit code')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Use a passkey' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No passkey was used');
    expect(api.calls('POST /api/v1/auth/mfa')).toHaveLength(0);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Use a passkey' })).toHaveProperty('disabled', false),
    );
  });

  it('explains what to do when the only factor is a passkey and this browser has none', async () => {
    await passwordThen(['passkey'], {});
    const notice = screen.getByRole('status');
    expect(notice.textContent).toContain('This browser cannot use passkeys');
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).toBeNull();
  });

  it('is where a single sign-on lands that still needs Parley’s second factor, offering every way', async () => {
    allowPasskeys();
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/mfa': SIGNED_IN,
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    const app = renderApp('/login/mfa?returnTo=%2Fprofile');

    await screen.findByLabelText('Six-digit code');
    screen.getByRole('button', { name: 'Use a recovery code instead' });
    screen.getByRole('button', { name: 'Use a passkey' });
    enterCode('Six-digit code', '123456');

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(app.location()).toBe('/profile');
    expect(api.calls('POST /api/v1/auth/mfa')).toHaveLength(1);
  });
});
