import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, apiError, instance, mockApi, settingsView, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const base = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    ...routes,
  });

describe('Administration → Limits', () => {
  const view = settingsView({ name: 'Acme', registrationOpen: false });

  it('shows the per-person limits and saves only what changed', async () => {
    const api = base({
      'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
      'PATCH /api/v1/admin/settings': (request) => ({
        status: 200,
        body: {
          settings: { ...view, limits: { ...view.limits, ...(request.body as { limits: object }).limits } },
          problems: { jitsi: [] },
        },
      }),
    });
    renderApp('/admin/limits');
    const messages = await screen.findByLabelText('Messages per minute');
    expect(messages).toHaveProperty('value', '60');
    const rings = screen.getByLabelText('Rings of the same person per 10 minutes');
    expect(rings).toHaveProperty('value', '5');
    // Issue 20's limits: files, reactions, search and threads.
    expect(screen.getByLabelText('File uploads per hour')).toHaveProperty('value', '200');
    expect(screen.getByLabelText('Reactions per minute')).toHaveProperty('value', '120');
    expect(screen.getByLabelText('Searches per minute')).toHaveProperty('value', '60');
    expect(screen.getByLabelText('Thread changes per minute')).toHaveProperty('value', '300');
    screen.getByRole('link', { name: 'Limits' });

    fireEvent.change(messages, { target: { value: '90' } });
    fireEvent.change(rings, { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText('After a declined call, no ring from that caller for (seconds)'), {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await screen.findByText('Limits saved. They apply at once.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({
      limits: { messagesPerMinute: 90, ringsOfOnePersonPer10Minutes: 12, ringAfterDeclineSeconds: 0 },
    });
  });

  it('says when the settings could not be loaded, and tries again', async () => {
    let fail = true;
    base({
      'GET /api/v1/admin/settings': () =>
        fail
          ? apiError(500, 'internal_error', 'Broken')
          : { status: 200, body: { settings: view, problems: { jitsi: [] } } },
    });
    renderApp('/admin/limits');
    await screen.findByText('Settings couldn’t be loaded');
    screen.getByRole('region', { name: 'Limits' });
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Messages per minute')).toHaveProperty('value', '60');
  });

  it('refuses a limit of 0 before asking the server', async () => {
    const api = base({
      'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
    });
    renderApp('/admin/limits');
    fireEvent.change(await screen.findByLabelText('Rooms created per hour'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await screen.findByText('Use a whole number from 1 to 100,000.');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
  });

  it('refuses more than 1,000 rings of one person per 10 minutes before asking the server', async () => {
    const api = base({
      'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
    });
    renderApp('/admin/limits');
    fireEvent.change(await screen.findByLabelText('Rings of the same person per 10 minutes'), {
      target: { value: '1001' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await screen.findByText('Use a whole number from 1 to 1,000.');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
  });
});
