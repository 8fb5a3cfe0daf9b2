import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MEMBER, apiError, instance, mfaState, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';
import { describeUserAgent, relativeTime } from './devices';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

const session = (over: Record<string, unknown>) => ({
  id: 's_1',
  current: false,
  createdAt: '2025-03-01T09:00:00.000Z',
  lastSeenAt: '2025-03-01T09:00:00.000Z',
  userAgent: FIREFOX,
  ip: '203.0.113.9',
  signedInWith: 'password',
  ...over,
});

const IDENTITY = {
  id: 'id_1',
  providerId: 'idp_kc',
  providerName: 'Keycloak',
  email: 'grace@example.org',
  linkedAt: '2025-03-01T09:00:00.000Z',
  lastSignInAt: null,
};

const setup = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/me/mfa': mfaState([]),
    'GET /api/v1/me/sessions': { status: 200, body: { sessions: [] } },
    'GET /api/v1/me/identities': { status: 200, body: { identities: [] } },
    'GET /api/v1/auth/providers': { status: 200, body: { providers: [] } },
    ...routes,
  });

describe('devices', () => {
  it('names browsers and systems from the user agent', () => {
    expect(describeUserAgent(FIREFOX)).toBe('Firefox on Windows');
    expect(describeUserAgent(CHROME_MAC)).toBe('Chrome on macOS');
    expect(describeUserAgent(SAFARI_IPHONE)).toBe('Safari on iOS');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(describeUserAgent(null)).toBe('Unknown device');
  });

  it('says how long ago, from a given now', () => {
    const now = Date.parse('2025-03-10T12:00:00.000Z');
    expect(relativeTime('2025-03-10T11:59:40.000Z', now)).toBe('just now');
    expect(relativeTime('2025-03-10T11:55:00.000Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-03-09T12:00:00.000Z', now)).toBe('yesterday');
    expect(relativeTime('2025-02-24T12:00:00.000Z', now)).toBe('2 weeks ago');
  });
});

describe('Profile → Security: devices', () => {
  it('lists devices with this one marked, and signs another out after confirming', async () => {
    const api = setup({
      'GET /api/v1/me/sessions': {
        status: 200,
        body: {
          sessions: [
            session({ id: 's_other', signedInWith: 'Keycloak' }),
            session({ id: 's_here', current: true, userAgent: CHROME_MAC }),
          ],
        },
      },
      'DELETE /api/v1/me/sessions/s_other': { status: 204 },
    });
    renderApp('/profile/security');
    const list = await screen.findByRole('list', { name: 'Signed-in devices' });
    const [here, other] = within(list).getAllByRole('listitem');
    expect(here!.textContent).toContain('Chrome on macOS');
    expect(here!.textContent).toContain('This device');
    expect(within(here!).queryByRole('button')).toBeNull();
    expect(other!.textContent).toContain('203.0.113.9');
    expect(other!.textContent).toContain('Signed in with Keycloak');
    expect(other!.textContent).toMatch(/Last seen .+ ago/);

    fireEvent.click(within(other!).getByRole('button', { name: 'Sign out Firefox on Windows' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out Firefox on Windows?' });
    expect(api.calls('DELETE /api/v1/me/sessions/s_other')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(api.calls('DELETE /api/v1/me/sessions/s_other')).toHaveLength(1);
  });

  it('shows why signing a device out failed, and a load error with Try again', async () => {
    let fail = true;
    setup({
      'GET /api/v1/me/sessions': () =>
        fail
          ? apiError(500, 'internal_error', 'The server ran into a problem.')
          : { status: 200, body: { sessions: [session({ id: 's_other' })] } },
      'DELETE /api/v1/me/sessions/s_other': apiError(404, 'not_found', 'That device is already signed out.'),
    });
    renderApp('/profile/security');
    await screen.findByText('Your devices couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out Firefox on Windows' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out' }));
    await screen.findByText('That device is already signed out.');
  });
});

describe('Profile → Security: linked accounts', () => {
  it('is not shown when the workspace has no single sign-on', async () => {
    setup({});
    renderApp('/profile/security');
    await screen.findByText('No second factor yet');
    await waitFor(() => expect(screen.queryByText('Loading linked accounts…')).toBeNull());
    expect(screen.queryByRole('heading', { name: 'Linked accounts' })).toBeNull();
  });

  it('links a provider by going where the server says', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    setup({
      'GET /api/v1/auth/providers': {
        status: 200,
        body: { providers: [{ id: 'idp_kc', name: 'Keycloak' }] },
      },
      'POST /api/v1/me/identities/idp_kc/link': {
        status: 200,
        body: { redirectTo: '/api/v1/auth/oidc/idp_kc/start?purpose=link' },
      },
    });
    renderApp('/profile/security');
    await screen.findByText('No linked accounts');
    fireEvent.click(screen.getByRole('button', { name: 'Link Keycloak' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/api/v1/auth/oidc/idp_kc/start?purpose=link'));
  });

  it('refuses to unlink the last way in with the reason', async () => {
    const api = setup({
      'GET /api/v1/auth/providers': {
        status: 200,
        body: { providers: [{ id: 'idp_kc', name: 'Keycloak' }] },
      },
      'GET /api/v1/me/identities': { status: 200, body: { identities: [IDENTITY] } },
      'DELETE /api/v1/me/identities/id_1': apiError(409, 'last_sign_in_method', 'This is your last way in.'),
    });
    renderApp('/profile/security');
    const list = await screen.findByRole('list', { name: 'Linked accounts' });
    expect(list.textContent).toContain('grace@example.org');
    // Already linked: not offered again.
    expect(screen.queryByRole('button', { name: 'Link Keycloak' })).toBeNull();
    fireEvent.click(within(list).getByRole('button', { name: 'Unlink Keycloak' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Unlink' }));
    await screen.findByText(
      'You can’t unlink your last way to sign in. Set a password or add a passkey first.',
    );
    expect(api.calls('DELETE /api/v1/me/identities/id_1')).toHaveLength(1);
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
  });

  it('explains an ?sso_error= after a link flow and can dismiss it', async () => {
    setup({
      'GET /api/v1/auth/providers': {
        status: 200,
        body: { providers: [{ id: 'idp_kc', name: 'Keycloak' }] },
      },
    });
    const { location } = renderApp('/profile/security?sso_error=already_linked');
    await screen.findByText('That account is already linked to another person in Parley.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(location()).toBe('/profile/security'));
    expect(screen.queryByText('That account is already linked to another person in Parley.')).toBeNull();
  });
});
