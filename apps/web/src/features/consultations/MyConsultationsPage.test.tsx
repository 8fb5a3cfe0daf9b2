import type { Consultation } from '@parley/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, MEMBER, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { BOB } from '../../test/chat';
import { consultation, liveConsultation, slotAt, useTimeZone } from '../../test/consultations';
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

const scheduled = consultation({ id: 'c_sched' }, slotAt(2, 11));
const proposal = consultation(
  {
    id: 'c_prop',
    status: 'held',
    bookedBy: 'provider',
    heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
    roomId: null,
  },
  slotAt(3, 16),
);
const live = liveConsultation({ id: 'c_live', status: 'active' });

const past = (id: string, status: Consultation['status'], over: Partial<Consultation> = {}) =>
  consultation({ id, status, ...over }, slotAt(-3, 10));

async function open(routes: Parameters<typeof mockApi>[0], path = '/consultations') {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    ...routes,
  });
  const app = renderApp(path);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, app, socket };
}

const item = (name: RegExp | string) => {
  const link = screen.getAllByRole('link').find((l) => l.textContent?.match(name) && l.closest('li'));
  if (!link) throw new Error(`no item for ${String(name)}`);
  return link.closest('li')!;
};

describe('my consultations', () => {
  it('lists upcoming and past consultations with their status in plain words', async () => {
    const { api } = await open({
      'GET /api/v1/consultations': (request) => ({
        status: 200,
        body: {
          consultations:
            query(request).get('when') === 'past'
              ? [
                  past('c1', 'finished'),
                  past('c2', 'late_canceled', { cancelReason: 'Sick', canceledBy: 'client' }),
                  past('c3', 'no_show_client'),
                  past('c4', 'no_show_provider'),
                  past('c5', 'expired'),
                  past('c6', 'canceled'),
                ]
              : [proposal, scheduled, live],
        },
      }),
    });
    const list = await screen.findByRole('list', { name: 'Upcoming consultations' });
    const items = within(list).getAllByRole('listitem');
    // Soonest first.
    expect(items.map((li) => li.querySelector('.status-badge')?.textContent)).toEqual([
      'In progress',
      'Scheduled',
      'Awaiting confirmation',
    ]);
    expect(within(items[0]!).getByRole('link', { name: /Join/ }).getAttribute('href')).toBe(
      '/consultations/c_live',
    );
    expect(items[2]!.textContent).toContain('Bob Brown proposes this session');

    fireEvent.click(screen.getByRole('tab', { name: 'Past' }));
    const pastList = await screen.findByRole('list', { name: 'Past consultations' });
    expect(
      within(pastList)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.status-badge')?.textContent),
    ).toEqual([
      'Finished',
      'Canceled late',
      'Client didn’t join',
      'Provider didn’t join',
      'Expired',
      'Canceled',
    ]);
    expect(pastList.textContent).toContain('Your reason: Sick');
    expect(query(api.calls('GET /api/v1/consultations').at(-1)!).get('when')).toBe('past');
  });

  it('cancels with a reason and says when it counted as late', async () => {
    const { api } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [scheduled] } },
      'POST /api/v1/consultations/c_sched/cancel': {
        status: 200,
        body: { consultation: { ...scheduled, status: 'late_canceled', canceledBy: 'client' } },
      },
    });
    await screen.findByRole('list', { name: 'Upcoming consultations' });
    fireEvent.click(within(item('Bob Brown')).getByRole('button', { name: /Cancel/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this consultation?' });
    expect(dialog.textContent).toContain('Close to the start, this is a late cancellation');
    fireEvent.change(within(dialog).getByLabelText('Reason (optional)'), {
      target: { value: 'Feeling unwell' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel consultation' }));
    await screen.findByText(/counts as a late cancellation/);
    expect(api.calls('POST /api/v1/consultations/c_sched/cancel')[0]!.body).toEqual({
      reason: 'Feeling unwell',
    });
    await screen.findByText('No upcoming consultations');
  });

  it('accepts a proposal, and shows consultations booked elsewhere as they happen', async () => {
    const { api, socket } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [proposal] } },
      'POST /api/v1/consultations/c_prop/accept': {
        status: 200,
        body: { consultation: { ...proposal, status: 'scheduled', heldUntil: null, roomId: 'r_c' } },
      },
    });
    await screen.findByRole('list', { name: 'Upcoming consultations' });
    fireEvent.click(within(item('Bob Brown')).getByRole('button', { name: /^Accept/ }));
    await screen.findByText('Accepted. The new time is booked.');
    expect(api.calls('POST /api/v1/consultations/c_prop/accept')).toHaveLength(1);
    within(item('Bob Brown')).getByText('Scheduled');

    act(() => socket.serverEmit('consultation:updated', consultation({ id: 'c_new' }, slotAt(5, 9))));
    expect(
      screen
        .getAllByRole('listitem', { hidden: false })
        .filter((li) => li.classList.contains('consultation-item')),
    ).toHaveLength(2);
  });

  it('reschedules to a free time of the provider', async () => {
    const newTime = slotAt(4, 12);
    const { api } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [scheduled] } },
      [`GET /api/v1/providers/${BOB.id}/slots`]: {
        status: 200,
        body: { slots: [newTime], timezone: 'Europe/Lisbon' },
      },
      'POST /api/v1/consultations/c_sched/reschedule': {
        status: 200,
        body: { consultation: { ...scheduled, start: newTime.start, end: newTime.end } },
      },
    });
    await screen.findByRole('list', { name: 'Upcoming consultations' });
    fireEvent.click(within(item('Bob Brown')).getByRole('button', { name: /Reschedule/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Reschedule' });
    const times = await within(dialog).findByRole('radiogroup', { name: /^Times on/ });
    expect(within(dialog).getByRole('button', { name: 'Move to this time' })).toHaveProperty(
      'disabled',
      true,
    );
    fireEvent.click(within(times).getByRole('radio'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move to this time' }));
    await screen.findByText(/^Moved to/);
    expect(api.calls('POST /api/v1/consultations/c_sched/reschedule')[0]!.body).toEqual({
      start: newTime.start,
    });
  });
});
