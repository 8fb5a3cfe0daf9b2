/**
 * Issue 15: axe-core on the main page of every feature, on a Parley of its own whose data is made
 * through the API: setup and sign-in, home, a chat room with a message that mentions the reader, calls,
 * people, profile, Administration → People and → Video calls, and consultations (finding a provider,
 * the provider's free times, my consultations, the provider's dashboard and hours, the consultation
 * page before joining). Each check fails on serious or critical violations, and on the rules fixed
 * for this issue at any impact (timestamp contrast on a mention, duplicate landmark names, ARIA roles
 * on the message box) so they stay fixed.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';
import { startJitsiServer, type JitsiServer } from '../jitsi-meeting/server.js';
import { chromium, expectAccessible, pageApi } from '../support.js';

const PASSWORD = 'accessibility e2e password 1';
const KEPT_FIXED = { disallow: ['color-contrast', 'landmark-unique', 'aria-allowed-role'] };

// The consultation page's device check wants a camera and a microphone: fake ones, no prompt.
test.use({
  launchOptions: chromium('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'),
});

// Each axe run takes seconds on a busy machine, and a test checks several pages.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let parley: RunningParley;
let jitsi: JitsiServer | undefined;
const contexts: BrowserContext[] = [];

let admin: Page;
let bob: Page;
let carol: Page;
let roomId = '';
let bobId = '';
let carolId = '';
let consultationId = '';

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: parley.url,
    viewport: { width: 1280, height: 800 },
    permissions: ['camera', 'microphone'],
  });
  contexts.push(context);
  return context.newPage();
}

const api = async (page: Page, method: string, path: string, body?: unknown) => {
  const res = await pageApi(page, parley.url, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
};

async function signIn(page: Page, username: string, firstName: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${firstName}` })).toBeVisible();
}

const heading = (page: Page, name: string | RegExp) =>
  expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
const connected = (page: Page) => expect(page.getByTitle('Live updates: Connected')).toBeVisible();

test.beforeAll(async () => {
  jitsi = await startJitsiServer();
  parley = await startParley();
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
  await jitsi?.close();
});

test('setup and sign-in', async ({ browser }) => {
  admin = await newPage(browser);
  await admin.goto('/setup');
  await expect(admin.getByRole('button', { name: 'Create admin account' })).toBeVisible();
  await expectAccessible(admin, 'setup', KEPT_FIXED);
  await admin.getByLabel('Username').fill('alice');
  await admin.getByLabel('Display name').fill('Alice Adams');
  await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await admin.getByRole('button', { name: 'Create admin account' }).click();
  await expect(admin).toHaveURL(/\/$/);

  // The data the other pages show, made through the API.
  for (const [username, displayName] of [
    ['bob', 'Bob Brown'],
    ['carol', 'Carol Clark'],
  ] as const) {
    const { user } = (await api(admin, 'POST', '/api/v1/admin/users', {
      username,
      displayName,
      password: PASSWORD,
    })) as { user: { id: string } };
    if (username === 'bob') bobId = user.id;
    else carolId = user.id;
  }
  await api(admin, 'PATCH', '/api/v1/admin/settings', {
    jitsi: { domain: jitsi!.host, useSsl: false },
  });
  await api(admin, 'PATCH', `/api/v1/admin/users/${bobId}`, { provider: true });
  const { room } = (await api(admin, 'POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'planning',
    topic: 'Quarterly planning',
    memberIds: [bobId, carolId],
  })) as { room: { id: string } };
  roomId = room.id;

  carol = await newPage(browser);
  await carol.goto('/login');
  await expect(carol.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expectAccessible(carol, 'sign-in', KEPT_FIXED);
  await signIn(carol, 'carol', 'Carol');
  bob = await newPage(browser);
  await signIn(bob, 'bob', 'Bob');
});

test('home, people and profile', async () => {
  await carol.goto('/');
  await heading(carol, 'Welcome, Carol');
  await connected(carol);
  await expectAccessible(carol, 'home', KEPT_FIXED);

  await carol.goto('/people');
  await heading(carol, 'People');
  await expect(carol.getByText('Bob Brown')).toBeVisible();
  await expectAccessible(carol, 'people', KEPT_FIXED);

  await carol.goto('/profile');
  await heading(carol, 'Profile');
  await expectAccessible(carol, 'profile', KEPT_FIXED);
});

test('a chat room with a message that mentions the reader', async () => {
  // Alice writes first, so Bob's mention starts a group: its header shows the author and the time.
  await api(admin, 'POST', `/api/v1/rooms/${roomId}/messages`, {
    text: 'Morning all, the **draft** is in the shared folder.',
    clientMsgId: 'a11y-1',
  });
  await api(bob, 'POST', `/api/v1/rooms/${roomId}/messages`, {
    text: '@carol could you look at the budget slides before Friday?',
    clientMsgId: 'a11y-2',
  });
  await carol.goto(`/rooms/${roomId}`);
  await heading(carol, /planning/);
  await connected(carol);
  const log = carol.getByRole('log');
  await expect(log.getByText('could you look at the budget slides')).toBeVisible();
  const mention = log.locator('.msg-mentions-me');
  await expect(mention).toBeVisible();
  await expect(mention.locator('.msg-header time')).toBeVisible();
  await expectAccessible(carol, 'chat room with a mention', KEPT_FIXED);
});

test('calls', async () => {
  await carol.goto('/calls');
  await heading(carol, 'Calls');
  await expectAccessible(carol, 'calls', KEPT_FIXED);
});

test('administration: people and video calls', async () => {
  await admin.goto('/admin/people');
  await heading(admin, 'Administration');
  await expect(admin.getByRole('row', { name: /Bob Brown/ })).toBeVisible();
  await expectAccessible(admin, 'Administration → People', KEPT_FIXED);

  await admin.goto('/admin/video-calls');
  await heading(admin, 'Administration');
  await expect(admin.getByLabel(/domain/i).first()).toHaveValue(jitsi!.host);
  await expectAccessible(admin, 'Administration → Video calls', KEPT_FIXED);
});

test('consultations: finding a provider and their free times', async () => {
  await api(bob, 'PUT', '/api/v1/providers/me', {
    bio: 'Counsellor for stress, sleep and work–life balance.',
    specialities: ['Stress', 'Sleep'],
    languages: ['en', 'de'],
    accepting: true,
  });
  // Every day, all day, for two weeks: there are free times whatever today is.
  await api(bob, 'PUT', '/api/v1/providers/me/availability', {
    timezone: 'UTC',
    sessionMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 14,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    exceptions: [],
  });

  await carol.goto('/consultations/book');
  const card = carol.getByRole('article', { name: 'Bob Brown' });
  await expect(card).toContainText('Stress');
  await expectAccessible(carol, 'find a provider', KEPT_FIXED);

  await card.getByRole('link', { name: /See free times/ }).click();
  await carol
    .getByLabel(/^Times on/)
    .locator('button')
    .first()
    .click();
  await expect(carol.getByRole('button', { name: 'Hold this time' })).toBeVisible();
  await expectAccessible(carol, 'booking a time', KEPT_FIXED);
});

test('consultations: mine, the provider’s dashboard and hours, the consultation page', async () => {
  // Bob proposes a session starting at the next 5-minute mark; Carol accepts it.
  const { consultation } = (await api(bob, 'POST', '/api/v1/consultations', {
    clientId: carolId,
    start: 'now',
  })) as { consultation: { id: string } };
  consultationId = consultation.id;
  await api(carol, 'POST', `/api/v1/consultations/${consultationId}/accept`);

  await carol.goto('/consultations');
  await expect(carol.getByRole('list', { name: 'Upcoming consultations' })).toContainText('Bob Brown');
  await expectAccessible(carol, 'my consultations', KEPT_FIXED);

  await bob.goto('/consultations/dashboard');
  await expect(bob.getByRole('region', { name: /^Today/ })).toContainText('Carol Clark');
  await expectAccessible(bob, 'provider dashboard', KEPT_FIXED);

  await bob.goto('/consultations/availability');
  await expect(bob.getByRole('heading', { name: 'Weekly hours' })).toBeVisible();
  await expectAccessible(bob, 'provider availability', KEPT_FIXED);

  await carol.goto(`/consultations/${consultationId}`);
  await heading(carol, 'Consultation with Bob Brown');
  await expect(carol.getByRole('button', { name: 'Join with video' })).toBeVisible();
  await expectAccessible(carol, 'consultation page', KEPT_FIXED);
});
