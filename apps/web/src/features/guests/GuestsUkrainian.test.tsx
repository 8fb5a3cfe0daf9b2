import type { PublicProvider } from '@parley/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale, storeLocale } from '../../i18n';
import { instance, mockApi, signedOut } from '../../test/api';
import { BOB } from '../../test/chat';
import { slotAt, useTimeZone } from '../../test/consultations';
import { renderApp } from '../../test/render';

useTimeZone('Europe/Lisbon');

// Someone without an account who chose Ukrainian on this browser.
beforeEach(async () => {
  storeLocale('uk');
  await setLocale('uk');
});
afterEach(async () => {
  storeLocale(null);
  await setLocale('en');
});

const provider: PublicProvider = {
  id: BOB.id,
  handle: 'bob',
  displayName: 'Bob Brown',
  avatarUrl: null,
  bio: 'Консультантка зі стресу та сну.',
  specialities: ['Стрес'],
  languages: ['uk'],
  timezone: 'Europe/Kyiv',
  sessionMinutes: 50,
  bookable: true,
};

describe('pages for people without an account, in Ukrainian', () => {
  it('a personal link greets the guest by name and offers to open the consultation', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/visit/tok_uk': {
        status: 200,
        body: {
          workspace: 'Acme Studio',
          guestName: 'Оксана',
          purpose: 'participant',
          consultationId: '0190b7a2-0000-7000-8000-000000000001',
          providerName: 'Bob Brown',
          start: '2027-01-12T15:00:00.000Z',
          end: '2027-01-12T15:50:00.000Z',
          status: 'scheduled',
        },
      },
    });
    renderApp('/visit/tok_uk');
    await screen.findByRole('heading', { name: 'Вітаємо, Оксана' });
    screen.getByText('Вас запрошено взяти участь у консультації з Bob Brown.');
    screen.getByText('Коли');
    screen.getByRole('button', { name: 'Відкрити консультацію' });
    screen.getByText('Обліковий запис не потрібен: це особисте посилання лише для Оксана. Не діліться ним.');
    await waitFor(() => expect(document.title).toContain('Консультація з Bob Brown'));
  });

  it('the public booking page books a time and counts the minutes in Ukrainian', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedOut,
      'GET /api/v1/book/bob': { status: 200, body: { provider } },
      'GET /api/v1/book/bob/slots': {
        status: 200,
        body: { slots: [slotAt(1, 9), slotAt(1, 10)], timezone: 'Europe/Kyiv' },
      },
      [`POST /api/v1/providers/${BOB.id}/public-holds`]: {
        status: 202,
        body: { heldUntil: new Date(Date.now() + 15 * 60_000 + 20_000).toISOString() },
      },
    });
    renderApp('/book/bob');
    await screen.findByRole('heading', { name: 'Запис до Bob Brown' });
    // The days, then the times of the chosen day.
    const time = await waitFor(() => {
      const groups = screen.getAllByRole('radiogroup');
      expect(groups).toHaveLength(2);
      return within(groups[1]!).getAllByRole('radio')[0]!;
    });
    fireEvent.click(time);

    const form = await screen.findByRole('region', { name: 'Ваші дані' });
    expect(form.textContent).toContain('(ваш час, Europe/Lisbon)');
    fireEvent.change(within(form).getByLabelText('Ваше ім’я'), { target: { value: 'Оксана' } });
    fireEvent.change(within(form).getByLabelText('Ваша ел. пошта'), {
      target: { value: 'oksana@example.org' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Записатися на цей час' }));

    await screen.findByText('Перевірте пошту');
    // 15: Ukrainian's "many" form, with the address in its place.
    screen.getByText(
      'Ми надіслали посилання на oksana@example.org. Відкрийте його протягом 15 хвилин, щоб підтвердити запис; доти цей час зарезервовано для вас.',
    );
  });
});
