import { startAuthentication } from '@simplewebauthn/browser';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, signedOut } from '../../test/api';
import { renderApp } from '../../test/render';
import { allowPasskeys, ASSERTION, notAllowed, PASSKEY_OPTIONS } from '../../test/webauthn';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

vi.mock('@simplewebauthn/browser', () => ({ startAuthentication: vi.fn() }));

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

describe('LoginPage: other ways in (issue 18)', () => {
  it('links each identity provider to its start route, coming back to where the person was going', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/auth/providers': {
        status: 200,
        body: {
          providers: [
            { id: 'idp_1', name: 'Acme Keycloak' },
            { id: 'idp 2', name: 'Google' },
          ],
        },
      },
    });
    renderApp('/profile');

    const acme = await screen.findByRole('link', { name: 'Sign in with Acme Keycloak' });
    expect(acme.getAttribute('href')).toBe('/api/v1/auth/oidc/idp_1/start?returnTo=%2Fprofile');
    const google = screen.getByRole('link', { name: 'Sign in with Google' });
    expect(google.getAttribute('href')).toBe('/api/v1/auth/oidc/idp%202/start?returnTo=%2Fprofile');
    // The password form is still first, with the providers after an "or".
    screen.getByLabelText('Username');
    screen.getByText('or');
  });

  it('never sends a provider back to another site', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/auth/providers': { status: 200, body: { providers: [{ id: 'idp_1', name: 'Acme' }] } },
    });
    renderApp('/login?next=%2F%2Fevil.example%2Fphish');

    const link = await screen.findByRole('link', { name: 'Sign in with Acme' });
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oidc/idp_1/start?returnTo=%2F');
  });

  it('says when the providers could not be loaded and loads them again on request', async () => {
    let failures = 1;
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/auth/providers': () =>
        failures-- > 0
          ? apiError(503, 'internal_error', 'The server ran into a problem.')
          : { status: 200, body: { providers: [{ id: 'idp_1', name: 'Acme' }] } },
    });
    renderApp('/login');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Single sign-on is not available right now');
    // The password form works meanwhile.
    screen.getByLabelText('Username');

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    await screen.findByRole('link', { name: 'Sign in with Acme' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.calls('GET /api/v1/auth/providers')).toHaveLength(2);
  });

  it.each([
    [
      'email_unverified',
      'Your organisation’s sign-in did not confirm your e-mail address, so it cannot be linked to an existing account.',
    ],
    ['no_account', 'There is no Parley account for you yet'],
    ['provider_unreachable', 'Parley could not reach your organisation’s sign-in service'],
    ['state_invalid', 'started in another browser'],
    ['something_new', 'Signing in through your organisation did not work'],
  ])('explains ?sso_error=%s in a sentence', async (code, sentence) => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedOut });
    renderApp(`/login?sso_error=${code}`);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You are not signed in');
    expect(alert.textContent).toContain(sentence);
  });

  it('has a sentence for every error the callback can send', async () => {
    const { OIDC_ERRORS } = await import('@parley/shared');
    const { ssoErrorMessage } = await import('./ssoErrors');
    const general = ssoErrorMessage('not a code');
    const sentences = OIDC_ERRORS.map((code) => ssoErrorMessage(code));
    for (const sentence of sentences) expect(sentence).not.toBe(general);
    expect(new Set(sentences).size).toBe(OIDC_ERRORS.length);
  });

  it('hides the password form behind “Administrator sign-in” when password sign-in is off', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ passwordSignIn: false }),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/auth/providers': { status: 200, body: { providers: [{ id: 'idp_1', name: 'Acme' }] } },
      'POST /api/v1/auth/login': { status: 200, body: { user: ADMIN, csrfToken: 'csrf-1' } },
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    renderApp('/profile');

    await screen.findByRole('link', { name: 'Sign in with Acme' });
    expect(screen.queryByLabelText('Username')).toBeNull();
    expect(screen.queryByText('or')).toBeNull();
    const toggle = screen.getByRole('button', { name: 'Administrator sign-in' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(toggle);

    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const username = screen.getByLabelText('Username');
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')?.contains(username)).toBe(
      true,
    );
    // The keyboard goes on in the form that opened.
    expect(document.activeElement).toBe(username);
    fillAndSubmit('ada', 'correct horse battery');
    await screen.findByRole('heading', { name: 'Profile', level: 1 });
  });

  it('offers “Forgot password?” only when the server can send reset links', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ passwordReset: true }),
      'GET /api/v1/auth/session': signedOut,
    });
    const app = renderApp('/login');

    fireEvent.click(await screen.findByRole('link', { name: 'Forgot password?' }));

    await screen.findByRole('heading', { name: 'Reset your password' });
    expect(app.location()).toBe('/forgot-password');
  });

  it('has no “Forgot password?” without outgoing mail', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedOut });
    renderApp('/login');
    await screen.findByLabelText('Username');
    expect(screen.queryByRole('link', { name: 'Forgot password?' })).toBeNull();
  });

  it('goes on to the second step, keeping where the person was going, when the password needs a second factor', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/login': { status: 200, body: { mfaRequired: true, methods: ['totp'] } },
    });
    const app = renderApp('/profile');
    await screen.findByRole('heading', { name: 'Sign in' });

    fillAndSubmit('ada', 'correct horse battery');

    await screen.findByRole('heading', { name: 'Confirm it’s you' });
    expect(app.location()).toBe('/login/mfa?next=%2Fprofile');
    // Only the methods the server offered: an app code, no recovery codes left, no passkey.
    screen.getByLabelText('Six-digit code');
    expect(screen.queryByRole('button', { name: 'Use a recovery code instead' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).toBeNull();
    expect(api.calls('POST /api/v1/auth/mfa')).toHaveLength(0);
  });
});

