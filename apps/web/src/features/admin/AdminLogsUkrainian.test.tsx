import { act, fireEvent, screen, within } from '@testing-library/react';
import type { Call, CallParticipant, PublicUser } from '@parley/shared';
import { afterEach, describe, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { ADMIN, instance, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const person = (id: string, username: string, displayName: string): PublicUser => ({
  id,
  username,
  displayName,
  avatarUrl: null,
  role: 'user',
});
const alice = person('u_alice', 'alice', 'Alice Liddell');
const bob = person('u_bob', 'bob', 'Bob Builder');

const part = (user: PublicUser): CallParticipant => ({
  user,
  state: 'left',
  joinedAt: '2026-03-02T10:00:05.000Z',
  leftAt: '2026-03-02T10:12:09.000Z',
  moderator: false,
});

const call = (id: string, over: Partial<Call> = {}): Call => ({
  id,
  roomId: 'r_design',
  roomDisplayName: 'design',
  type: 'group',
  status: 'ended',
  title: '',
  createdBy: alice.id,
  createdAt: '2026-03-02T10:00:00.000Z',
  startedAt: '2026-03-02T10:00:00.000Z',
  endedAt: '2026-03-02T11:05:00.000Z',
  endReason: 'empty',
  roomName: 'parleyxyz',
  ringing: false,
  ringUntil: null,
  participants: [part(alice), part(bob)],
  ...over,
});

afterEach(async () => {
  await setLocale('en');
});

describe('Administration in Ukrainian', () => {
  it('shows the call log, its statuses, durations and plurals from the Ukrainian catalogue', async () => {
    mockApi({
      'GET /api/v1/instance': instance(),
      // The administrator chose Ukrainian: signing in switches the interface to it.
      'GET /api/v1/auth/session': signedInAs({ ...ADMIN, locale: 'uk' }),
      'GET /api/v1/admin/calls': {
        status: 200,
        body: {
          calls: [call('c1'), call('c2', { status: 'missed', endedAt: '2026-03-02T10:04:12.000Z' })],
          nextBefore: null,
        },
      },
    });
    renderApp('/admin/call-log');

    await screen.findByRole('heading', { name: 'Журнал дзвінків' });
    screen.getByRole('navigation', { name: 'Розділи адміністрування' });
    screen.getByRole('link', { name: 'Журнал доступу' });
    const table = await screen.findByRole('table');
    const [, first, second] = within(table).getAllByRole('row');
    within(first!).getByText('Завершено');
    within(first!).getByText('1 год 05 хв');
    within(first!).getByText('2 з 2');
    within(first!).getByRole('button', { name: 'Bob Builder: показати лише дзвінки цієї людини' });
    within(second!).getByText('Пропущено');
    within(second!).getByText('4 хв 12 с');
    // "2 calls": Ukrainian's "few" form.
    screen.getByText('2 дзвінки, кінець журналу.');

    // A refused filter is said in the interface's language, and follows it when it changes.
    const filters = screen.getByRole('form', { name: 'Фільтри' });
    fireEvent.change(within(filters).getByLabelText('Кімната'), { target: { value: 'no such room!' } });
    fireEvent.click(within(filters).getByRole('button', { name: 'Застосувати фільтри' }));
    await screen.findByText('Виберіть кімнату зі списку чи таблиці або вставте ідентифікатор кімнати.');
    await act(() => setLocale('en'));
    await screen.findByText('Pick a room from the list or the table, or paste a room id.');
    screen.getByRole('heading', { name: 'Call log' });
    screen.getByText('2 calls, the end of the log.');
  });
});
