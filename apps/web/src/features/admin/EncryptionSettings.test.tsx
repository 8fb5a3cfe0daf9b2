import type { SettingsResponse } from '@parley/shared';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, instance, mockApi, settingsView, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const initial: SettingsResponse = {
  settings: settingsView({ name: 'Acme', registrationOpen: false }),
  problems: { jitsi: [] },
};

/** The admin pages with a PATCH that answers with the section merged in. */
function open(path: string) {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/settings': { status: 200, body: initial },
    'GET /api/v1/admin/settings/jitsi/check': {
      status: 200,
      body: { configured: true, problems: [], warnings: [], sampleToken: null, dockerEnv: '' },
    },
    'PATCH /api/v1/admin/settings': (request) => {
      const body = request.body as { calls?: object; consultations?: object };
      const s = initial.settings;
      return {
        status: 200,
        body: {
          settings: {
            ...s,
            calls: { ...s.calls, ...body.calls },
            consultations: { ...s.consultations, ...body.consultations },
          },
          problems: { jitsi: [] },
        },
      };
    },
  });
  renderApp(path);
  return api;
}

describe('Administration: end-to-end encryption', () => {
  it('calls: off by default; choosing "required" saves only that', async () => {
    const api = open('/admin/video-calls');
    const calls = await screen.findByRole('region', { name: 'Conference calls' });
    const field = within(calls).getByLabelText<HTMLSelectElement>('End-to-end encryption');
    expect(field.value).toBe('off');
    expect(
      within(calls)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(
      expect.arrayContaining([
        'Off',
        'Offered: encrypted where the browser can',
        'Required: browsers that cannot encrypt cannot join',
      ]),
    );
    fireEvent.change(field, { target: { value: 'required' } });
    fireEvent.click(within(calls).getByRole('button', { name: 'Save call settings' }));
    await within(calls).findByText('Conference call settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({ calls: { e2ee: 'required' } });
    expect(within(calls).getByLabelText<HTMLSelectElement>('End-to-end encryption').value).toBe('required');
  });

  it('consultations: its own choice, saved with the consultation settings', async () => {
    const api = open('/admin/consultations');
    const field = await screen.findByLabelText<HTMLSelectElement>('End-to-end encryption');
    expect(field.value).toBe('off');
    fireEvent.change(field, { target: { value: 'offered' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save consultation settings' }));
    await screen.findByText('Consultation settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({
      consultations: { e2ee: 'offered' },
    });
  });
});
