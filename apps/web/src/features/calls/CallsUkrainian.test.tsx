import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import uk from '../../i18n/locales/uk/calls.json';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { call, participant } from '../../test/calls';
import { BOB, CAROL, GRACE } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});
// The setup switches back to English before each test; this leaves English behind as well.
afterEach(() => setLocale('en'));

const DAN = { ...BOB, id: 'u_dan', username: 'dan', displayName: 'Dan Dale' };
const EVE = { ...BOB, id: 'u_eve', username: 'eve', displayName: 'Eve East' };

const ended = call({
  id: 'c_out',
  roomId: 'r_general',
  type: 'group',
  status: 'ended',
  title: 'Planning',
  createdBy: GRACE.id,
  startedAt: '2026-03-02T10:00:00.000Z',
  endedAt: '2026-03-02T11:05:00.000Z',
  participants: [GRACE, BOB, CAROL, DAN, EVE].map((u) => participant(u, 'left')),
  roomDisplayName: 'General',
});

describe('calls in Ukrainian', () => {
  it('shows my calls and the start dialog in the catalogue’s words, with plural forms', async () => {
    await setLocale('uk');
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, locale: 'uk' }),
      'GET /api/v1/me/calls': { status: 200, body: { calls: [ended], nextBefore: null } },
      'GET /api/v1/rooms/r_general/calls/preview': {
        status: 200,
        body: { current: null, type: 'group', ringing: true, callees: [BOB, CAROL, DAN, EVE], total: 4 },
      },
    });
    renderApp('/calls');
    await screen.findByRole('heading', { name: uk.calls.page.title, level: 1 });
    expect(uk.calls.page.title).toBe('Дзвінки');
    screen.getByRole('tab', { name: 'Пропущені' });

    const list = await screen.findByRole('list', { name: uk.calls.page.tabs.all.list });
    const item = within(list).getByRole('listitem');
    expect(item.textContent).toContain('Вихідний');
    expect(item.textContent).toContain('1 год 05 хв');
    // Five joined, three named: "… та ще 2 особи" (few).
    expect(item.textContent).toContain('Приєдналися: Grace Hopper, Bob Brown, Carol Clark та ще 2 особи');

    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('connect'));
    fireEvent.click(within(item).getByRole('button', { name: /^Передзвонити/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Дзвінок: General' });
    // Four people: "4 людини" (few), not the English "4 will be rung:".
    await within(dialog).findByText('4 людини отримають виклик:');
    within(dialog).getByRole('button', { name: uk.calls.start.startCall });
    within(dialog).getByRole('list', { name: uk.calls.start.callees });
  });
});
