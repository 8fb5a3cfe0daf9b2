import { DEFAULT_CONSULTATIONS_SETTINGS } from '@parley/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  MEMBER,
  apiError,
  instance,
  mockApi,
  settingsView,
  signedInAs,
  type RecordedRequest,
} from '../../test/api';
import { BOB, CAROL } from '../../test/chat';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const query = (request: RecordedRequest) => new URL(request.url, 'http://parley.test').searchParams;
const memberRow = { ...MEMBER, active: true };
const adminRow = { ...ADMIN, active: true };

const base = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    ...routes,
  });

describe('Administration → People: the provider switch', () => {
  it('makes someone a provider and back, saying which person it is for', async () => {
    let provider = false;
    const api = base({
      'GET /api/v1/admin/users': { status: 200, body: { users: [adminRow, memberRow] } },
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: (request) => {
        provider = (request.body as { provider: boolean }).provider;
        return { status: 200, body: { user: { ...memberRow, provider } } };
      },
    });
    renderApp('/admin/people');
    const toggle = await screen.findByRole('switch', { name: /Provider\s*\(Grace Hopper\)/ });
    expect(toggle).toHaveProperty('checked', false);
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveProperty('checked', true));
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)[0]!.body).toEqual({ provider: true });
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveProperty('checked', false));
    expect(api.calls(`PATCH /api/v1/admin/users/${MEMBER.id}`)[1]!.body).toEqual({ provider: false });
  });

  it('keeps the switch as it was and says why when the change is refused', async () => {
    base({
      'GET /api/v1/admin/users': { status: 200, body: { users: [memberRow] } },
      [`PATCH /api/v1/admin/users/${MEMBER.id}`]: apiError(
        403,
        'forbidden',
        'Only administrators can do that',
      ),
    });
    renderApp('/admin/people');
    const toggle = await screen.findByRole('switch', { name: /Grace Hopper/ });
    fireEvent.click(toggle);
    await screen.findByText('Only administrators can do that');
    expect(toggle).toHaveProperty('checked', false);
  });
});

