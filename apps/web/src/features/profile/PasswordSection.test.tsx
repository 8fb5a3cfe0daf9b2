import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MEMBER, apiError, instance, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const profileRoutes = {
  'GET /api/v1/instance': instance(),
  'GET /api/v1/auth/session': signedInAs(MEMBER),
  'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
};

async function openPasswordSection() {
  renderApp('/profile');
  return within(await screen.findByRole('region', { name: 'Change password' }));
}

function fillPasswords(section: ReturnType<typeof within>, next = 'a brand new password') {
  fireEvent.change(section.getByLabelText('Current password'), { target: { value: 'old password 123' } });
  fireEvent.change(section.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(section.getByLabelText('Confirm new password'), { target: { value: next } });
}

describe('Profile → Change password', () => {
  it('says what happens to sessions and tokens, and keeps tokens unless the box is ticked', async () => {
    const api = mockApi({ ...profileRoutes, 'POST /api/v1/me/password': { status: 204 } });
    const section = await openPasswordSection();
    section.getByText(/signs you out on every other device\. API tokens keep working unless/);
    const revoke = section.getByLabelText<HTMLInputElement>('Also revoke all my API tokens');
    expect(revoke.checked).toBe(false);

    fillPasswords(section);
    fireEvent.click(section.getByRole('button', { name: 'Change password' }));
    await section.findByText(/your API tokens still work/);
    expect(api.calls('POST /api/v1/me/password')[0]!.body).toEqual({
      currentPassword: 'old password 123',
      newPassword: 'a brand new password',
      revokeTokens: false,
    });

    fireEvent.click(revoke);
    // The old "changed" message goes as soon as the next change begins.
    expect(section.queryByText(/your API tokens still work/)).toBeNull();
    fillPasswords(section, 'another new password');
    fireEvent.click(section.getByRole('button', { name: 'Change password' }));
    await section.findByText(/all your API tokens were revoked/);
    expect(api.calls('POST /api/v1/me/password')[1]!.body).toMatchObject({ revokeTokens: true });
    // The box does not stay ticked for the next change.
    expect(revoke.checked).toBe(false);
  });

  it('clears an old success message once the person types again', async () => {
    mockApi({ ...profileRoutes, 'POST /api/v1/me/password': { status: 204 } });
    const section = await openPasswordSection();
    fillPasswords(section);
    fireEvent.click(section.getByRole('button', { name: 'Change password' }));
    await section.findByText(/Password changed/);
    fireEvent.change(section.getByLabelText('Current password'), { target: { value: 'x' } });
    expect(section.queryByText(/Password changed/)).toBeNull();
  });

  it('offers Show on every password field', async () => {
    mockApi(profileRoutes);
    const section = await openPasswordSection();
    for (const label of ['current password', 'new password', 'confirm new password']) {
      const show = section.getByRole('button', { name: `Show ${label}` });
      fireEvent.click(show);
      expect(show.getAttribute('aria-pressed')).toBe('true');
    }
    expect(section.getByLabelText('Confirm new password').getAttribute('type')).toBe('text');
  });

  it('signs out everywhere only after a confirmation', async () => {
    const api = mockApi({ ...profileRoutes, 'POST /api/v1/me/sign-out-everywhere': { status: 204 } });
    const section = await openPasswordSection();
    fireEvent.click(section.getByRole('button', { name: 'Sign out everywhere…' }));
    expect(api.calls('POST /api/v1/me/sign-out-everywhere')).toHaveLength(0);
    fireEvent.click(section.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(section.getByRole('button', { name: 'Sign out everywhere…' }));
    fireEvent.click(section.getByRole('button', { name: 'Sign out everywhere and revoke tokens' }));
    await section.findByText(/Only this browser is still signed in/);
    expect(api.calls('POST /api/v1/me/sign-out-everywhere')).toHaveLength(1);
  });

  it('shows why signing out everywhere failed', async () => {
    mockApi({
      ...profileRoutes,
      'POST /api/v1/me/sign-out-everywhere': apiError(
        429,
        'rate_limited',
        'Too many requests; wait a minute',
      ),
    });
    const section = await openPasswordSection();
    fireEvent.click(section.getByRole('button', { name: 'Sign out everywhere…' }));
    fireEvent.click(section.getByRole('button', { name: 'Sign out everywhere and revoke tokens' }));
    await section.findByText('Too many requests; wait a minute');
  });
});
