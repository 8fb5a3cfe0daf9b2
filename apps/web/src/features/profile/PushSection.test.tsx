import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, mockApi } from '../../test/api';
import { i18n } from '../../i18n';
import { PushSection } from './PushSection';
import { pushSupport } from './pushDevice';

/** The section's English words, from the catalogue the component reads (tests run in English). */
const push = (key: string): string => i18n.t(`profile.push.${key}`, { lng: 'en' });

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

/** The server's VAPID key: an uncompressed P-256 point, 65 bytes. */
const KEY_BYTES = Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i));
const KEY = Buffer.from(KEY_BYTES).toString('base64url');
const ENDPOINT = 'https://push.example.net/send/abc';
const KEYS = {
  p256dh: Buffer.alloc(65, 7).toString('base64url'),
  auth: Buffer.alloc(16, 9).toString('base64url'),
};

const device = (over: Record<string, unknown> = {}) => ({
  id: 'ps_1',
  device: 'Firefox on Android',
  service: 'updates.push.services.mozilla.com',
  createdAt: '2026-12-01T09:00:00.000Z',
  lastUsedAt: null,
  ...over,
});

function setUserAgent(userAgent: string) {
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => userAgent });
}

/**
 * A browser that can push: its service worker registration's PushManager and Notification, with the
 * permission already given (`permission`) and what the prompt answers (`answer`).
 */
function pushCapableBrowser(
  options: {
    permission?: NotificationPermission;
    answer?: NotificationPermission;
    subscribed?: boolean;
    serviceDown?: boolean;
  } = {},
) {
  setUserAgent(CHROME_LINUX);
  const browserSubscription = {
    toJSON: () => ({ endpoint: ENDPOINT, keys: KEYS }),
    unsubscribe: vi.fn(async () => {
      current = null;
      return true;
    }),
  };
  let current: typeof browserSubscription | null = options.subscribed ? browserSubscription : null;
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (_options: PushSubscriptionOptionsInit) => {
      if (options.serviceDown) {
        throw new DOMException('Registration failed - push service error', 'AbortError');
      }
      current = browserSubscription;
      return browserSubscription;
    }),
  };
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { getRegistration: vi.fn(async () => ({ pushManager })) },
  });
  const notification = {
    permission: options.permission ?? 'default',
    requestPermission: vi.fn(async () => {
      notification.permission = options.answer ?? 'granted';
      return notification.permission;
    }),
  };
  vi.stubGlobal('Notification', notification);
  vi.stubGlobal('PushManager', function PushManager() {});
  return {
    pushManager,
    notification,
    subscribed: () => current !== null,
    unsubscribe: browserSubscription.unsubscribe,
  };
}

afterEach(() => {
  delete (navigator as { serviceWorker?: unknown }).serviceWorker;
  delete (navigator as { userAgent?: unknown }).userAgent;
  localStorage.clear();
});

