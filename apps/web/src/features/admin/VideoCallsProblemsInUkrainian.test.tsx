import { fireEvent, screen, within } from '@testing-library/react';
import type { JitsiCheckResponse, SettingsResponse } from '@parley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { mockApi, secretKeptError, settingsView, videoCallsRoutes } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

// What the server sends: the English sentence, its code and values (apps/server, @parley/jitsi).
const CHOOSE = {
  field: 'domain',
  message:
    'Choose the Jitsi domain calls run on: your own Jitsi server (e.g. meet.example.com) or JaaS (8x8). ' +
    'meet.jit.si works only as a demo: it requires sign-in and limits embedded calls to 5 minutes.',
  code: 'chooseDomain',
};
const SECRET = {
  field: 'appSecret',
  message:
    'The stored application secret was sealed with a different SECRET_KEY than this server has, so it cannot be used; enter it again.',
  code: 'secretUnreadable',
  values: { secret: 'appSecret' },
};
const TOKENS_OFF = {
  field: 'useAuthToken',
  message: 'Token authentication is off: anyone who knows a room name can join it and become moderator.',
  code: 'tokenAuthOff',
};
const JAAS_DOMAIN = {
  field: 'domain',
  message: 'With JaaS, links go to 8x8.vc; the domain "meet.example.org" is ignored.',
  code: 'jaasDomainIgnored',
  values: { domain: 'meet.example.org' },
};
// zod's own wording has no code: it stays as the server sent it.
const UNCODED = { field: null, message: 'Invalid input' };

const settings: SettingsResponse = {
  settings: settingsView({ name: 'Acme Studio', registrationOpen: false }),
  problems: { jitsi: [CHOOSE, SECRET] },
};
const check: JitsiCheckResponse = {
  configured: false,
  problems: [CHOOSE, SECRET, UNCODED],
  warnings: [TOKENS_OFF, JAAS_DOMAIN],
  sampleToken: null,
  dockerEnv: '',
  prosodyConfig: '',
};

const UK_CHOOSE =
  'Виберіть домен Jitsi, на якому проходитимуть дзвінки: ваш власний сервер Jitsi (наприклад, meet.example.com) ' +
  'або JaaS (8x8). meet.jit.si годиться лише для демонстрації: він вимагає входу й обмежує вбудовані дзвінки 5 хвилинами.';
const UK_SECRET =
  'Збережений секрет застосунку зашифровано іншим SECRET_KEY, ніж має цей сервер, тому його не можна використати; введіть його ще раз.';
const UK_TOKENS_OFF =
  'Автентифікацію токеном вимкнено: будь-хто, хто знає назву кімнати, може приєднатися до неї й стати модератором.';
const UK_JAAS_DOMAIN = 'З JaaS посилання ведуть на 8x8.vc; домен «meet.example.org» ігнорується.';

describe('Administration → Video calls: problems and warnings in Ukrainian', () => {
  afterEach(() => setLocale('en'));

  it('shows the server’s problems, warnings and reachability in the interface language', async () => {
    mockApi(
      videoCallsRoutes(settings, check, {
        locale: 'uk',
        extra: {
          'POST /api/v1/admin/settings/jitsi/reachability': {
            status: 200,
            body: {
              ok: false,
              url: 'https://meet.example.org/external_api.js',
              reason: 'timeout',
              message:
                'Nothing answered within 2.5 s. Check the domain, the firewall and that Jitsi is running.',
              code: 'reachTimeout',
              values: { seconds: 2.5 },
            },
          },
        },
      }),
    );
    renderApp('/admin/video-calls');

    const panel = await screen.findByRole('region', { name: 'Перевірка конфігурації' });
    const problems = await within(panel).findByText('Дзвінки ще не можна розпочати: 3 проблеми');
    const problemList = problems.closest<HTMLElement>('.alert');
    if (!problemList) throw new Error('the problems are not in an alert');
    within(problemList).getByText(UK_CHOOSE);
    within(problemList).getByText(UK_SECRET);
    within(problemList).getByText('Invalid input');

    const warnings = within(panel).getByText('2 попередження').closest<HTMLElement>('.alert');
    if (!warnings) throw new Error('the warnings are not in an alert');
    within(warnings).getByText(UK_TOKENS_OFF);
    within(warnings).getByText(UK_JAAS_DOMAIN);

    // Next to the field as well (the settings' own problems).
    expect(screen.getByLabelText('Домен').closest('.field')?.textContent).toContain(UK_CHOOSE);
    expect(document.body.textContent).not.toContain(CHOOSE.message);
    expect(document.body.textContent).not.toContain(SECRET.message);
    expect(document.body.textContent).not.toContain(TOKENS_OFF.message);

    fireEvent.click(within(panel).getByRole('button', { name: 'Перевірити доступність' }));
    await within(panel).findByText(
      'Немає відповіді протягом 2,5 с. Перевірте домен, брандмауер і чи працює Jitsi.',
    );
    within(panel).getByText('Недоступний');
  });

  it('says why a new secret was refused, from the detail’s code and the Jitsi problem behind it', async () => {
    const working = settingsView(
      { name: 'Acme Studio', registrationOpen: false },
      {
        jitsi: {
          domain: 'meet.example.org',
          useAuthToken: true,
          appId: 'parley',
          appSecret: { set: true, readable: true },
        },
      },
    );
    mockApi(
      videoCallsRoutes({ settings: working, problems: { jitsi: [] } }, check, {
        locale: 'uk',
        extra: {
          'PATCH /api/v1/admin/settings': secretKeptError('Деякі налаштування недійсні', 'shortSecret'),
        },
      }),
    );
    renderApp('/admin/video-calls');
    const secret = await screen.findByRole('group', { name: 'Секрет застосунку' });
    fireEvent.click(within(secret).getByRole('button', { name: 'Замінити: Секрет застосунку' }));
    fireEvent.change(within(secret).getByLabelText('Нове значення: Секрет застосунку'), {
      target: { value: 'short' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Зберегти налаштування Jitsi' }));

    await within(screen.getByRole('group', { name: 'Секрет застосунку' })).findByText(
      'Новий секрет застосунку зупинив би дзвінки, тому залишено поточний: Секрет застосунку коротший за 32 байти; ' +
        'використайте довге випадкове значення (наприклад, `openssl rand -hex 32`).',
    );
    expect(document.body.textContent).not.toContain('would stop calls');
  });
});
