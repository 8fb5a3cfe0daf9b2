import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { consultation, slotAt, useTimeZone } from '../../test/consultations';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

useTimeZone('Europe/Lisbon');

beforeEach(() => {
  sockets.length = 0;
});

afterEach(async () => {
  await setLocale('en');
});

describe('consultations in Ukrainian', () => {
  it('shows my consultations, a proposal and reminders from the Ukrainian catalogue', async () => {
    const proposed = { ...slotAt(3, 16), at: new Date().toISOString() };
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, locale: 'uk' }),
      'GET /api/v1/consultations': {
        status: 200,
        body: { consultations: [consultation({ id: 'c_moved', proposal: proposed }, slotAt(2, 11))] },
      },
    });
    renderApp('/consultations');
    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('connect'));

    // Headings, tabs and buttons come from locales/uk/consultations.json.
    await screen.findByRole('heading', { name: 'Консультації' });
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Майбутні');
    const list = await screen.findByRole('list', { name: 'Майбутні консультації' });
    const item = within(list).getByRole('listitem');
    expect([...item.querySelectorAll('.status-badge')].map((badge) => badge.textContent)).toEqual([
      'Заплановано',
      'Запропоновано новий час',
    ]);
    expect(within(item).getByRole('button', { name: /^Перенести/ }).textContent).toBe(
      'Перенести консультацію з Bob Brown',
    );
    // A select with a placeholder and rich text: the new time is in bold.
    const note = item.querySelector('.consultation-item-note')!;
    expect(note.textContent).toMatch(/^Bob Brown пропонує новий час: .+/);
    expect(note.querySelector('strong')?.textContent).toBeTruthy();
    expect(note.textContent).not.toContain('<b>');

    // Plurals: Ukrainian one / few / many.
    const area = screen.getByRole('status', { name: 'Нагадування' });
    for (const startsIn of [1, 3, 15]) {
      act(() =>
        socket.serverEmit('reminder', { consultation: consultation({ id: `c_${startsIn}` }), startsIn }),
      );
    }
    await waitFor(() => expect(within(area).getAllByRole('link', { name: 'Відкрити' })).toHaveLength(3));
    expect(area.textContent).toContain('Ваша консультація з Bob Brown починається через 1 хвилину');
    expect(area.textContent).toContain('Ваша консультація з Bob Brown починається через 3 хвилини');
    expect(area.textContent).toContain('Ваша консультація з Bob Brown починається через 15 хвилин');
  });
});
