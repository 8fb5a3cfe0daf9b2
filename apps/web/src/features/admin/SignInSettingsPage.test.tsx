import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  MEMBER,
  afterStepUp,
  apiError,
  instance,
  mockApi,
  settingsView,
  signedInAs,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const VIEW = settingsView({ name: 'Acme', registrationOpen: false });
const OTHER_ADMIN = { ...MEMBER, id: 'u_root', username: 'root', displayName: 'Root Admin', role: 'admin' };

const PROVIDER = {
  id: 'idp_kc',
  name: 'Keycloak',
  issuer: 'https://login.example.org/realms/staff',
  clientId: 'parley',
  clientSecret: { set: true, readable: true },
  scopes: ['openid', 'profile', 'email'],
  claims: {
    username: 'preferred_username',
    displayName: 'name',
    email: 'email',
    avatar: 'picture',
    groups: 'groups',
  },
  groupRoles: { 'parley-admins': 'admin' },
  allowedDomains: ['example.org'],
  autoCreate: true,
  trustProviderMfa: false,
  enabled: true,
  redirectUri: 'https://parley.example.org/api/v1/auth/oidc/idp_kc/callback',
  backchannelLogoutUri: 'https://parley.example.org/api/v1/auth/oidc/idp_kc/backchannel-logout',
  createdAt: '2025-03-01T09:00:00.000Z',
  updatedAt: '2025-03-01T09:00:00.000Z',
};

const setup = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/settings': { status: 200, body: { settings: VIEW, problems: { jitsi: [] } } },
    'GET /api/v1/admin/users': {
      status: 200,
      body: {
        users: [
          { ...ADMIN, active: true },
          { ...OTHER_ADMIN, active: true },
          { ...MEMBER, active: true },
        ],
      },
    },
    'GET /api/v1/admin/identity-providers': { status: 200, body: { providers: [] } },
    ...routes,
  });

