/**
 * Issue 20 reactions and threads end to end, on a Parley of its own: Alice and Bob in a channel.
 * Alice reacts and Bob sees the count change live (and adds his); Bob replies in a thread; Alice
 * sees the root's summary and the unread-threads badge, opens the thread from the Threads page and
 * replies, which Bob sees live. On a phone the thread is a page of its own.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';
import { expectAccessible, pageApi } from '../support.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PASSWORD = 'threads e2e password 1';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;
let roomUrl = '';
let threadUrl = '';

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string, displayName: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${displayName}` })).toBeVisible();
}

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Workspace' });
const timeline = (page: Page) => page.getByRole('log', { name: 'Messages in Launch' });
const panel = (page: Page) => page.getByRole('region', { name: 'Thread' });
const rootMessage = (page: Page) =>
  timeline(page).getByRole('article').filter({ hasText: 'Shall we launch on Friday?' });

test.beforeAll(async ({ browser }) => {
  // A fresh Parley and two sign-ins: more than one test's time on a busy machine.
  test.setTimeout(180_000);
  parley = await startParley();
  await mkdir(artifacts, { recursive: true });
  alice = await newPage(browser);
  await alice.goto('/setup');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Display name').fill('Alice Adams');
  await alice.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await alice.getByRole('button', { name: 'Create admin account' }).click();
  await expect(alice).toHaveURL(/\/$/);
  const created = await pageApi(alice, parley.url, 'POST', '/api/v1/admin/users', {
    username: 'bob',
    displayName: 'Bob Brown',
    password: PASSWORD,
  });
  expect(created.status).toBe(201);
  const channel = await pageApi(alice, parley.url, 'POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'launch',
    displayName: 'Launch',
  });
  expect(channel.status).toBe(201);
  const roomId = (channel.json.room as { id: string }).id;
  roomUrl = `/rooms/${roomId}`;
  bob = await newPage(browser);
  await signIn(bob, 'bob', 'Bob');
  expect((await pageApi(bob, parley.url, 'POST', `/api/v1/rooms/${roomId}/join`)).status).toBe(200);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
});

test('Alice reacts and Bob sees the count change live, then adds his own', async () => {
  await alice.goto(roomUrl);
  await bob.goto(roomUrl);
  const composer = alice.getByRole('textbox', { name: 'Message Launch' });
  await composer.fill('Shall we launch on Friday?');
  await composer.press('Enter');
  await expect(rootMessage(bob)).toBeVisible();

  await rootMessage(alice).hover();
  await rootMessage(alice).getByRole('button', { name: 'Add reaction' }).first().click();
  const picker = alice.getByRole('dialog', { name: 'Add a reaction' });
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs');
  await picker.getByRole('button', { name: 'Thumbs up' }).click();
  await expect(picker).toHaveCount(0);
  await expect(
    rootMessage(alice).getByRole('button', { name: 'You reacted with 👍', pressed: true }),
  ).toBeVisible();

  // Live for Bob: Alice's reaction, not pressed for him.
  const bobsChip = rootMessage(bob).getByRole('button', { name: /reacted with 👍/ });
  await expect(bobsChip).toHaveAttribute('aria-pressed', 'false');
  await expect(bobsChip).toHaveText(/1/);
  await bobsChip.click();
  await expect(bobsChip).toHaveAttribute('aria-pressed', 'true');
  await expect(bobsChip).toHaveText(/2/);
  // Alice sees 2 and her own stays pressed through the room's broadcast.
  const alicesChip = rootMessage(alice).getByRole('button', { name: /reacted with 👍/ });
  await expect(alicesChip).toHaveText(/2/);
  await expect(alicesChip).toHaveAttribute('aria-pressed', 'true');
  // Off the hovered row (its hover background is the timeline's own, not part of this check).
  await alice.mouse.move(700, 200);
  await expectAccessible(alice, 'reactions');
  await alice.screenshot({ path: join(artifacts, 'threads-reactions.png') });
});

test('Bob replies in a thread; Alice sees the summary and the unread badge, opens it and replies', async () => {
  await rootMessage(bob).hover();
  await rootMessage(bob).getByRole('button', { name: 'Reply in thread' }).click();
  await expect(bob).toHaveURL(/\/thread\//);
  threadUrl = new URL(bob.url()).pathname;
  const reply = panel(bob).getByRole('textbox', { name: 'Reply in thread' });
  await reply.fill('Friday works for me');
  await reply.press('Enter');
  await expect(panel(bob).getByText('Friday works for me')).toBeVisible();
  // A reply belongs to its thread, not the room's timeline.
  await expect(timeline(bob).getByText('Friday works for me')).toHaveCount(0);

  // Alice started the thread, so she follows it: the root's summary and the badge, live.
  await expect(rootMessage(alice).getByRole('button', { name: /1 reply/ })).toBeVisible();
  await expect(timeline(alice).getByText('Friday works for me')).toHaveCount(0);
  const threadsLink = sidebar(alice).getByRole('link', { name: /^Threads/ });
  await expect(threadsLink).toContainText('1 thread with unread replies');
  await alice.screenshot({ path: join(artifacts, 'threads-summary-badge.png') });

  await threadsLink.click();
  await expect(alice.getByRole('heading', { name: 'Threads', level: 1 })).toBeVisible();
  const entry = alice.getByRole('link', { name: /Shall we launch on Friday\?/ });
  await expect(entry).toHaveClass(/is-unread/);
  await expectAccessible(alice, 'threads list');
  await alice.screenshot({ path: join(artifacts, 'threads-list.png') });
  await entry.click();

  await expect(panel(alice).getByText('Friday works for me')).toBeVisible();
  await expect(threadsLink).not.toContainText('unread');
  const aliceReply = panel(alice).getByRole('textbox', { name: 'Reply in thread' });
  await aliceReply.fill('Great, Friday it is');
  await aliceReply.press('Enter');
  await expect(panel(bob).getByText('Great, Friday it is')).toBeVisible();
  await expect(rootMessage(bob).getByRole('button', { name: /2 replies/ })).toBeVisible();
  await expectAccessible(alice, 'thread panel');
  await alice.screenshot({ path: join(artifacts, 'threads-panel.png') });
});

test('on a phone the thread is a page of its own, with a way back to the room', async ({ browser }) => {
  const phone = await newPage(browser, { width: 390, height: 844 });
  await signIn(phone, 'bob', 'Bob');
  await phone.goto(threadUrl);
  await expect(panel(phone).getByText('Great, Friday it is')).toBeVisible();
  await expect(timeline(phone)).toBeHidden();
  await expectAccessible(phone, 'thread on a phone');
  await phone.screenshot({ path: join(artifacts, 'threads-phone.png') });
  await panel(phone).getByRole('link', { name: 'Back to Launch' }).click();
  await expect(timeline(phone)).toBeVisible();
  await expect(rootMessage(phone).getByRole('button', { name: /2 replies/ })).toBeVisible();
  await phone.screenshot({ path: join(artifacts, 'threads-phone-room.png') });
});