describe('LoginPage: passkeys', () => {
  it('offers no passkey where the browser has no WebAuthn', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedOut });
    renderApp('/login');
    await screen.findByLabelText('Username');
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).toBeNull();
  });

  it('signs in with a passkey: options, the browser’s prompt, then the assertion', async () => {
    allowPasskeys();
    vi.mocked(startAuthentication).mockResolvedValueOnce(ASSERTION as never);
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/passkey/options': { status: 200, body: PASSKEY_OPTIONS },
      'POST /api/v1/auth/passkey': { status: 200, body: { user: ADMIN, csrfToken: 'csrf-1' } },
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    const app = renderApp('/profile');

    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));

    await screen.findByRole('heading', { name: 'Profile', level: 1 });
    expect(app.location()).toBe('/profile');
    expect(vi.mocked(startAuthentication)).toHaveBeenCalledWith({ optionsJSON: PASSKEY_OPTIONS.options });
    expect(api.calls('POST /api/v1/auth/passkey')[0]?.body).toEqual({ assertion: ASSERTION });
  });

  it('says so when the person closes the passkey prompt, and sends nothing', async () => {
    allowPasskeys();
    vi.mocked(startAuthentication).mockRejectedValueOnce(notAllowed());
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/passkey/options': { status: 200, body: PASSKEY_OPTIONS },
    });
    renderApp('/login');

    const button = await screen.findByRole('button', { name: 'Sign in with a passkey' });
    fireEvent.click(button);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No passkey was used');
    expect(api.calls('POST /api/v1/auth/passkey')).toHaveLength(0);
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
  });

  it('shows the server’s refusal of a passkey it does not know', async () => {
    allowPasskeys();
    vi.mocked(startAuthentication).mockResolvedValueOnce(ASSERTION as never);
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/passkey/options': { status: 200, body: PASSKEY_OPTIONS },
      'POST /api/v1/auth/passkey': apiError(
        401,
        'invalid_credentials',
        'That passkey is not registered here.',
      ),
    });
    renderApp('/login');

    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That passkey is not registered here.');
    screen.getByRole('heading', { name: 'Sign in' });
  });
});
