import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { MEMBER, TOTP_FACTOR, instance, mfaState, mockApi, signedInAs } from '../../test/api';
import { lastSocket } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

afterEach(async () => {
  await setLocale('en');
});

describe('Profile in Ukrainian (issue 21)', () => {
  it('shows the security page from the Ukrainian catalogue, with plurals and values', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      // The person chose Ukrainian: the app switches to it once the session is in.
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, locale: 'uk' }),
      'GET /api/v1/me/mfa': mfaState([TOTP_FACTOR], { recoveryCodesLeft: 3 }),
      'GET /api/v1/me/sessions': { status: 200, body: { sessions: [] } },
      'GET /api/v1/me/identities': { status: 200, body: { identities: [] } },
      'GET /api/v1/auth/providers': { status: 200, body: { providers: [] } },
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } },
    });
    renderApp('/profile/security');
    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('connect'));

    await screen.findByRole('heading', { name: 'Другий фактор' });
    expect(document.documentElement.lang).toBe('uk');
    screen.getByRole('link', { name: 'Безпека' });
    // "few" of Ukrainian's one/few/many/other.
    await screen.findByText('Залишилося 3 коди відновлення.');
    // A value inside a message: the factor's name in the screen reader's name of its button.
    const factors = screen.getByRole('list', { name: 'Ваші другі фактори' });
    within(factors).getByRole('button', { name: 'Вилучити Authenticator app' });
    screen.getByRole('heading', { name: 'Пристрої' });
    screen.getByText('Немає пристроїв із входом');
  });
});
