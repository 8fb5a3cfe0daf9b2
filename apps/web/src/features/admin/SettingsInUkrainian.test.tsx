import { screen, within } from '@testing-library/react';
import type { JitsiCheckResponse, SettingsResponse } from '@parley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { mockApi, settingsView, videoCallsRoutes } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

// The server's own messages arrive already in the person's language; these stand in for them.
const problem = (field: string | null, message: string) => ({ field, message });
const check: JitsiCheckResponse = {
  configured: false,
  problems: [
    problem('domain', 'Вкажіть домен Jitsi.'),
    problem('appSecret', 'Секрет закороткий.'),
    problem(null, 'Ще одна проблема.'),
  ],
  warnings: [problem('useAuthToken', 'Автентифікацію токеном вимкнено.')],
  sampleToken: null,
  dockerEnv: '',
  prosodyConfig: '',
};
const settings: SettingsResponse = {
  settings: settingsView({ name: 'Acme Studio', registrationOpen: false }),
  problems: { jitsi: [] },
};

describe('Administration → Video calls in Ukrainian', () => {
  afterEach(() => setLocale('en'));

  it('reads its headings, plurals and field names from the Ukrainian catalogue', async () => {
    mockApi(videoCallsRoutes(settings, check, { locale: 'uk' }));
    renderApp('/admin/video-calls');

    await screen.findByRole('heading', { name: 'Перевірка конфігурації' });
    screen.getByRole('heading', { name: 'Конференц-дзвінки' });
    screen.getByRole('button', { name: 'Зберегти налаштування Jitsi' });
    expect(document.title).toContain('Налаштування відеодзвінків');

    // ICU plurals: 3 → "few" (проблеми), 1 → "one" (попередження), with the field's label before each.
    const problems = await screen.findByText('Дзвінки ще не можна розпочати: 3 проблеми');
    const alert = problems.closest<HTMLElement>('[role="alert"], .alert');
    if (!alert) throw new Error('the problems are not in an alert');
    within(alert).getByText('Домен:', { exact: false });
    within(alert).getByText('Секрет застосунку:', { exact: false });
    screen.getByText('1 попередження');

    // A message with markup keeps its code element.
    expect(screen.getByText('external_api.js').tagName).toBe('CODE');
  });
});
