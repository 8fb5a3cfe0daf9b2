import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, instance, mockApi, settingsView, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';
import { typesFrom } from './FilesSettingsPage';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const view = settingsView({ name: 'Acme', registrationOpen: false });

function open() {
  const api = mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(ADMIN),
    'GET /api/v1/admin/settings': { status: 200, body: { settings: view, problems: { jitsi: [] } } },
    'PATCH /api/v1/admin/settings': (request) => ({
      status: 200,
      body: {
        settings: { ...view, files: { ...view.files, ...(request.body as { files: object }).files } },
        problems: { jitsi: [] },
      },
    }),
  });
  renderApp('/admin/files');
  return api;
}

describe('Administration → Files', () => {
  it('shows the saved settings and sends only what changed', async () => {
    const api = open();
    const size = await screen.findByLabelText('Largest file (MB)');
    expect(size).toHaveProperty('value', '25');
    expect(screen.getByLabelText('Storage per person (MB)')).toHaveProperty('value', '1024');
    expect(screen.getByLabelText('Allowed types')).toHaveProperty('value', '*/*');
    screen.getByRole('link', { name: 'Files' });

    fireEvent.change(size, { target: { value: '50' } });
    fireEvent.change(screen.getByLabelText('Allowed types'), {
      target: { value: 'image/*\n\nApplication/PDF\nimage/*' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save file settings' }));
    await screen.findByText('File settings saved. They apply to the next upload.');
    expect(api.calls('PATCH /api/v1/admin/settings')[0]!.body).toEqual({
      files: { maxUploadMb: 50, allowedTypes: ['image/*', 'application/pdf'] },
    });
    expect(screen.getByLabelText('Allowed types')).toHaveProperty('value', 'image/*\napplication/pdf');
  });

  it('refuses out-of-range sizes and words that are not media types, before sending', async () => {
    const api = open();
    fireEvent.change(await screen.findByLabelText('Largest file (MB)'), { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Allowed types'), { target: { value: 'image/*\npictures' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save file settings' }));
    await screen.findByText('Use a whole number from 1 to 1,024.');
    screen.getByText('“pictures” is not a media type. Use one such as image/* or application/pdf.');
    fireEvent.change(screen.getByLabelText('Allowed types'), { target: { value: '  ' } });
    fireEvent.change(screen.getByLabelText('Largest file (MB)'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save file settings' }));
    await screen.findByText('Name at least one type; */* allows every file.');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);
  });

  it('reads one type a line or comma, without repeats', () => {
    expect(typesFrom(' image/* , application/pdf\nIMAGE/*\n')).toEqual(['image/*', 'application/pdf']);
  });
});
