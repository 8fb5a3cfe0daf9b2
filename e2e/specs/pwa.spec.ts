/**
 * Issue 21, the installable web app, on a Parley of its own: the built app registers /sw.js and it
 * takes control; the manifest is linked, names the workspace and its icons are real PNGs; a push
 * delivered through the DevTools protocol (`ServiceWorker.deliverPushMessage`, as a push service
 * would) shows a notification, and a `close` push for its tag takes it away; and with the network
 * gone a reload shows Parley's own offline page from the worker's cache, not the browser's error.
 * Profile → Security's "Push on this device" is checked with axe.
 *
 * Chromium here cannot subscribe to a real push service (no internet); the server's side of Web Push
 * is proven against a local push service in apps/server (modules/push).
 */
import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';
import { expectAccessible, watchCsp } from '../support.js';

const WORKSPACE = 'Acme';
const PASSWORD = 'admin password 1234';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

test.beforeAll(async ({ browser }) => {
  parley = await startParley();
  context = await browser.newContext({ baseURL: parley.url, permissions: ['notifications'] });
  page = await context.newPage();
  watchCsp(page, cspViolations);
  await page.goto('/setup');
  await page.getByLabel('Workspace name').fill(WORKSPACE);
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Display name').fill('Ada Lovelace');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test.afterAll(async () => {
  await context?.close();
  await parley?.stop();
  expect(cspViolations).toEqual([]);
});

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk header). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the built app registers /sw.js, which activates and controls the page', async () => {
  // e2e compiles without the DOM's types: what runs in the page is a string.
  const state = await page.evaluate<{ scope: string; script?: string }>(
    `navigator.serviceWorker.ready.then((r) => ({ scope: r.scope, script: r.active?.scriptURL }))`,
  );
  expect(state).toEqual({ scope: `${parley.url}/`, script: `${parley.url}/sw.js` });
  // clients.claim(): this page, loaded before the worker existed, is controlled without a reload.
  await page.waitForFunction('navigator.serviceWorker.controller !== null');

  const sw = await page.request.get('/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(await sw.text()).toMatch(/const PRECACHE = \["\/",/);
});

test('the manifest is linked, names the workspace and its icons are PNGs of their sizes', async () => {
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await page.request.get(href!);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await res.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    scope: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: WORKSPACE,
    short_name: WORKSPACE,
    start_url: '/',
    scope: '/',
    display: 'standalone',
  });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  const icons = [...manifest.icons, { src: touchIcon!, sizes: '180x180', type: 'image/png' }];
  for (const icon of icons) {
    const image = await page.request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()['content-type'], icon.src).toBe('image/png');
    const { width, height } = pngSize(await image.body());
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
  }
});

/** The worker's registration id, as the DevTools protocol reports it. */
async function registrationId(cdp: CDPSession): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${parley.url}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: unknown;
}
const notifications = () =>
  page.evaluate<Shown[]>(
    `navigator.serviceWorker.ready
      .then((r) => r.getNotifications())
      .then((shown) => shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))`,
  );

test('a push shows its notification, and a close push for its tag takes it away', async () => {
  const cdp = await context.newCDPSession(page);
  const id = await registrationId(cdp);
  const push = (payload: unknown) =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin: parley.url,
      registrationId: id,
      data: JSON.stringify(payload),
    });

  await push({
    kind: 'message',
    title: 'Grace Hopper',
    body: 'New message in #general',
    url: '/rooms/general',
    tag: 'room:general',
  });
  await expect.poll(notifications).toEqual([
    {
      title: 'Grace Hopper',
      body: 'New message in #general',
      tag: 'room:general',
      data: { url: '/rooms/general' },
    },
  ]);

  // A second notification for another tag; closing the first leaves it.
  await push({ kind: 'call', title: 'Call from Grace', body: 'Tap to answer', url: '/calls', tag: 'call:1' });
  await expect
    .poll(async () => (await notifications()).map((n) => n.tag).sort())
    .toEqual(['call:1', 'room:general']);
  await push({ kind: 'close', tag: 'room:general' });
  await expect.poll(async () => (await notifications()).map((n) => n.tag)).toEqual(['call:1']);
  await push({ kind: 'close', tag: 'call:1' });
  await expect.poll(notifications).toEqual([]);
  await cdp.detach();
});

test('Profile → Security offers push on this device, accessibly', async () => {
  await page.goto('/profile/security');
  const section = page.getByRole('region', { name: 'Push on this device' });
  // Permission is granted in this context and nothing is subscribed yet.
  await expect(section.getByText('Push is off on this device.')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Turn on push' })).toBeVisible();
  // The list of devices comes from modules/push (GET /api/v1/me/push-subscriptions); see the section's
  // unit tests (apps/web/src/features/profile/PushSection.test.tsx) for it and for turning push on,
  // which needs a push service this offline Chromium cannot reach.
  await expect(section.getByRole('heading', { name: 'Devices that get push' })).toBeVisible();
  await expect(section.getByText('No device gets push yet')).toBeVisible();
  await expectAccessible(page, 'security page with push', {
    disallow: ['color-contrast', 'landmark-unique', 'aria-allowed-role'],
  });
});

test('offline, a reload shows the cached app, which says so and tries again when back', async () => {
  // Really gone: the server stops (so the worker's own fetch fails too), and the browser is offline.
  await parley.stop();
  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await expect(page.getByText('Parley opens as soon as this device is back online.')).toBeVisible();

  // The network is back (the server is not): Parley tries again by itself and says what it found.
  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Parley can’t load right now' })).toBeVisible();
});
