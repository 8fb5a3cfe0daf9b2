import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  MEMBER,
  TOTP_FACTOR,
  apiError,
  instance,
  mfaState,
  mockApi,
  signedInWithMfaDue,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});
vi.mock('qrcode', () => ({ toDataURL: vi.fn(async () => 'data:image/png;base64,QR') }));

const ENROLL_BY = '2025-04-10T12:00:00.000Z';

describe('a second factor the organisation requires', () => {
  it('reminds with a dismissible banner while the grace period runs', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInWithMfaDue(MEMBER, { enrollBy: ENROLL_BY, blocked: false }),
    });
    renderApp('/');
    const banner = await screen.findByText(
      /Your organisation requires a second factor — set one up by Apr 10, 2025\./,
    );
    expect(screen.getByRole('link', { name: 'Set it up' }).getAttribute('href')).toBe('/profile/security');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the second factor reminder' }));
    expect(banner.isConnected).toBe(false);
  });

  it('past the grace period shows only the setup, and lets the app in once a factor is set up', async () => {
    let blocked = true;
    let state = mfaState([], { required: true, enrollBy: ENROLL_BY });
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': () =>
        blocked
          ? signedInWithMfaDue(MEMBER, { enrollBy: ENROLL_BY, blocked: true })
          : signedInWithMfaDue(MEMBER, null),
      'GET /api/v1/me/mfa': () => state,
      'POST /api/v1/me/mfa/totp': {
        status: 200,
        body: { secret: 'JBSWY3DP', otpauthUri: 'otpauth://totp/x' },
      },
      'POST /api/v1/me/mfa/totp/confirm': () => {
        blocked = false;
        state = mfaState([TOTP_FACTOR]);
        return { status: 200, body: { recoveryCodes: ['aaaaa-bbbbb'] } };
      },
    });
    renderApp('/people');
    await screen.findByRole('heading', { name: 'Set up a second factor to continue' });
    expect(screen.queryByRole('navigation')).toBeNull();
    screen.getByRole('button', { name: 'Sign out' });

    fireEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    fireEvent.change(await screen.findByLabelText('Code from the app'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    await screen.findByText('aaaaa-bbbbb');
    // Still the wall until the codes are put away.
    screen.getByRole('heading', { name: 'Set up a second factor to continue' });
    fireEvent.click(screen.getByLabelText('I’ve saved my recovery codes somewhere safe'));
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Set up a second factor to continue' })).toBeNull(),
    );
    expect(api.calls('GET /api/v1/auth/session').length).toBeGreaterThanOrEqual(2);
  });

  it('signs out from the wall', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInWithMfaDue(MEMBER, { enrollBy: ENROLL_BY, blocked: true }),
      'GET /api/v1/me/mfa': mfaState([], { required: true, enrollBy: ENROLL_BY }),
      'POST /api/v1/auth/logout': { status: 204 },
    });
    const { location } = renderApp('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(location()).toBe('/login'));
    expect(api.calls('POST /api/v1/auth/logout')).toHaveLength(1);
  });

  it('shows the setup as soon as the server refuses a request for want of a second factor', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInWithMfaDue(MEMBER, { enrollBy: ENROLL_BY, blocked: false }),
      'GET /api/v1/users': apiError(403, 'mfa_setup_required', 'Set up a second factor to continue'),
      'GET /api/v1/me/mfa': mfaState([], { required: true, enrollBy: ENROLL_BY }),
    });
    renderApp('/people');
    await screen.findByRole('heading', { name: 'Set up a second factor to continue' });
  });
});
