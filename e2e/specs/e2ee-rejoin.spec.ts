/**
 * Issue 16 item 6, security review: an end-to-end encrypted meeting keeps its key when Jitsi reloads
 * its own page inside the iframe (its reconnect path does). The real IFrame API sends its `e2eeKey`
 * once, on the first `video-conference-joined`, then forgets it; the reloaded page starts with no key,
 * sends `ready` again and joins again. Parley must send the same key again then, or the meeting would
 * run in clear under its "End-to-end encrypted" lock. With the Jitsi test server of
 * jitsi-meeting/server.ts, on a Parley of its own (encryption `offered` for calls and consultations):
 * a consultation's client and a call's caller each reload the meeting page and rejoin. Screenshot in
 * e2e/artifacts (e2ee-rejoin-*.png).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';
import {
  drive,
  meetingFrame,
  recordJoins,
  type JoinAnswer,
  snapshot,
  watchMeetings,
} from '../jitsi-meeting/probe.js';
import { startJitsiServer, type JitsiServer } from '../jitsi-meeting/server.js';
import { chromium, pageApi, signIn as signInAs, watchCsp } from '../support.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '..', 'artifacts');
const PASSWORD = 'e2ee rejoin e2e password 1';
const APP_SECRET = 'e2e-app-secret-rejoin-0123456789-abcdefghijk'; // ≥ 32 bytes

// A fake camera and microphone, allowed without a prompt (the consultation's device check).
test.use({
  launchOptions: chromium('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'),
});

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
let jitsi: JitsiServer;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];
const meetingLog: string[] = [];
const joins = new Map<Page, Promise<JoinAnswer>[]>();
const ids = new Map<string, string>();

let alice: Page; // the admin
let bob: Page; // a provider; calls Carol
let carol: Page; // Bob's client

async function newPage(browser: Browser) {
  const context = await browser.newContext({
    baseURL: parley.url,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    permissions: ['camera', 'microphone'],
    // The real API opens meetings on https: the test server's certificate is self-signed.
    ignoreHTTPSErrors: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  watchCsp(page, cspViolations);
  watchMeetings(page, meetingLog);
  joins.set(page, recordJoins(page));
  return page;
}

async function expectOk(page: Page, method: string, path: string, body?: unknown, status = 200) {
  const res = await pageApi(page, parley.url, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(status);
  return res.json;
}

/** The key as the IFrame API hands it to Jitsi Meet: the hex key's bytes, index 0. */
const keyInfo = (hex: string) => ({ exportedKey: [...Buffer.from(hex, 'hex')], index: 0 });

/** How many `set-media-encryption-key` commands this document of the meeting page received. */
const keysReceived = async (frame: Frame) =>
  (await snapshot(frame)).received.filter((r) => r.name === 'set-media-encryption-key').length;

/**
 * Jitsi reloads its page inside the iframe, as its reconnect path does: the same frame gets a fresh
 * document (nothing of the old one's state), which sends `ready` again; `frame` is that new page.
 */
async function jitsiReloadsItself(frame: Frame): Promise<void> {
  await frame.evaluate('window.__beforeReload = true; setTimeout(() => location.reload(), 0)');
  await frame.waitForFunction('window.__beforeReload === undefined && window.__meeting !== undefined');
  const fresh = await snapshot(frame);
  expect(fresh.state.joined).toBe(false);
  expect(fresh.state.e2ee.key).toBeNull();
  expect(fresh.sent.map((e) => e.name)).toEqual(['browser-support', 'ready']);
}

/** Joins, reloads, joins again: the reloaded meeting holds `key` again, sent once more by Parley. */
async function expectKeyAfterReload(page: Page, key: string) {
  const frame = await meetingFrame(page, jitsi);
  const crossings = () => meetingLog.filter((line) => line === 'received set-media-encryption-key').length;
  const before = crossings();
  await drive(frame, 'join()');
  await expect.poll(async () => (await snapshot(frame)).state.e2ee.key).toEqual(keyInfo(key));
  expect(await keysReceived(frame)).toBe(1);

  await jitsiReloadsItself(frame);
  await drive(frame, 'join()');
  await expect.poll(async () => (await snapshot(frame)).state.e2ee.key).toEqual(keyInfo(key));
  expect(await keysReceived(frame)).toBe(1);
  expect((await snapshot(frame)).state.e2ee.enabled).toBe(true);
  // The transport log outlives the first document: the key crossed twice in all, once per join.
  expect(crossings() - before).toBe(2);
}

