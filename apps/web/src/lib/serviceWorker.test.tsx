import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { instance, mockApi, signedOut } from '../test/api';
import { renderApp } from '../test/render';
import { isNavigateMessage } from './serviceWorker';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

afterEach(() => {
  delete (navigator as { onLine?: unknown }).onLine;
});

describe('the app shell offline', () => {
  it('says it is offline (not that the server failed) and loads by itself when the network is back', async () => {
    let networkUp = false;
    const down = () => {
      if (!networkUp) throw new TypeError('Failed to fetch');
    };
    mockApi({
      'GET /api/v1/instance': () => (down(), instance()),
      'GET /api/v1/auth/session': () => (down(), signedOut),
    });
    setOnline(false);
    renderApp('/');
    await screen.findByRole('heading', { name: 'You are offline' });
    screen.getByText('Parley opens as soon as this device is back online.');

    networkUp = true;
    act(() => setOnline(true));
    await screen.findByRole('button', { name: 'Sign in' });
  });

  it('online, a server that does not answer is named as such', async () => {
    mockApi({
      'GET /api/v1/instance': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Parley can’t load right now' });
    expect(screen.queryByText('You are offline')).toBeNull();
  });
});

describe('isNavigateMessage', () => {
  it('accepts only the worker’s navigate message', () => {
    expect(isNavigateMessage({ type: 'parley:navigate', url: '/rooms/r1' })).toBe(true);
    expect(isNavigateMessage({ type: 'parley:navigate' })).toBe(false);
    expect(isNavigateMessage({ type: 'other', url: '/' })).toBe(false);
    expect(isNavigateMessage('parley:navigate')).toBe(false);
    expect(isNavigateMessage(null)).toBe(false);
  });
});
