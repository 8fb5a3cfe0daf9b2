import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, instance, MEMBER, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { CAROL } from '../../test/chat';
import { consultation, liveConsultation, provider, slotAt, useTimeZone } from '../../test/consultations';
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
const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;
const carolParty = { id: CAROL.id, displayName: CAROL.displayName, avatarUrl: null };
const asProvider = {
  role: 'provider' as const,
  provider: { id: MEMBER.id, displayName: MEMBER.displayName, avatarUrl: null },
};

async function open(routes: Parameters<typeof mockApi>[0], path = '/consultations/dashboard') {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(PROVIDER),
    ...routes,
  });
  renderApp(path);
  const socket = await waitFor(() => lastSocket());
  act(() => socket.serverEmit('connect'));
  return { api, socket };
}

describe('the provider dashboard', () => {
  it('shows today, what waits for an answer, and what comes later; only my sessions as provider', async () => {
    const { api } = await open({
      'GET /api/v1/consultations': {
        status: 200,
        body: {
          consultations: [
            liveConsultation({ id: 'c_now', status: 'active', client: carolParty, ...asProvider }),
            consultation({ id: 'c_later', client: carolParty, ...asProvider }, slotAt(3, 9)),
            consultation(
              {
                id: 'c_prop',
                status: 'held',
                bookedBy: 'provider',
                heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
                client: { id: 'u_dan', displayName: 'Dan Dale', avatarUrl: null },
                ...asProvider,
              },
              slotAt(4, 9),
            ),
          ],
        },
      },
    });
    const today = await screen.findByRole('region', { name: /^Today/ });
    within(today).getByText('Carol Clark');
    within(today).getByText('In progress');
    within(today).getByRole('link', { name: /Join/ });
    const waiting = screen.getByRole('region', { name: /^Waiting for an answer/ });
    expect(waiting.textContent).toContain('Proposed to Dan Dale; waiting for their answer.');
    within(waiting).getByRole('button', { name: 'Withdraw' });
    const upcoming = screen.getByRole('region', { name: /^Upcoming/ });
    within(upcoming).getByRole('button', { name: /Propose new time/ });
    expect(query(api.calls('GET /api/v1/consultations')[0]!).get('role')).toBe('provider');
  });

  it('proposes a session to a client at one of my free times', async () => {
    const time = slotAt(2, 11);
    const proposed = consultation(
      { id: 'c_new', status: 'held', bookedBy: 'provider', client: carolParty, ...asProvider },
      time,
    );
    const { api } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
      'GET /api/v1/users': { status: 200, body: { users: [CAROL] } },
      [`GET /api/v1/providers/${MEMBER.id}/slots`]: {
        status: 200,
        body: { slots: [time], timezone: 'Europe/Lisbon' },
      },
      'POST /api/v1/consultations': { status: 201, body: { consultation: proposed } },
    });
    await screen.findByText('No sessions today.');
    fireEvent.click(screen.getByRole('button', { name: 'Propose a session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Propose a session' });
    expect(within(dialog).getByRole('button', { name: 'Send proposal' })).toHaveProperty('disabled', true);
    fireEvent.click(await within(dialog).findByRole('button', { name: /Carol Clark/ }));
    fireEvent.click(
      within(await within(dialog).findByRole('radiogroup', { name: /^Times on/ })).getByRole('radio'),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send proposal' }));
    await screen.findByText(/Proposal sent to Carol Clark/);
    expect(api.calls('POST /api/v1/consultations')[0]!.body).toEqual({
      clientId: CAROL.id,
      start: time.start,
    });
    expect(screen.getByRole('region', { name: /^Waiting for an answer/ }).textContent).toContain(
      'Carol Clark',
    );
  });

  it('starts a session with a client now, without choosing a time', async () => {
    const time = slotAt(0, 10);
    const proposed = consultation(
      { id: 'c_now', status: 'held', bookedBy: 'provider', client: carolParty, ...asProvider },
      time,
    );
    const { api } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
      'GET /api/v1/users': { status: 200, body: { users: [CAROL] } },
      [`GET /api/v1/providers/${MEMBER.id}/slots`]: {
        status: 200,
        body: { slots: [], timezone: 'Europe/Lisbon' },
      },
      'POST /api/v1/consultations': { status: 201, body: { consultation: proposed } },
    });
    await screen.findByText('No sessions today.');
    fireEvent.click(screen.getByRole('button', { name: 'Propose a session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Propose a session' });
    fireEvent.click(await within(dialog).findByRole('button', { name: /Carol Clark/ }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Now' }));
    // No free times needed: the slot picker goes away.
    expect(within(dialog).queryByRole('radiogroup', { name: 'Days' })).toBeNull();
    within(dialog).getByText(/starting now/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start now' }));
    await screen.findByText(/Proposal sent to Carol Clark/);
    expect(api.calls('POST /api/v1/consultations')[0]!.body).toEqual({ clientId: CAROL.id, start: 'now' });
  });

  it('says so when starting now collides with a session already booked', async () => {
    const { api } = await open({
      'GET /api/v1/consultations': { status: 200, body: { consultations: [] } },
      'GET /api/v1/users': { status: 200, body: { users: [CAROL] } },
      'POST /api/v1/consultations': apiError(409, 'slot_taken', 'Someone else just took this time'),
    });
    await screen.findByText('No sessions today.');
    fireEvent.click(screen.getByRole('button', { name: 'Propose a session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Propose a session' });
    fireEvent.click(await within(dialog).findByRole('button', { name: /Carol Clark/ }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Now' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start now' }));
    await within(dialog).findByText(/already have a session booked now/);
    expect(api.calls('POST /api/v1/consultations')).toHaveLength(1);
  });
});

describe('the provider profile', () => {
  it('saves bio, specialities, languages and whether I take bookings', async () => {
    const me = provider({
      id: MEMBER.id,
      displayName: MEMBER.displayName,
      specialities: ['Stress'],
      languages: ['en'],
    });
    const { api } = await open(
      {
        'GET /api/v1/providers/me': { status: 200, body: { provider: me } },
        'PUT /api/v1/providers/me': (request) => ({
          status: 200,
          body: { provider: { ...me, ...(request.body as object) } },
        }),
      },
      '/consultations/profile',
    );
    const bio = await screen.findByLabelText('About you');
    fireEvent.change(bio, { target: { value: 'I help with sleep.' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Specialities' }), { target: { value: 'Sleep' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Specialities' }), { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Stress' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Languages' }), {
      target: { value: 'Portuguese' },
    });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Languages' }), { key: 'Enter' });
    screen.getByText('Use a language code such as en or pt-BR.');
    fireEvent.change(screen.getByRole('combobox', { name: 'Languages' }), { target: { value: 'pt-BR' } });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Languages' }), { key: 'Enter' });
    fireEvent.click(screen.getByRole('switch', { name: 'Accepting new bookings' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText('Your profile is saved.');
    expect(api.calls('PUT /api/v1/providers/me')[0]!.body).toEqual({
      bio: 'I help with sleep.',
      specialities: ['Sleep'],
      languages: ['en', 'pt-BR'],
      accepting: false,
      // Issue 19: the public booking page's switch, off unless turned on.
      publicBooking: false,
    });
    // The preview shows what was saved.
    expect(screen.getByRole('region', { name: 'How clients see you' }).textContent).toContain(
      'Not taking new bookings',
    );
  });
});