test.beforeAll(async ({ browser }) => {
  jitsi = await startJitsiServer();
  parley = await startParley();
  await mkdir(artifacts, { recursive: true });

  alice = await newPage(browser);
  await alice.goto('/setup');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Display name').fill('Alice Adams');
  await alice.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await alice.getByRole('button', { name: 'Create admin account' }).click();
  await expect(alice).toHaveURL(/\/$/);

  const people = [
    ['bob', 'Bob Brown'],
    ['carol', 'Carol Clark'],
  ] as const;
  for (const [username, displayName] of people) {
    const created = await expectOk(
      alice,
      'POST',
      '/api/v1/admin/users',
      { username, displayName, password: PASSWORD },
      201,
    );
    ids.set(username, (created.user as { id: string }).id);
  }
  await expectOk(alice, 'PATCH', '/api/v1/admin/settings', {
    jitsi: { domain: jitsi.host, useSsl: true, useAuthToken: true, appId: 'parley', appSecret: APP_SECRET },
    consultations: { e2ee: 'offered' },
    calls: { e2ee: 'offered' },
  });

  bob = await newPage(browser);
  carol = await newPage(browser);
  await signInAs(bob, 'bob', 'Bob', PASSWORD);
  await signInAs(carol, 'carol', 'Carol', PASSWORD);
  // Bob gives consultations, at any hour.
  await expectOk(alice, 'PATCH', `/api/v1/admin/users/${ids.get('bob')}`, { provider: true });
  await expectOk(bob, 'PUT', '/api/v1/providers/me', {
    bio: 'Counsellor.',
    specialities: ['Stress'],
    languages: ['en'],
    accepting: true,
  });
  await expectOk(bob, 'PUT', '/api/v1/providers/me/availability', {
    timezone: 'UTC',
    sessionMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 14,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    exceptions: [],
  });
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
  await jitsi?.close();
});

test('a consultation: the meeting page reloads and rejoins, and has the session’s key again', async () => {
  const proposed = await expectOk(
    bob,
    'POST',
    '/api/v1/consultations',
    { clientId: ids.get('carol'), start: 'now' },
    201,
  );
  const id = (proposed.consultation as { id: string }).id;
  await expectOk(carol, 'POST', `/api/v1/consultations/${id}/accept`);

  await carol.goto(`/consultations/${id}`);
  await carol.getByRole('button', { name: 'Join with video' }).click();
  await expect(carol.locator('.meeting-frame iframe')).toBeVisible();
  const answer = await joins.get(carol)!.at(-1)!;
  expect(answer.e2ee?.mode).toBe('offered');

  await expectKeyAfterReload(carol, answer.e2ee!.key);
  await expect(carol.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'e2ee-rejoin-consultation.png') });
});

test('a call: the meeting page reloads and rejoins, and has the call’s key again', async () => {
  await carol.goto('/');
  await bob.goto('/');
  await bob
    .getByRole('complementary', { name: 'Workspace' })
    .getByRole('button', { name: 'New direct message' })
    .click();
  const picker = bob.getByRole('dialog', { name: 'New direct message' });
  await picker.getByRole('searchbox').fill('carol');
  await picker.getByRole('button', { name: /Carol Clark/ }).click();
  await picker.getByRole('button', { name: 'Start conversation' }).click();
  await expect(bob.getByRole('heading', { name: /Carol Clark/, level: 1 })).toBeVisible();
  await expect(carol.getByTitle('Live updates: Connected')).toBeVisible();

  await bob.getByRole('button', { name: 'Start a call' }).click();
  await bob
    .getByRole('dialog', { name: 'Call Carol Clark' })
    .getByRole('button', { name: 'Start call' })
    .click();
  await carol.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Accept' }).click();
  const region = bob.getByRole('region', { name: /^Call: / });
  await expect(region.locator('iframe')).toBeVisible();
  const answer = await joins.get(bob)!.at(-1)!;
  expect(answer.e2ee?.mode).toBe('offered');

  await expectKeyAfterReload(bob, answer.e2ee!.key);
  await expect(region.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  await bob.screenshot({ path: join(artifacts, 'e2ee-rejoin-call.png') });
});

test('no page broke its content security policy', () => {
  expect(cspViolations).toEqual([]);
});
