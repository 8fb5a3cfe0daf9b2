import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { consultation, provider, slotAt, useTimeZone } from '../../test/consultations';
import { BOB } from '../../test/chat';
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

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;

const ANA = provider({
  id: 'u_ana',
  username: 'ana',
  displayName: 'Ana Alves',
  specialities: ['Grief'],
  languages: ['pt-BR'],
  sessionMinutes: 30,
});

async function open(path: string, routes: Parameters<typeof mockApi>[0]) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    ...routes,
  });
  renderApp(path);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, socket };
}

describe('finding a provider', () => {
  it('lists providers as cards and filters by name, speciality and language on the server', async () => {
    const { api } = await open('/consultations/book', {
      'GET /api/v1/providers': (request) => {
        const q = query(request);
        const all = [provider(), ANA];
        const providers = all.filter(
          (p) =>
            (!q.get('speciality') || p.specialities.includes(q.get('speciality')!)) &&
            (!q.get('language') || p.languages.includes(q.get('language')!)) &&
            (!q.get('q') || p.displayName.toLowerCase().includes(q.get('q')!.toLowerCase())),
        );
        return { status: 200, body: { providers } };
      },
    });
    const list = await screen.findByRole('list', { name: 'Providers' });
    const cards = within(list).getAllByRole('article');
    expect(cards).toHaveLength(2);
    const bob = within(list).getByRole('article', { name: 'Bob Brown' });
    expect(bob.textContent).toContain('50-minute sessions');
    expect(bob.textContent).toContain('Stress');
    expect(bob.textContent).toContain('Speaks English, Portuguese');
    expect(
      within(bob)
        .getByRole('link', { name: /See free times/ })
        .getAttribute('href'),
    ).toBe(`/consultations/book/${BOB.id}`);

    // The speciality choices come from what the providers offer.
    fireEvent.change(screen.getByLabelText('Speciality'), { target: { value: 'Grief' } });
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Providers' })).getAllByRole('article')).toHaveLength(1),
    );
    expect(query(api.calls('GET /api/v1/providers').at(-1)!).get('speciality')).toBe('Grief');
    expect(screen.getByRole('article', { name: 'Ana Alves' }).textContent).toContain('Brazilian Portuguese');

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'zed' } });
    await screen.findByText('No provider matches');
    fireEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2));
  });

  it('says when nobody offers consultations yet, and when the list fails', async () => {
    let fail = true;
    await open('/consultations/book', {
      'GET /api/v1/providers': () =>
        fail
          ? apiError(500, 'internal_error', 'The server ran into a problem.')
          : { status: 200, body: { providers: [] } },
    });
    await screen.findByText('Providers could not be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('No providers yet');
  });
});