describe('Administration → Sign-in: security settings', () => {
  it('saves who needs a second factor, the grace days and password sign-in, after the step-up', async () => {
    const saved = {
      requireMfa: 'everyone',
      mfaGraceDays: 3,
      passwordSignIn: false,
      breakGlassAdmins: ['root'],
    };
    const api = setup({
      'PATCH /api/v1/admin/settings': afterStepUp({
        status: 200,
        body: { settings: { ...VIEW, security: saved }, problems: { jitsi: [] } },
      }),
      'POST /api/v1/me/mfa/verify': { status: 204 },
      'GET /api/v1/me/mfa': {
        status: 200,
        body: { factors: [], recoveryCodesLeft: 0, required: false, enrollBy: null },
      },
    });
    renderApp('/admin/sign-in');
    fireEvent.change(await screen.findByLabelText('Require a second factor of'), {
      target: { value: 'everyone' },
    });
    fireEvent.change(screen.getByLabelText('Days to set one up'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Password sign-in' }));
    const breakGlass = screen.getByRole('group', {
      name: 'Administrators who may always use their password',
    });
    // Only administrators are offered.
    expect(within(breakGlass).queryByLabelText(/Grace Hopper/)).toBeNull();
    fireEvent.click(await within(breakGlass).findByLabelText('Root Admin (@root)'));
    fireEvent.click(screen.getByRole('button', { name: 'Save sign-in settings' }));

    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    fireEvent.change(within(stepUp).getByLabelText('Code'), { target: { value: '123456' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: 'Confirm' }));
    await screen.findByText('Sign-in settings saved. They apply at each person’s next sign-in.');
    const patches = api.calls('PATCH /api/v1/admin/settings');
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toEqual({ security: saved });
    expect(api.calls('POST /api/v1/me/mfa/verify')[0]!.body).toEqual({ code: '123456' });
  });

  it('refuses grace days out of range before asking, and shows the server’s refusal', async () => {
    const api = setup({
      'PATCH /api/v1/admin/settings': apiError(
        409,
        'mfa_required_for_self',
        'Set up a second factor yourself first.',
      ),
    });
    renderApp('/admin/sign-in');
    const days = await screen.findByLabelText('Days to set one up');
    fireEvent.change(days, { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save sign-in settings' }));
    await screen.findByText('Use a whole number from 0 to 30.');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
    fireEvent.change(days, { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Require a second factor of'), { target: { value: 'admins' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save sign-in settings' }));
    await screen.findByText('Set up a second factor yourself first.');
  });
});

describe('Administration → Sign-in: identity providers', () => {
  it('shows the empty state, and adds a provider with a write-only secret and group roles', async () => {
    const api = setup({
      'POST /api/v1/admin/identity-providers': { status: 201, body: { provider: PROVIDER } },
    });
    renderApp('/admin/sign-in');
    await screen.findByText('No identity providers');
    fireEvent.click(screen.getByRole('button', { name: 'Add an identity provider' }));
    const form = screen.getByRole('form', { name: 'Add an identity provider' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add provider' }));
    await within(form).findByText('Enter the client secret the provider gave you.');
    expect(api.calls('POST /api/v1/admin/identity-providers')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Keycloak' } });
    fireEvent.change(within(form).getByLabelText('Issuer URL'), { target: { value: PROVIDER.issuer } });
    fireEvent.change(within(form).getByLabelText('Client ID'), { target: { value: 'parley' } });
    fireEvent.change(within(form).getByLabelText('New Client secret'), { target: { value: 's3cret' } });
    fireEvent.change(within(form).getByLabelText('Groups claim'), { target: { value: 'groups' } });
    fireEvent.change(within(form).getByLabelText('Allowed e-mail domains'), {
      target: { value: 'example.org' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add a group' }));
    fireEvent.change(within(form).getByLabelText('Group 1'), { target: { value: 'parley-admins' } });
    fireEvent.change(within(form).getByLabelText('Role for group 1'), { target: { value: 'admin' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add provider' }));

    await screen.findByText('Keycloak added. Register its redirect URI at the provider.');
    expect(api.calls('POST /api/v1/admin/identity-providers')[0]!.body).toEqual({
      name: 'Keycloak',
      issuer: PROVIDER.issuer,
      clientId: 'parley',
      clientSecret: 's3cret',
      scopes: ['openid', 'profile', 'email'],
      claims: {
        username: 'preferred_username',
        displayName: 'name',
        email: 'email',
        avatar: 'picture',
        groups: 'groups',
      },
      groupRoles: { 'parley-admins': 'admin' },
      allowedDomains: ['example.org'],
      autoCreate: true,
      trustProviderMfa: false,
      enabled: true,
    });
    const list = screen.getByRole('list', { name: 'Identity providers' });
    expect(list.textContent).toContain(PROVIDER.redirectUri);
    expect(list.textContent).toContain(PROVIDER.backchannelLogoutUri);
    within(list).getByRole('button', { name: 'Copy redirect URI' });
    expect(screen.queryByDisplayValue('s3cret')).toBeNull();
  });

  it('edits without sending the secret unless replaced, and deletes after confirming', async () => {
    const api = setup({
      'GET /api/v1/admin/identity-providers': { status: 200, body: { providers: [PROVIDER] } },
      'PATCH /api/v1/admin/identity-providers/idp_kc': (request) => ({
        status: 200,
        body: {
          provider: { ...PROVIDER, ...(request.body as object), clientSecret: { set: true, readable: true } },
        },
      }),
      'DELETE /api/v1/admin/identity-providers/idp_kc': { status: 204 },
    });
    renderApp('/admin/sign-in');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Keycloak' }));
    const form = screen.getByRole('form', { name: 'Edit Keycloak' });
    within(form).getByText('Set');
    expect(within(form).queryByRole('button', { name: 'Clear Client secret' })).toBeNull();
    fireEvent.click(within(form).getByLabelText('Trust the provider’s second factor'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save provider' }));
    await screen.findByText('Keycloak saved.');
    const body = api.calls('PATCH /api/v1/admin/identity-providers/idp_kc')[0]!.body as Record<
      string,
      unknown
    >;
    expect(body.trustProviderMfa).toBe(true);
    expect(body).not.toHaveProperty('clientSecret');

    fireEvent.click(screen.getByRole('button', { name: 'Delete Keycloak' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Delete Keycloak?' })).getByRole('button', {
        name: 'Delete',
      }),
    );
    await screen.findByText('No identity providers');
    expect(api.calls('DELETE /api/v1/admin/identity-providers/idp_kc')).toHaveLength(1);
  });

  it('shows a load error with Try again', async () => {
    setup({
      'GET /api/v1/admin/identity-providers': apiError(
        500,
        'internal_error',
        'The server ran into a problem.',
      ),
    });
    renderApp('/admin/sign-in');
    await screen.findByText('Identity providers couldn’t be loaded');
    screen.getByRole('button', { name: 'Try again' });
  });

  it('is a tab of the admin area', async () => {
    setup({});
    renderApp('/admin/sign-in');
    const tab = await screen.findByRole('link', { name: 'Sign-in' });
    expect(tab.className).toContain('is-active');
    await waitFor(() => expect(screen.queryByText('Loading settings…')).toBeNull());
  });
});
