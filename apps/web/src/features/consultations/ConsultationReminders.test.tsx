import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

afterEach(() => {
  localStorage.clear();
});

async function home() {
  mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(MEMBER) });
  const app = renderApp('/');
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { app, socket };
}

describe('consultation reminders', () => {
  it('shows the reminder in the notification area with a way to open the consultation', async () => {
    const { app, socket } = await home();
    const c = consultation({ id: 'c_soon' });
    act(() => socket.serverEmit('reminder', { consultation: c, startsIn: 15 }));
    const area = screen.getByRole('status', { name: 'Reminders' });
    expect(area.textContent).toContain('Your consultation with Bob Brown starts in 15 minutes · Open');
    // The same reminder twice is shown once; the day-before one reads as a day and time.
    act(() => socket.serverEmit('reminder', { consultation: c, startsIn: 15 }));
    act(() =>
      socket.serverEmit('reminder', {
        consultation: consultation({ id: 'c_tomorrow', role: 'provider' }, slotAt(1, 9)),
        startsIn: 1440,
      }),
    );
    expect(within(area).getAllByRole('link', { name: 'Open' })).toHaveLength(2);
    expect(area.textContent).toMatch(/Your session with Grace Hopper starts tomorrow at 09:00\s*AM/);

    fireEvent.click(within(area).getAllByRole('link', { name: 'Open' })[0]!);
    expect(app.location()).toBe('/consultations/c_soon');
    expect(area.textContent).not.toContain('Bob Brown');
    fireEvent.click(within(area).getByRole('button', { name: 'Dismiss the reminder' }));
    expect(within(area).queryByRole('link')).toBeNull();
  });

  it('also shows a browser notification while Parley is in the background, when notifications are on', async () => {
    const shown: { title: string; body: string }[] = [];
    class FakeNotification {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body });
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    localStorage.setItem('parley.notifications', 'on');
    const { socket } = await home();
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    act(() => socket.serverEmit('reminder', { consultation: consultation(), startsIn: 15 }));
    hidden.mockRestore();
    expect(shown).toEqual([
      { title: 'Consultation reminder', body: 'Your consultation with Bob Brown starts in 15 minutes' },
    ]);
  });
});
