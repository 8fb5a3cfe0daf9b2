/**
 * Issue 9 admin pages end to end, on a Parley of its own: a fresh install says to choose a Jitsi
 * domain; the admin points it at the Jitsi test server (jitsi-meeting/server.ts, serving Jitsi's real
 * external_api.js), turns tokens on, saves, and the check panel shows the sample token, the
 * docker-jitsi-meet env and a successful reachability test. Then the call log lists a few calls.
 * Screenshots at 1280 and 390 px.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startJitsiServer, type JitsiServer } from '../jitsi-meeting/server.js';
import { startParley, type RunningParley } from '../server.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const ADMIN_PASSWORD = 'admin password 1234';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
let jitsi: JitsiServer | undefined;
let jitsiHost = '';
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

/** A JSON request as the page's signed-in session (its cookies, CSRF token and origin). */
async function call(page: Page, method: string, path: string, body?: unknown) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'parley_csrf')?.value ?? '';
  const res = await page.request.fetch(path, {
    method,
    headers: { origin: parley.url, 'x-csrf-token': csrf },
    ...(body === undefined ? {} : { data: body }),
  });
  return { status: res.status(), json: (await res.json()) as Record<string, unknown> };
}

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Welcome, Ada/ })).toBeVisible();
}

/** A whole-page screenshot from the top (fixed parts would otherwise land mid-page). */
async function fullPage(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

let admin: Page;

test.beforeAll(async ({ browser }) => {
  jitsi = await startJitsiServer();
  jitsiHost = jitsi.host;

  parley = await startParley();
  await mkdir(artifacts, { recursive: true });
  admin = await newPage(browser);
  await admin.goto('/setup');
  await admin.getByLabel('Username').fill('ada');
  await admin.getByLabel('Display name').fill('Ada Lovelace');
  await admin.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await admin.getByRole('button', { name: 'Create admin account' }).click();
  await expect(admin).toHaveURL(/\/$/);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
  await jitsi?.close();
});

test('a fresh install says to choose a Jitsi domain', async () => {
  await admin.goto('/admin/video-calls');
  const panel = admin.getByRole('region', { name: 'Check configuration' });
  await expect(panel.getByText(/Calls can’t start yet: 1 problem/)).toBeVisible();
  await expect(admin.getByLabel('Domain')).toHaveAttribute('aria-invalid', 'true');
  await fullPage(admin, 'admin-video-fresh.png');
});

test('the admin configures self-hosted Jitsi with tokens and checks it', async () => {
  await admin.getByLabel('Domain').fill(jitsiHost);
  await admin.getByRole('switch', { name: 'Use SSL' }).uncheck();
  await admin.getByRole('switch', { name: 'Use Authentication Token' }).check();
  await admin.getByLabel('Application ID (iss)').fill('parley');
  const secret = admin.getByRole('group', { name: 'Application Secret' });
  await secret.getByRole('button', { name: 'Set Application Secret' }).click();
  await secret.getByRole('button', { name: 'Generate' }).click();
  await admin.getByRole('button', { name: 'Save Jitsi settings' }).click();
  await expect(admin.getByText('Jitsi settings saved.')).toBeVisible();
  await expect(secret.getByText('Set', { exact: true })).toBeVisible();

  const panel = admin.getByRole('region', { name: 'Check configuration' });
  await expect(panel.getByText('Calls can start with these settings')).toBeVisible();
  await expect(panel.getByLabel('Sample token payload')).toContainText('"iss": "parley"');
  await expect(panel.getByLabel('docker-jitsi-meet environment')).toContainText(
    'JWT_APP_SECRET=<your app secret>',
  );
  await panel.getByRole('button', { name: 'Test reachability' }).click();
  await expect(panel.getByText(`Reached http://${jitsiHost}/external_api.js.`)).toBeVisible();
  await panel.screenshot({ path: join(artifacts, 'admin-video-check.png') });
  await fullPage(admin, 'admin-video-configured.png');
});

test('the call log lists calls with who joined, and filters them', async () => {
  const grace = await call(admin, 'POST', '/api/v1/admin/users', {
    username: 'grace',
    displayName: 'Grace Hopper',
    password: 'grace password 1234',
    role: 'user',
  });
  expect(grace.status).toBe(201);
  const graceId = (grace.json.user as { id: string }).id;
  const channel = await call(admin, 'POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'design',
    memberIds: [graceId],
  });
  expect(channel.status).toBe(201);
  const channelId = (channel.json.room as { id: string }).id;
  const started = await call(admin, 'POST', `/api/v1/rooms/${channelId}/calls`, { title: 'Design review' });
  expect(started.status).toBe(201);
  const callId = (started.json.call as { id: string }).id;
  expect((await call(admin, 'POST', `/api/v1/calls/${callId}/join`)).status).toBe(200);
  await call(admin, 'POST', `/api/v1/calls/${callId}/events`, { type: 'videoConferenceJoined' });
  expect((await call(admin, 'POST', `/api/v1/calls/${callId}/end`)).status).toBe(200);

  const dm = await call(admin, 'POST', '/api/v1/rooms', { type: 'direct', memberIds: [graceId] });
  const dmId = (dm.json.room as { id: string }).id;
  const ring = await call(admin, 'POST', `/api/v1/rooms/${dmId}/calls`, {});
  expect(ring.status).toBe(201);
  await call(admin, 'POST', `/api/v1/calls/${(ring.json.call as { id: string }).id}/cancel`);

  await admin.goto('/admin/call-log');
  const table = admin.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('Design review');
  await expect(table).toContainText('Canceled');
  await fullPage(admin, 'admin-call-log.png');

  await admin.getByLabel('Status').selectOption('ended');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(admin.getByRole('link', { name: 'Export CSV with these filters' })).toHaveAttribute(
    'href',
    '/api/v1/admin/calls?status=ended&format=csv',
  );
});

test('both pages work at 390 px without sideways scrolling', async ({ browser }) => {
  const narrow = await newPage(browser, { width: 390, height: 844 });
  await signIn(narrow);
  for (const [path, name] of [
    ['/admin/video-calls', 'admin-video-390.png'],
    ['/admin/call-log', 'admin-call-log-390.png'],
  ] as const) {
    await narrow.goto(path);
    if (path === '/admin/video-calls') {
      await expect(narrow.getByText('Calls can start with these settings')).toBeVisible();
    } else {
      await expect(narrow.getByText('Design review')).toBeVisible();
    }
    const overflow = await narrow.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
    await fullPage(narrow, name);
  }
});

test('no page broke the Content Security Policy', () => {
  expect(cspViolations).toEqual([]);
});
