import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, instance, mockApi, settingsView, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

describe('Administration › Workspace', () => {
  it('saves the name and registration switch and updates the sidebar', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(ADMIN),
      'GET /api/v1/admin/settings': {
        status: 200,
        body: {
          settings: settingsView({ name: 'Acme Studio', registrationOpen: false }),
          problems: { jitsi: [] },
        },
      },
      'PATCH /api/v1/admin/settings': (request) => ({
        status: 200,
        body: {
          settings: settingsView(
            (request.body as { workspace: { name: string; registrationOpen: boolean } }).workspace,
          ),
          problems: { jitsi: [] },
        },
      }),
    });
    const app = renderApp('/admin');
    const name = await screen.findByLabelText('Workspace name');
    expect(app.location()).toBe('/admin/workspace');
    const save = screen.getByRole('button', { name: 'Save settings' });
    expect(save).toHaveProperty('disabled', true);

    fireEvent.change(name, { target: { value: 'Acme Consulting' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Open registration' }));
    fireEvent.click(save);

    await screen.findByText('Workspace settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]?.body).toEqual({
      workspace: { name: 'Acme Consulting', registrationOpen: true },
    });
    expect(screen.getByRole('complementary', { name: 'Workspace' }).textContent).toContain('Acme Consulting');

    // The next change starts: the old "saved" message goes.
    fireEvent.change(name, { target: { value: 'Acme Consulting Group' } });
    expect(screen.queryByText('Workspace settings saved.')).toBeNull();
  });

  it('lets pushes carry message text only once the admin switches previews on', async () => {
    const view = settingsView({ name: 'Acme', registrationOpen: false });
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(ADMIN),
      'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
      'PATCH /api/v1/admin/settings': (request) => ({
        status: 200,
        body: {
          settings: { ...view, push: (request.body as { push: { allowPreviews: boolean } }).push },
          problems: { jitsi: [] },
        },
      }),
    });
    renderApp('/admin/workspace');
    const previews = await screen.findByRole<HTMLInputElement>('switch', {
      name: 'Allow message text in pushes',
    });
    expect(previews.checked).toBe(false);
    screen.getByText(/never what/);

    fireEvent.click(previews);

    await screen.findByText('Push settings saved.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]?.body).toEqual({ push: { allowPreviews: true } });
    expect(previews.checked).toBe(true);
    screen.getByText(/Consultation chats are never pushed/);
  });
});
