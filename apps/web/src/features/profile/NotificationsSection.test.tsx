import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { NotificationSettings, NotificationSettingsUpdate } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MEMBER, apiError, instance, mockApi, signedInAs, type RecordedRequest } from '../../test/api';
import { axeViolations } from '../../test/axe';
import { BOB } from '../../test/chat';
import { lastSocket, sockets } from '../../test/fakeSocket';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

beforeEach(() => {
  sockets.length = 0;
  // A short list of time zones: axe and role queries over the browser's ~400 take many seconds in jsdom.
  vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue(['America/New_York', 'Europe/Kyiv']);
});

const DEFAULTS: NotificationSettings = {
  dnd: { until: null, schedule: null, active: false },
  email: { digestMinutes: null, missedCalls: false, available: false },
  preview: false,
  previewAllowed: false,
};

/** A server that merges PATCHes the way the real one does (enough for these tests). */
function settingsServer(initial: NotificationSettings = DEFAULTS) {
  let current = structuredClone(initial);
  const patch = (request: RecordedRequest) => {
    const body = request.body as NotificationSettingsUpdate;
    const dnd = { ...current.dnd };
    if (body.dnd?.until !== undefined) dnd.until = body.dnd.until;
    if (body.dnd?.schedule !== undefined) dnd.schedule = body.dnd.schedule;
    dnd.active = dnd.until !== null;
    current = {
      ...current,
      dnd,
      email: { ...current.email, ...body.email },
      preview: body.preview ?? current.preview,
    };
    return { status: 200, body: current };
  };
  return {
    'GET /api/v1/me/notification-settings': () => ({ status: 200, body: current }),
    'PATCH /api/v1/me/notification-settings': patch,
  };
}

async function openSection(routes: Parameters<typeof mockApi>[0]) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    ...routes,
  });
  renderApp('/profile');
  const section = await screen.findByRole('region', { name: 'Notifications' });
  return { api, section: within(section), element: section };
}

describe('Profile → Notifications', () => {
  it('pauses notifications for an hour and resumes them', async () => {
    const { api, section, element } = await openSection(settingsServer());
    await section.findByText('Do not disturb is off.');
    expect(await axeViolations(element)).toEqual([]);
    const before = Date.now();
    fireEvent.click(section.getByRole('button', { name: 'For 1 hour' }));
    await section.findByText(/^Do not disturb is on until/);
    const until = (api.calls('PATCH /api/v1/me/notification-settings')[0]!.body as NotificationSettingsUpdate)
      .dnd!.until!;
    expect(Date.parse(until) - before).toBeGreaterThan(3_590_000);
    expect(Date.parse(until) - before).toBeLessThan(3_610_000);
    fireEvent.click(section.getByRole('button', { name: 'Resume now' }));
    await section.findByText('Do not disturb is off.');
    expect(api.calls('PATCH /api/v1/me/notification-settings')[1]!.body).toEqual({ dnd: { until: null } });
  });

  it('saves quiet hours with days, times, a time zone and a person who may still ring', async () => {
    const { api, section, element } = await openSection({
      ...settingsServer(),
      'GET /api/v1/users': { status: 200, body: { users: [BOB] } },
      'GET /api/v1/users/u_bob': { status: 200, body: { user: BOB } },
    });
    fireEvent.click(await section.findByLabelText('Use quiet hours'));
    fireEvent.click(section.getByLabelText('Friday'));
    fireEvent.click(section.getByLabelText('Sunday'));
    fireEvent.change(section.getByLabelText('From'), { target: { value: '21:30' } });
    fireEvent.change(section.getByLabelText('Time zone'), { target: { value: 'UTC' } });
    section.getByText('Nobody: no call rings while you do not want to be disturbed.');
    fireEvent.change(section.getByLabelText('Find a person'), { target: { value: 'bo' } });
    fireEvent.click(await section.findByText('Let Bob Brown ring'));
    section.getByText('Remove Bob Brown');
    expect(await axeViolations(element)).toEqual([]);
    fireEvent.click(section.getByText('Save quiet hours'));
    await section.findByText('Quiet hours saved.');
    expect(api.calls('PATCH /api/v1/me/notification-settings')[0]!.body).toEqual({
      dnd: {
        schedule: { days: [1, 2, 3, 4, 0], from: '21:30', to: '07:00', timezone: 'UTC', allowFrom: [BOB.id] },
      },
    });
  });

  it('says when e-mail cannot be sent, saves e-mail choices, and offers previews only when allowed', async () => {
    const { api, section } = await openSection(
      settingsServer({ ...DEFAULTS, previewAllowed: true, email: { ...DEFAULTS.email, digestMinutes: 45 } }),
    );
    await section.findByText(/This server cannot send e-mail yet/);
    const digest = section.getByRole<HTMLSelectElement>('combobox', { name: /left unread/ });
    expect(digest.value).toBe('45');
    fireEvent.change(digest, { target: { value: '15' } });
    await waitFor(() => expect(api.calls('PATCH /api/v1/me/notification-settings')).toHaveLength(1));
    expect(api.calls('PATCH /api/v1/me/notification-settings')[0]!.body).toEqual({
      email: { digestMinutes: 15 },
    });
    const missed = section.getByRole<HTMLInputElement>('switch', { name: /calls I missed/ });
    await waitFor(() => expect(missed.disabled).toBe(false));
    fireEvent.click(missed);
    await waitFor(() => expect(missed.checked).toBe(true));
    fireEvent.click(await section.findByRole('switch', { name: /message text in push/ }));
    await waitFor(() => expect(api.calls('PATCH /api/v1/me/notification-settings')).toHaveLength(3));
  });

  it('shows a load failure with a way to try again, a save failure, and changes from another tab', async () => {
    let fail = true;
    const server = settingsServer();
    const { section } = await openSection({
      ...server,
      'GET /api/v1/me/notification-settings': (request) =>
        fail
          ? apiError(503, 'unavailable', 'The server is busy')
          : (server['GET /api/v1/me/notification-settings'] as (r: RecordedRequest) => unknown)(request),
      'PATCH /api/v1/me/notification-settings': apiError(429, 'rate_limited', 'Slow down a little'),
    } as Parameters<typeof mockApi>[0]);
    await section.findByText('The server is busy');
    fail = false;
    fireEvent.click(section.getByRole('button', { name: 'Try again' }));
    await section.findByText('Do not disturb is off.');
    fireEvent.click(section.getByRole('button', { name: 'For 8 hours' }));
    await section.findByText('Slow down a little');

    const socket = await waitFor(() => lastSocket());
    act(() =>
      socket.serverEmit('notifications:settings', {
        ...DEFAULTS,
        dnd: { until: null, schedule: null, active: true },
      }),
    );
    await section.findByText('Do not disturb is on now (your quiet hours).');
  });
});
