import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PublicUser } from '@parley/shared';
import { MEMBER, instance, mockApi, signedInAs } from '../test/api';
import { lastSocket } from '../test/fakeSocket';
import { renderApp } from '../test/render';
import { useSocketEvent } from './useSocketEvent';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

describe('useSocketEvent', () => {
  it('refreshes your own profile when the server says it changed, and ignores other people', async () => {
    const api = mockApi({
      'GET /api/v1/instance': instance(),
      'GET /api/v1/auth/session': signedInAs(MEMBER),
    });
    const app = renderApp('/');
    await app.findByRole('heading', { name: 'Welcome, Grace' });
    await vi.waitFor(() => expect(lastSocket().listeners.get('user:updated')).toHaveLength(1));
    const before = api.calls('GET /api/v1/auth/session').length;
    const someoneElse: PublicUser = {
      id: 'u_other',
      username: 'x',
      displayName: 'X',
      avatarUrl: null,
      role: 'user',
    };
    act(() => lastSocket().serverEmit('user:updated', someoneElse));
    expect(api.calls('GET /api/v1/auth/session').length).toBe(before);
    act(() => lastSocket().serverEmit('user:updated', { ...someoneElse, id: MEMBER.id }));
    await vi.waitFor(() => expect(api.calls('GET /api/v1/auth/session').length).toBe(before + 1));
  });

  it('does nothing without a signed-in socket', () => {
    function Probe() {
      useSocketEvent('session:revoked', () => undefined);
      return null;
    }
    expect(() => render(<Probe />).unmount()).not.toThrow();
  });
});
