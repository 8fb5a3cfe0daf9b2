import { fireEvent, screen } from '@testing-library/react';
import { AVATAR_MAX_BYTES } from '@parley/shared';
import { describe, expect, it, vi } from 'vitest';
import { MEMBER, instance, mockApi, signedInAs } from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

function choose(file: File) {
  const input = document.getElementById('avatar-input') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [file] } });
}

describe('Profile → picture', () => {
  it('states the size limit in MB, the unit the server uses, and refuses bigger files before uploading', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    renderApp('/profile');
    await screen.findByText(/PNG, JPEG, WebP or GIF, up to 2 MB\./);

    choose(new File([new Uint8Array(AVATAR_MAX_BYTES + 1)], 'big.png', { type: 'image/png' }));
    await screen.findByText('That image is larger than 2 MB. Choose a smaller one.');
    expect(api.calls('PUT /api/v1/me/avatar')).toHaveLength(0);
  });

  it('says a non-image file is not an image', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
      'GET /api/v1/me/tokens': { status: 200, body: { tokens: [] } },
    });
    renderApp('/profile');
    await screen.findByText(/up to 2 MB/);
    choose(new File(['%PDF-1.7'], 'cv.pdf', { type: 'application/pdf' }));
    await screen.findByText(/^That file is not an image\./);
    expect(api.calls('PUT /api/v1/me/avatar')).toHaveLength(0);
  });
});