describe('booking a slot', () => {
  const nine = slotAt(1, 9);
  const ten = slotAt(1, 10);
  const later = slotAt(2, 14, 30);

  function bookingRoutes(extra: Parameters<typeof mockApi>[0] = {}) {
    return {
      [`GET /api/v1/providers/${BOB.id}`]: { status: 200, body: { provider: provider() } },
      [`GET /api/v1/providers/${BOB.id}/slots`]: {
        status: 200,
        body: { slots: [nine, ten, later], timezone: 'Europe/Berlin' },
      },
      ...extra,
    };
  }

  it('shows free times in my zone beside the provider’s, holds one with a nickname, confirms, and offers the calendar file', async () => {
    const held = consultation(
      {
        id: 'c_held',
        status: 'held',
        heldUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
        roomId: null,
        client: { id: MEMBER.id, displayName: 'Blue Heron', avatarUrl: null },
      },
      ten,
    );
    const { api } = await open(
      `/consultations/book/${BOB.id}`,
      bookingRoutes({
        'POST /api/v1/consultations': { status: 201, body: { consultation: held } },
        'POST /api/v1/consultations/c_held/confirm': {
          status: 200,
          body: { consultation: { ...held, status: 'scheduled', heldUntil: null, roomId: 'r_c' } },
        },
      }),
    );
    await screen.findByRole('heading', { name: 'Bob Brown' });
    const zoneNote = await screen.findByText(/Times shown in/);
    expect(zoneNote.textContent).toContain('Europe/Lisbon');
    expect(zoneNote.textContent).toContain('Bob’s time zone: Europe/Berlin (1 h ahead)');
    // Slots are asked for by my zone's dates.
    expect(query(api.calls(`GET /api/v1/providers/${BOB.id}/slots`)[0]!).get('tz')).toBe('Europe/Lisbon');

    // Tomorrow is chosen (the first day with times): 09:00 and 10:00 Lisbon are 10:00 and 11:00 Berlin.
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    const buttons = within(times).getAllByRole('radio');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]!.textContent).toMatch(/09:00\s*AM.*10:00\s*AM theirs/);
    fireEvent.click(buttons[1]!);
    expect(buttons[1]!.getAttribute('aria-checked')).toBe('true');

    fireEvent.change(screen.getByLabelText(/Appear to the provider as/), {
      target: { value: ' Blue Heron ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Hold this time' }));
    const heading = await screen.findByRole('heading', { name: 'Confirm your booking' });
    expect(api.calls('POST /api/v1/consultations')[0]!.body).toEqual({
      providerId: BOB.id,
      start: ten.start,
      nickname: 'Blue Heron',
    });
    const card = heading.closest('section')!;
    expect(card.textContent).toMatch(/holding this time for you for 4:5\d|5:00/);
    expect(card.textContent).toContain('You appear to Bob as “Blue Heron”');

    fireEvent.click(within(card).getByRole('button', { name: 'Confirm booking' }));
    const done = await screen.findByRole('heading', { name: 'You’re booked' });
    const confirmed = done.closest('section')!;
    expect(api.calls('POST /api/v1/consultations/c_held/confirm')).toHaveLength(1);
    expect(within(confirmed).getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(
      '/api/v1/consultations/c_held/calendar.ics',
    );
    expect(within(confirmed).getByRole('link', { name: 'Open the consultation' }).getAttribute('href')).toBe(
      '/consultations/c_held',
    );
    expect(confirmed.textContent).toContain('(10 minutes before the start)');
  });

  it('is one tab stop per group: arrow keys, Home and End move between times and choose them', async () => {
    const eleven = slotAt(1, 11);
    const noon = slotAt(1, 12);
    await open(
      `/consultations/book/${BOB.id}`,
      bookingRoutes({
        [`GET /api/v1/providers/${BOB.id}/slots`]: {
          status: 200,
          body: { slots: [nine, ten, eleven, noon, later], timezone: 'Europe/Berlin' },
        },
      }),
    );
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    const radios = within(times).getAllByRole('radio');
    expect(radios).toHaveLength(4);
    // Nothing chosen yet: only the first time is in the tab order.
    expect(radios.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1]);
    radios[0]!.focus();
    fireEvent.keyDown(radios[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(radios[1]);
    expect(radios[1]!.getAttribute('aria-checked')).toBe('true');
    expect(radios.map((r) => r.tabIndex)).toEqual([-1, 0, -1, -1]);
    fireEvent.keyDown(radios[1]!, { key: 'End' });
    expect(document.activeElement).toBe(radios[3]);
    expect(radios[3]!.getAttribute('aria-checked')).toBe('true');
    fireEvent.keyDown(radios[3]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(radios[0]);
    fireEvent.keyDown(radios[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(radios[3]);
    fireEvent.keyDown(radios[3]!, { key: 'Home' });
    expect(document.activeElement).toBe(radios[0]);
    screen.getByRole('button', { name: 'Hold this time' });
    // Arrowing keeps the times in view (the hold panel is one Tab away); a click brings the panel in.
    await new Promise((resolve) => window.requestAnimationFrame(resolve));
    expect(scrolled).not.toHaveBeenCalled();
    fireEvent.click(radios[2]!);
    await waitFor(() => expect(scrolled).toHaveBeenCalled());

    // The days are one stop too; the arrow skips days without times.
    const days = within(screen.getByRole('radiogroup', { name: 'Days' })).getAllByRole('radio');
    expect(days.filter((d) => d.tabIndex === 0)).toHaveLength(1);
    const chosenDay = days.find((d) => d.getAttribute('aria-checked') === 'true')!;
    chosenDay.focus();
    fireEvent.keyDown(chosenDay, { key: 'ArrowRight' });
    const nextDay = document.activeElement as HTMLElement;
    expect(nextDay).not.toBe(chosenDay);
    await waitFor(() => expect(nextDay.getAttribute('aria-checked')).toBe('true'));
    expect(within(screen.getByRole('radiogroup', { name: /^Times on/ })).getAllByRole('radio')).toHaveLength(
      1,
    );
  });

  it('says clearly when someone else took the slot, and shows the free times again without it', async () => {
    let taken = false;
    const { api } = await open(
      `/consultations/book/${BOB.id}`,
      bookingRoutes({
        [`GET /api/v1/providers/${BOB.id}/slots`]: () => ({
          status: 200,
          body: { slots: taken ? [nine, later] : [nine, ten, later], timezone: 'Europe/Berlin' },
        }),
        'POST /api/v1/consultations': () => {
          taken = true;
          return apiError(409, 'slot_taken', 'Someone else just took this time; choose another slot');
        },
      }),
    );
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    fireEvent.click(within(times).getAllByRole('radio')[1]!);
    fireEvent.click(screen.getByRole('button', { name: 'Hold this time' }));
    const alert = await screen.findByText('Someone else just took this time');
    expect(alert.closest('[role="status"]')!.textContent).toContain('the free times below are up to date');
    await waitFor(() => expect(api.calls(`GET /api/v1/providers/${BOB.id}/slots`)).toHaveLength(2));
    await waitFor(() =>
      expect(
        within(screen.getByRole('radiogroup', { name: /^Times on/ })).getAllByRole('radio'),
      ).toHaveLength(1),
    );
    // Nothing stays chosen, so nothing can be held by mistake.
    expect(screen.queryByRole('button', { name: 'Hold this time' })).toBeNull();
  });

  it('goes back to the free times when the hold runs out before confirming', async () => {
    const held = consultation(
      {
        id: 'c_held',
        status: 'held',
        heldUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
        roomId: null,
      },
      ten,
    );
    await open(
      `/consultations/book/${BOB.id}`,
      bookingRoutes({
        'POST /api/v1/consultations': { status: 201, body: { consultation: held } },
        'POST /api/v1/consultations/c_held/confirm': apiError(
          409,
          'consultation_state',
          'This consultation expired before it was confirmed, so it cannot be confirmed',
        ),
      }),
    );
    const times = await screen.findByRole('radiogroup', { name: /^Times on/ });
    fireEvent.click(within(times).getAllByRole('radio')[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Hold this time' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm booking' }));
    await screen.findByText('Your hold ran out');
    await screen.findByRole('radiogroup', { name: /^Times on/ });
  });
});