describe('Push on this device', () => {
  it('turns push on: asks to notify, subscribes with the server’s key and registers this device', async () => {
    const browser = pushCapableBrowser();
    const api = mockApi({
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [device()] } },
      'GET /api/v1/push/public-key': { status: 200, body: { key: KEY } },
      'POST /api/v1/me/push-subscriptions': {
        status: 201,
        body: device({ id: 'ps_2', device: 'Chrome on Linux', service: 'push.example.net' }),
      },
    });
    render(<PushSection />);
    await screen.findByText(push('off'));
    fireEvent.click(screen.getByRole('button', { name: push('turnOn') }));

    await screen.findByText(push('on'));
    expect(browser.notification.requestPermission).toHaveBeenCalledTimes(1);
    const options = browser.pushManager.subscribe.mock.calls[0]?.[0];
    expect(options?.userVisibleOnly).toBe(true);
    expect(Array.from(options?.applicationServerKey as Uint8Array)).toEqual(Array.from(KEY_BYTES));
    expect(api.calls('POST /api/v1/me/push-subscriptions')[0]?.body).toEqual({
      endpoint: ENDPOINT,
      keys: KEYS,
      device: 'Chrome on Linux',
    });
    const list = screen.getByRole('list', { name: push('listLabel') });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Chrome on LinuxThis device'),
      expect.stringContaining('Firefox on Android'),
    ]);
    expect(screen.getByRole('button', { name: push('turnOff') })).toBeInstanceOf(HTMLButtonElement);
  });

  it('turns push off: this device leaves the server’s list and the browser’s push service', async () => {
    localStorage.setItem('parley.pushSubscriptionId', 'ps_2');
    const browser = pushCapableBrowser({ permission: 'granted', subscribed: true });
    const api = mockApi({
      'GET /api/v1/me/push-subscriptions': {
        status: 200,
        body: { subscriptions: [device({ id: 'ps_2', device: 'Chrome on Linux' }), device()] },
      },
      'DELETE /api/v1/me/push-subscriptions/ps_2': { status: 204 },
    });
    render(<PushSection />);
    await screen.findByText(push('on'));
    fireEvent.click(screen.getByRole('button', { name: push('turnOff') }));

    await screen.findByText(push('off'));
    expect(api.calls('DELETE /api/v1/me/push-subscriptions/ps_2')).toHaveLength(1);
    expect(browser.unsubscribe).toHaveBeenCalledTimes(1);
    expect(browser.subscribed()).toBe(false);
    expect(localStorage.getItem('parley.pushSubscriptionId')).toBeNull();
    const list = screen.getByRole('list', { name: push('listLabel') });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.textContent),
    ).toEqual([expect.stringContaining('Firefox on Android')]);
  });

  it('removes another device from the list and leaves this browser as it was', async () => {
    localStorage.setItem('parley.pushSubscriptionId', 'ps_2');
    const browser = pushCapableBrowser({ permission: 'granted', subscribed: true });
    const api = mockApi({
      'GET /api/v1/me/push-subscriptions': {
        status: 200,
        body: { subscriptions: [device({ id: 'ps_2', device: 'Chrome on Linux' }), device()] },
      },
      'DELETE /api/v1/me/push-subscriptions/ps_1': { status: 204 },
    });
    render(<PushSection />);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Firefox on Android from push' }));

    await waitFor(() => expect(screen.queryByText('Firefox on Android')).toBeNull());
    expect(api.calls('DELETE /api/v1/me/push-subscriptions/ps_1')).toHaveLength(1);
    expect(browser.unsubscribe).not.toHaveBeenCalled();
    screen.getByText(push('on'));
  });

  it('never half on: when the server refuses the subscription, the browser’s is undone', async () => {
    const browser = pushCapableBrowser({ permission: 'granted' });
    mockApi({
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } },
      'GET /api/v1/push/public-key': { status: 200, body: { key: KEY } },
      'POST /api/v1/me/push-subscriptions': apiError(
        400,
        'push_endpoint_refused',
        'This push service is not allowed',
      ),
    });
    render(<PushSection />);
    fireEvent.click(await screen.findByRole('button', { name: push('turnOn') }));

    expect((await screen.findByRole('alert')).textContent).toContain('This push service is not allowed');
    expect(browser.subscribed()).toBe(false);
    screen.getByText(push('off'));
    screen.getByText(push('empty'));
  });

  it('says so when the browser’s push service cannot be reached, and posts nothing', async () => {
    pushCapableBrowser({ serviceDown: true });
    const api = mockApi({
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } },
      'GET /api/v1/push/public-key': { status: 200, body: { key: KEY } },
    });
    render(<PushSection />);
    fireEvent.click(await screen.findByRole('button', { name: push('turnOn') }));

    expect((await screen.findByRole('alert')).textContent).toBe(push('serviceUnreachable'));
    expect(api.calls('POST /api/v1/me/push-subscriptions')).toHaveLength(0);
  });

  it('explains how to allow blocked notifications, and asks for nothing', async () => {
    const browser = pushCapableBrowser({ permission: 'denied' });
    mockApi({ 'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } } });
    render(<PushSection />);
    await screen.findByText(push('deniedTitle'));
    screen.getByText(push('denied'));
    expect(screen.queryByRole('button', { name: push('turnOn') })).toBeNull();
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
  });

  it('refused at the prompt: explains how to allow them', async () => {
    pushCapableBrowser({ answer: 'denied' });
    const api = mockApi({
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } },
    });
    render(<PushSection />);
    fireEvent.click(await screen.findByRole('button', { name: push('turnOn') }));
    await screen.findByText(push('deniedTitle'));
    expect(api.calls('GET /api/v1/push/public-key')).toHaveLength(0);
  });

  it('a browser without push says so and still lists the devices that get it', async () => {
    setUserAgent(CHROME_LINUX);
    mockApi({ 'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [device()] } } });
    render(<PushSection />);
    screen.getByText(push('unsupported'));
    expect(screen.queryByRole('button', { name: push('turnOn') })).toBeNull();
    await screen.findByRole('button', { name: 'Remove Firefox on Android from push' });
  });

  it('shows when the list cannot load, and loads it again on request', async () => {
    let fail = true;
    mockApi({
      'GET /api/v1/me/push-subscriptions': () =>
        fail
          ? apiError(500, 'internal', 'Something went wrong')
          : { status: 200, body: { subscriptions: [device()] } },
    });
    render(<PushSection />);
    await screen.findByText(push('loadError'));
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /try again/i }));
    await screen.findByText('Firefox on Android');
  });
});

describe('pushSupport', () => {
  it('tells a browser with push from one without, and iOS Safari (push only once installed)', () => {
    setUserAgent(SAFARI_IPHONE);
    expect(pushSupport()).toBe('needs-install');
    setUserAgent(CHROME_LINUX);
    expect(pushSupport()).toBe('unsupported');
    pushCapableBrowser();
    expect(pushSupport()).toBe('supported');
  });
});