describe('Administration → Consultations', () => {
  it('saves only what changed in the consultations section, reminders as a list of minutes', async () => {
    const view = settingsView({ name: 'Acme', registrationOpen: false });
    const api = base({
      'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
      'PATCH /api/v1/admin/settings': (request) => ({
        status: 200,
        body: {
          settings: {
            ...view,
            consultations: {
              ...view.consultations,
              ...(request.body as { consultations: object }).consultations,
            },
          },
          problems: { jitsi: [] },
        },
      }),
    });
    renderApp('/admin/consultations');
    const hold = await screen.findByLabelText('Hold a chosen time for (minutes)');
    expect(hold).toHaveProperty('value', '5');
    const reminders = screen.getByLabelText('Reminders (minutes before the start)');
    expect(reminders).toHaveProperty('value', '1440, 15');
    expect(screen.getByRole('button', { name: 'Save consultation settings' })).toHaveProperty(
      'disabled',
      true,
    );

    fireEvent.change(hold, { target: { value: '10' } });
    fireEvent.change(reminders, { target: { value: '60 ,15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save consultation settings' }));
    await screen.findByText('Consultation settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({
      consultations: { holdMinutes: 10, reminderOffsetsMinutes: [60, 15] },
    });
    expect(screen.getByLabelText('Reminders (minutes before the start)')).toHaveProperty('value', '60, 15');
  });

  it('refuses numbers out of range before asking the server', async () => {
    const api = base({
      'GET /api/v1/admin/settings': {
        status: 200,
        body: { settings: settingsView({ name: 'Acme', registrationOpen: false }), problems: { jitsi: [] } },
      },
    });
    renderApp('/admin/consultations');
    fireEvent.change(await screen.findByLabelText('Keep consultation chats for (days)'), {
      target: { value: '0' },
    });
    fireEvent.change(screen.getByLabelText('Reminders (minutes before the start)'), {
      target: { value: '15, soon' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save consultation settings' }));
    await screen.findByText('Use a whole number from 1 to 3650.');
    screen.getByText(/Use up to 5 whole numbers of minutes/);
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
    expect(DEFAULT_CONSULTATIONS_SETTINGS.retentionDays).toBe(30);
  });
});

describe('Administration → Access log', () => {
  const entry = (over: object) => ({
    consultationId: '0190b7a2-0000-7000-8000-000000000001',
    user: { id: MEMBER.id, displayName: 'Grace Hopper', avatarUrl: null },
    role: 'client',
    action: 'view',
    at: '2026-03-02T10:00:00.000Z',
    ...over,
  });

  it('lists who opened which consultation and when, filters by one, and pages on', async () => {
    const api = base({
      'GET /api/v1/admin/consultations/access-log': (request) => {
        const q = query(request);
        if (q.get('before')) {
          return { status: 200, body: { entries: [entry({ action: 'chat' })], nextBefore: null } };
        }
        return {
          status: 200,
          body: {
            entries: [
              entry({ action: 'join' }),
              entry({
                consultationId: '0190b7a2-0000-7000-8000-000000000002',
                user: { id: 'u_bob', displayName: 'Bob Brown', avatarUrl: null },
                role: 'provider',
              }),
            ],
            nextBefore: '2026-03-02T09:00:00.000Z',
          },
        };
      },
    });
    renderApp('/admin/access-log');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('Grace Hopper');
    expect(rows[0]!.textContent).toContain('Joined the call');
    expect(rows[1]!.textContent).toContain('Provider');
    expect(rows[1]!.textContent).toContain('Opened the consultation');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(4));
    expect(query(api.calls('GET /api/v1/admin/consultations/access-log').at(-1)!).get('before')).toBe(
      '2026-03-02T09:00:00.000Z',
    );

    fireEvent.click(within(rows[1]!).getByRole('button', { name: /Only this one/ }));
    await waitFor(() =>
      expect(
        query(api.calls('GET /api/v1/admin/consultations/access-log').at(-1)!).get('consultationId'),
      ).toBe('0190b7a2-0000-7000-8000-000000000002'),
    );
  });

  it('filters by provider and client chosen by name, and by my calendar days', async () => {
    const api = base({
      'GET /api/v1/admin/consultations/access-log': {
        status: 200,
        body: { entries: [entry({})], nextBefore: null },
      },
      'GET /api/v1/users': { status: 200, body: { users: [BOB, CAROL] } },
    });
    renderApp('/admin/access-log');
    await screen.findByRole('table');
    const picker = (label: string) => screen.getByLabelText(label).closest<HTMLElement>('.people-picker')!;
    fireEvent.click(await within(picker('Provider')).findByRole('button', { name: /Bob Brown/ }));
    fireEvent.click(await within(picker('Client')).findByRole('button', { name: /Carol Clark/ }));
    // No raw ids to type for them.
    expect(screen.queryByPlaceholderText(/provider id/i)).toBeNull();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-05' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await screen.findByText('The end date is before the start date.');
    expect(api.calls('GET /api/v1/admin/consultations/access-log')).toHaveLength(1);

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-06' } });
    expect(screen.queryByText('The end date is before the start date.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(api.calls('GET /api/v1/admin/consultations/access-log')).toHaveLength(2));
    const q = query(api.calls('GET /api/v1/admin/consultations/access-log').at(-1)!);
    expect(q.get('providerId')).toBe(BOB.id);
    expect(q.get('clientId')).toBe(CAROL.id);
    // The start of 5 March and the end of 6 March in my zone.
    expect(q.get('from')).toBe(new Date(2026, 2, 5).toISOString());
    expect(q.get('to')).toBe(new Date(2026, 2, 7).toISOString());
  });

  it('has an empty state and an error state', async () => {
    let fail = true;
    base({
      'GET /api/v1/admin/consultations/access-log': () =>
        fail
          ? apiError(500, 'internal_error', 'Broken')
          : { status: 200, body: { entries: [], nextBefore: null } },
    });
    renderApp('/admin/access-log');
    await screen.findByText('The access log couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('No one has opened a consultation yet');
  });
});
