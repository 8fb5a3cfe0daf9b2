import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import uk from '../../i18n/locales/uk/chat.json';
import { instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { room } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';
import { EmojiPicker } from './EmojiPicker';
import { resetCommandsCache } from './useCommands';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
  resetCommandsCache();
});
// The setup switches back to English before each test; this leaves English behind as well.
afterEach(() => setLocale('en'));

describe('the chat in Ukrainian', () => {
  it('shows an empty room, the directory with plural member counts, and a removal notice in the catalogue’s words', async () => {
    await setLocale('uk');
    mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs({ ...MEMBER, locale: 'uk' }),
      'GET /api/v1/rooms': { status: 200, body: { rooms: [room()] } },
      'GET /api/v1/rooms/r_general/messages': { status: 200, body: { messages: [], hasMore: false } },
      'GET /api/v1/rooms/r_general/members': { status: 200, body: { members: [] } },
      'GET /api/v1/commands': { status: 200, body: { commands: [] } },
      'GET /api/v1/rooms/directory': {
        status: 200,
        body: {
          rooms: [
            room({ id: 'r_one', name: 'one', displayName: 'One', memberCount: 1, myRole: null }),
            room({ id: 'r_three', name: 'three', displayName: 'Three', memberCount: 3, myRole: null }),
            room({ id: 'r_five', name: 'five', displayName: 'Five', memberCount: 5, myRole: null }),
          ],
        },
      },
    });
    renderApp('/rooms/r_general');

    await screen.findByText(uk.chat.screen.emptyTitle);
    expect(uk.chat.screen.emptyTitle).toBe('Повідомлень ще немає — привітайтеся');
    screen.getByText('Це самісінький початок кімнати General.');

    fireEvent.click(screen.getByRole('button', { name: uk.chat.sidebar.browse }));
    const dialog = await screen.findByRole('dialog', { name: uk.chat.directory.title });
    await within(dialog).findByText('1 учасник');
    within(dialog).getByText('3 учасники');
    within(dialog).getByText('5 учасників');
    expect(within(dialog).getAllByRole('button', { name: /^Приєднатися/ })).toHaveLength(3);
    fireEvent.click(within(dialog).getByRole('button', { name: uk.chat.directory.close }));

    // Removed from the open room: the flash is kept as a key and reads in the language shown.
    const socket = await waitFor(() => lastSocket());
    act(() => socket.serverEmit('room:removed', { roomId: 'r_general' }));
    await screen.findByText('Ви більше не учасник кімнати General.');
    await act(() => setLocale('de'));
    await screen.findByText('Sie sind kein Mitglied von General mehr.');
  });

  it('names the picker’s emoji in Ukrainian and finds them by their Ukrainian or English names', async () => {
    await setLocale('uk');
    const anchor = document.body.appendChild(document.createElement('button'));
    render(<EmojiPicker anchor={anchor} onPick={() => undefined} onClose={() => undefined} />);
    const picker = screen.getByRole('dialog', { name: uk.chat.emoji.label });
    // Among the quick reactions and in the whole set.
    expect(within(picker).getAllByRole('button', { name: 'Великий палець угору' })).toHaveLength(2);
    const search = within(picker).getByRole('searchbox', { name: uk.chat.emoji.search });
    fireEvent.change(search, { target: { value: 'палець' } });
    within(picker).getByRole('button', { name: 'Великий палець угору' });
    within(picker).getByRole('button', { name: 'Великий палець униз' });
    fireEvent.change(search, { target: { value: 'rocket' } });
    within(picker).getByRole('button', { name: 'Ракета' });
    fireEvent.change(search, { target: { value: 'жодного' } });
    within(picker).getByText('Жодне емодзі не відповідає «жодного».');
    anchor.remove();
  });
});
