import { DEFAULT_AVAILABILITY, type Availability } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs } from '../../test/api';
import { useTimeZone } from '../../test/consultations';
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

const PROVIDER = { ...MEMBER, provider: true };

const SAVED: Availability = {
  timezone: 'Europe/Berlin',
  sessionMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 720,
  horizonDays: 60,
  weekly: [{ day: 2, start: '13:00', end: '17:00' }],
  exceptions: [],
};

async function open(routes: Parameters<typeof mockApi>[0]) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(PROVIDER),
    ...routes,
  });
  renderApp('/consultations/availability');
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  await screen.findByRole('heading', { name: 'Weekly hours' });
  return api;
}

const day = (name: string) => {
  const list = screen.getByRole('list', { name: 'Weekly hours' });
  const row = within(list)
    .getAllByRole('listitem')
    .find((li) => li.querySelector('.week-day-name')?.textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe('the availability editor', () => {
  // Many fields and some 400 time zones: slow in jsdom on a busy 2-core machine.
  it(
    'saves the week, copied weekdays, a day off and custom hours in the contract’s shape',
    { timeout: 120_000 },
    async () => {
      const api = await open({
        'GET /api/v1/providers/me/availability': { status: 200, body: SAVED },
        'PUT /api/v1/providers/me/availability': (request) => ({ status: 200, body: request.body }),
      });
      // Stored hours show in their rows; days without hours say so.
      expect(within(day('Tuesday')).getByLabelText('Tuesday: from')).toHaveProperty('value', '13:00');
      expect(day('Monday').textContent).toContain('Unavailable');

      // Monday 09:00–12:00 and 13:00–18:00, then copied to every weekday.
      fireEvent.click(within(day('Monday')).getByRole('button', { name: /Add hours\s*on Monday/ }));
      fireEvent.change(within(day('Monday')).getByLabelText('Monday: until'), { target: { value: '12:00' } });
      fireEvent.click(within(day('Monday')).getByRole('button', { name: /Add hours\s*on Monday/ }));
      const [, secondFrom] = within(day('Monday')).getAllByLabelText('Monday: from');
      const [, secondUntil] = within(day('Monday')).getAllByLabelText('Monday: until');
      fireEvent.change(secondFrom!, { target: { value: '13:00' } });
      fireEvent.change(secondUntil!, { target: { value: '18:00' } });
      fireEvent.click(within(day('Monday')).getByRole('button', { name: /Copy to all weekdays/ }));
      expect(within(day('Friday')).getAllByLabelText('Friday: from')).toHaveLength(2);
      // Saturday until midnight: 00:00 as an end is sent as 24:00.
      fireEvent.click(within(day('Saturday')).getByRole('button', { name: /Add hours\s*on Saturday/ }));
      fireEvent.change(within(day('Saturday')).getByLabelText('Saturday: from'), {
        target: { value: '20:00' },
      });
      fireEvent.change(within(day('Saturday')).getByLabelText('Saturday: until'), {
        target: { value: '00:00' },
      });
      // Wednesday off after all.
      for (const button of within(day('Wednesday')).getAllByRole('button', { name: /Remove Wednesday/ })) {
        fireEvent.click(button);
      }

      fireEvent.change(screen.getByLabelText('Your time zone'), { target: { value: 'Europe/Lisbon' } });
      fireEvent.change(screen.getByLabelText('Break after each session (minutes)'), {
        target: { value: '15' },
      });
      fireEvent.change(screen.getByLabelText('Minimum notice'), { target: { value: '0' } });

      fireEvent.click(screen.getByRole('button', { name: 'Add a date' }));
      fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-12-24' } });
      fireEvent.click(screen.getByRole('button', { name: 'Add a date' }));
      const [, second] = screen.getAllByLabelText('Date');
      fireEvent.change(second!, { target: { value: '2026-12-31' } });
      const [, secondKind] = screen.getAllByLabelText('That day');
      fireEvent.change(secondKind!, { target: { value: 'hours' } });
      const exceptions = [...document.querySelectorAll<HTMLElement>('li.exception')];
      fireEvent.change(within(exceptions[1]!).getByLabelText('2026-12-31: until'), {
        target: { value: '12:00' },
      });

      fireEvent.click(screen.getByRole('button', { name: 'Save hours' }));
      await screen.findByText(/Your hours are saved/);
      const morning = { start: '09:00', end: '12:00' };
      const afternoon = { start: '13:00', end: '18:00' };
      expect(api.calls('PUT /api/v1/providers/me/availability')[0]!.body).toEqual({
        timezone: 'Europe/Lisbon',
        sessionMinutes: 50,
        bufferMinutes: 15,
        minNoticeMinutes: 0,
        horizonDays: 60,
        weekly: [
          { day: 1, ...morning },
          { day: 1, ...afternoon },
          { day: 2, ...morning },
          { day: 2, ...afternoon },
          { day: 4, ...morning },
          { day: 4, ...afternoon },
          { day: 5, ...morning },
          { day: 5, ...afternoon },
          { day: 6, start: '20:00', end: '24:00' },
        ],
        exceptions: [
          { date: '2026-12-24', hours: [] },
          { date: '2026-12-31', hours: [{ start: '09:00', end: '12:00' }] },
        ],
      });
    },
  );

  it('refuses overlapping or backwards hours on the spot, without saving', async () => {
    const api = await open({
      'GET /api/v1/providers/me/availability': { status: 200, body: SAVED },
    });
    fireEvent.click(within(day('Tuesday')).getByRole('button', { name: /Add hours\s*on Tuesday/ }));
    const [, from] = within(day('Tuesday')).getAllByLabelText('Tuesday: from');
    const [, until] = within(day('Tuesday')).getAllByLabelText('Tuesday: until');
    fireEvent.change(from!, { target: { value: '16:00' } });
    fireEvent.change(until!, { target: { value: '19:00' } });
    fireEvent.click(within(day('Thursday')).getByRole('button', { name: /Add hours\s*on Thursday/ }));
    fireEvent.change(within(day('Thursday')).getByLabelText('Thursday: from'), {
      target: { value: '18:00' },
    });
    fireEvent.change(within(day('Thursday')).getByLabelText('Thursday: until'), {
      target: { value: '10:00' },
    });
    fireEvent.change(screen.getByLabelText('Session length (minutes)'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save hours' }));

    await within(day('Tuesday')).findByText('Overlaps 13:00–17:00.');
    expect(day('Thursday').textContent).toContain('The end comes after the start');
    screen.getByText('A session is at least 15 minutes');
    expect(api.calls('PUT /api/v1/providers/me/availability')).toHaveLength(0);
    // Focus goes to the first field to fix.
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-invalid')).toBe('true'));
  });

  it('starts from the defaults in my own zone when nothing is saved yet, and shows a failed save', async () => {
    const api = await open({
      'GET /api/v1/providers/me/availability': apiError(404, 'not_found', 'Not found'),
      'PUT /api/v1/providers/me/availability': apiError(
        422,
        'validation_error',
        'Check the highlighted fields',
        [{ path: 'body.horizonDays', message: 'Too far ahead' }],
      ),
    });
    screen.getByText('Set your hours to be bookable');
    expect(screen.getByLabelText('Your time zone')).toHaveProperty('value', 'Europe/Lisbon');
    fireEvent.click(screen.getByRole('button', { name: 'Save hours' }));
    await screen.findByText('Too far ahead');
    expect(api.calls('PUT /api/v1/providers/me/availability')[0]!.body).toMatchObject({
      timezone: 'Europe/Lisbon',
      weekly: [],
    });
  });

  it('starts in my own zone, not UTC, when the role was just granted (the stored defaults)', async () => {
    await open({
      'GET /api/v1/providers/me/availability': {
        status: 200,
        body: { ...DEFAULT_AVAILABILITY },
      },
    });
    screen.getByText('Set your hours to be bookable');
    expect(screen.getByLabelText('Your time zone')).toHaveProperty('value', 'Europe/Lisbon');
  });

  it('keeps a zone the provider saved, UTC included, once they have hours', async () => {
    await open({
      'GET /api/v1/providers/me/availability': {
        status: 200,
        body: { ...SAVED, timezone: 'UTC' },
      },
    });
    expect(screen.getByLabelText('Your time zone')).toHaveProperty('value', 'UTC');
    expect(screen.queryByText('Set your hours to be bookable')).toBeNull();
  });

  it('tells someone who is not a provider what the page is for', async () => {
    mockApi({ 'GET /api/v1/instance': instance(), 'GET /api/v1/auth/session': signedInAs(MEMBER) });
    renderApp('/consultations/availability');
    await screen.findByText('For providers only');
    expect(screen.queryByRole('link', { name: 'Availability' })).toBeNull();
  });
});
