import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Call } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, type mockApi } from '../../test/api';
import { call, participant } from '../../test/calls';
import { BOB, CAROL, GRACE } from '../../test/chat';
import { sockets } from '../../test/fakeSocket';
import { openGeneralWithCall } from '../../test/openGeneralWithCall';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
});

const ongoing = call({
  id: 'c_g',
  roomId: 'r_general',
  type: 'group',
  status: 'ongoing',
  createdBy: BOB.id,
  title: 'Planning',
  startedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  participants: [participant(BOB, 'joined'), participant(CAROL, 'joined'), participant(GRACE, 'ringing')],
  roomDisplayName: 'General',
});

/** #general with one call message; `GET /calls/c_g` answers `answer`. */
async function openWithCallMessage(answer: Parameters<typeof mockApi>[0][string]) {
  return openGeneralWithCall(
    {
      'GET /api/v1/calls/c_g': answer,
      'GET /api/v1/rooms/r_general/calls': { status: 200, body: { calls: [ended()], nextBefore: null } },
      'GET /api/v1/rooms/r_general/calls/preview': {
        status: 200,
        body: { current: null, type: 'group', ringing: true, callees: [BOB], total: 1 },
      },
    },
    'started a call: Planning',
  );
}

function ended(over: Partial<Call> = {}): Call {
  const start = Date.parse('2026-03-02T10:00:00.000Z');
  return {
    ...ongoing,
    status: 'ended',
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 12 * 60_000 + 20_000).toISOString(),
    participants: [participant(BOB, 'left'), participant(CAROL, 'left'), participant(GRACE, 'missed')],
    ...over,
  };
}

describe('call message', () => {
  it('fetches its call once and shows it going on, with who is in and Join', async () => {
    const { api, card } = await openWithCallMessage({ status: 200, body: { call: ongoing } });
    await within(card).findByText('In call · 3 min');
    expect(card.textContent).toContain('Bob Brown started a call: Planning');
    expect(card.textContent).toContain('Bob Brown and Carol Clark are in');
    within(card).getByRole('button', { name: 'Join' });
    expect(api.calls('GET /api/v1/calls/c_g')).toHaveLength(1);
  });

  it('counts the call’s time every second while it goes on, as the call’s header does', async () => {
    // Only the intervals and the clock are fake: the page loads on real timeouts.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: Date.now() });
    try {
      const started = new Date(Date.now() - 20_000).toISOString();
      const { card } = await openWithCallMessage({
        status: 200,
        body: { call: { ...ongoing, startedAt: started } },
      });
      await within(card).findByText('In call · 20 s');
      act(() => {
        vi.advanceTimersByTime(5_000);
      });
      within(card).getByText('In call · 25 s');
      act(() => {
        vi.advanceTimersByTime(40_000);
      });
      within(card).getByText('In call · 1 min');
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the call live: ended with its duration and who joined, then Call back', async () => {
    const { api, socket, card } = await openWithCallMessage({ status: 200, body: { call: ongoing } });
    await within(card).findByText('In call · 3 min');
    act(() => socket.serverEmit('call:ended', ended()));
    await within(card).findByText('Call ended · 12 min');
    expect(card.textContent).toContain('Bob Brown and Carol Clark joined');
    expect(within(card).queryByRole('button', { name: 'Join' })).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Call back' }));
    await screen.findByRole('dialog', { name: 'Call General' });
    await waitFor(() => expect(api.calls('GET /api/v1/rooms/r_general/calls/preview')).toHaveLength(1));
  });

  it('says a direct call was missed, declined or canceled', async () => {
    const direct = { ...ongoing, type: 'direct' as const, startedAt: null };
    const { socket, card } = await openWithCallMessage({
      status: 200,
      body: { call: { ...direct, status: 'missed' } },
    });
    await within(card).findByText('Missed call');
    act(() =>
      socket.serverEmit('call:updated', {
        ...direct,
        id: 'c_g',
        status: 'declined',
        participants: [participant(BOB, 'accepted'), participant(GRACE, 'declined')],
      }),
    );
    // An ended call does not come back to life, but a later end state replaces an earlier one.
    await within(card).findByText('You declined');
    within(card).getByRole('button', { name: 'Call back' });
  });

  it('keeps the message when its call cannot be loaded, with Try again', async () => {
    const { card } = await openWithCallMessage(apiError(500, 'internal_error', 'Boom'));
    await within(card).findByText(/could not be loaded/);
    expect(card.textContent).toContain('Bob Brown started a call: Planning');
    within(card).getByRole('button', { name: 'Try again' });
  });
});

describe('room call history', () => {
  it('lists the room’s calls from the header: who called, when, how long, who joined', async () => {
    const { api } = await openWithCallMessage({ status: 200, body: { call: ongoing } });
    fireEvent.click(screen.getByRole('button', { name: 'Calls in this room' }));
    const dialog = await screen.findByRole('dialog', { name: 'Calls in General' });
    const item = await within(dialog).findByRole('listitem');
    expect(item.textContent).toContain('Bob Brown called');
    expect(item.textContent).toContain('Planning');
    expect(item.textContent).toContain('Ended');
    expect(item.textContent).toContain('12 min');
    expect(item.textContent).toContain('Bob Brown and Carol Clark joined');
    expect(api.calls('GET /api/v1/rooms/r_general/calls')).toHaveLength(1);
  });
});
