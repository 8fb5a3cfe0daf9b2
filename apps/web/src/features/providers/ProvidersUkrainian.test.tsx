import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { provider } from '../../test/consultations';
import { lastSocket } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

afterEach(async () => {
  await setLocale('en');
});

describe('Providers in Ukrainian (issue 21)', () => {
  it('shows the provider profile from the Ukrainian catalogue, values filled in', async () => {
    const mine = provider({ id: MEMBER.id, username: 'grace', bio: 'Допомагаю зі стресом.' });
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, provider: true, locale: 'uk' }),
      'GET /api/v1/providers/me': { status: 200, body: { provider: mine } },
    });
    renderApp('/consultations/profile');
    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('connect'));

    await screen.findByRole('heading', { name: 'Ваш профіль консультанта' });
    expect(document.documentElement.lang).toBe('uk');
    screen.getByRole('switch', { name: 'Публічна сторінка запису' });
    screen.getByRole('button', { name: 'Зберегти профіль' });
    // Values: the bio's length, the session length, and language names in the interface's language.
    screen.getByText('З чим ви допомагаєте і як працюєте. До 2000 символів (зараз 21).');
    screen.getByText('Сеанси по 50 хв');
    expect(document.querySelector('.provider-languages')?.textContent).toBe(
      'Мови: англійська, португальська',
    );
  });

  it('counts free times with Ukrainian plural forms', async () => {
    await setLocale('uk');
    const count = (n: number) =>
      i18n.t('providers.slots.dayCount', { date: 'понеділок, 7 грудня', count: n });
    expect([1, 3, 5, 21].map(count)).toEqual([
      'понеділок, 7 грудня, вільне вікно',
      'понеділок, 7 грудня, вільні вікна',
      'понеділок, 7 грудня, вільних вікон',
      'понеділок, 7 грудня, вільне вікно',
    ]);
  });
});
