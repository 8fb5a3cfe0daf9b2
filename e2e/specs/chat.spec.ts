/**
 * Issue 8 workspace chat end to end, on a Parley of its own, with three people in three browsers:
 * Alice and Bob talk in a direct message and a private channel, see each other typing and online;
 * Bob's connection drops and comes back and he has every message sent meanwhile; Carol, who is in
 * neither room, sees none of it (not in her sidebar, "Room not found" at the URL, not in the directory).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PASSWORD = 'chat e2e password 1';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

let alice: Page;
let bob: Page;
let bobContext: BrowserContext;
let carol: Page;
let dmUrl = '';
let privateUrl = '';

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page };
}

async function signIn(page: Page, username: string, displayName: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${displayName}` })).toBeVisible();
}

async function createUser(admin: Page, username: string, displayName: string) {
  await admin.goto('/admin/people');
  await admin.getByLabel('Username').fill(username);
  await admin.getByLabel('Display name').fill(displayName);
  await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await admin.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByRole('row', { name: new RegExp(displayName) })).toBeVisible();
}

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Workspace' });
const timeline = (page: Page) => page.getByRole('log');
const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
const connected = (page: Page) => expect(page.getByTitle('Live updates: Connected')).toBeVisible();

/** Sends and waits for the server's acknowledgement (nothing of mine is still on its way). */
async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
  await expect(timeline(page).getByText('Sending…')).toHaveCount(0);
  await expect(timeline(page).getByText('Not sent')).toHaveCount(0);
}

test.beforeAll(async ({ browser }) => {
  parley = await startParley();
  await mkdir(artifacts, { recursive: true });
  ({ page: alice } = await newPage(browser));
  await alice.goto('/setup');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Display name').fill('Alice Adams');
  await alice.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await alice.getByRole('button', { name: 'Create admin account' }).click();
  await expect(alice).toHaveURL(/\/$/);
  await createUser(alice, 'bob', 'Bob Brown');
  await createUser(alice, 'carol', 'Carol Clark');
  await alice.goto('/');
  ({ page: bob, context: bobContext } = await newPage(browser));
  await signIn(bob, 'bob', 'Bob');
  ({ page: carol } = await newPage(browser));
  await signIn(carol, 'carol', 'Carol');
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
});

test('Alice starts a direct message with Bob, who gets it live with an unread badge', async () => {
  await connected(alice);
  await sidebar(alice).getByRole('button', { name: 'New direct message' }).click();
  const dialog = alice.getByRole('dialog', { name: 'New direct message' });
  await dialog.getByRole('searchbox').fill('bob');
  await dialog.getByRole('button', { name: /Bob Brown/ }).click();
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(alice.getByRole('heading', { name: /Bob Brown/, level: 1 })).toBeVisible();
  await expect(alice.getByText('No messages yet — say hello')).toBeVisible();
  dmUrl = alice.url();

  await send(alice, 'Hi Bob, **welcome** to Parley');
  await expect(timeline(alice).getByText('Hi Bob, welcome to Parley')).toBeVisible();
  await expect(timeline(alice).locator('strong', { hasText: 'welcome' })).toBeVisible();

  const dmLink = sidebar(bob).getByRole('link', { name: /Alice Adams/ });
  await expect(dmLink).toContainText('1');
  await dmLink.click();
  await expect(timeline(bob).getByText(/Hi Bob,/)).toBeVisible();
  // Reading it clears the badge.
  await expect(dmLink).not.toContainText('unread');
});

test('they see each other online and typing, and reply in real time', async () => {
  await expect(alice.getByRole('heading', { level: 1 }).getByTitle('Online')).toBeVisible();
  await expect(bob.getByRole('heading', { level: 1 }).getByTitle('Online')).toBeVisible();

  await composer(bob).pressSequentially('Thanks Al', { delay: 20 });
  await expect(alice.getByText('Bob Brown is typing…')).toBeVisible();
  await composer(bob).pressSequentially('ice!');
  await composer(bob).press('Enter');
  await expect(timeline(alice).getByText('Thanks Alice!')).toBeVisible();
  await expect(alice.getByText('Bob Brown is typing…')).toHaveCount(0);

  // Editing the last message with the Up key.
  await composer(bob).press('ArrowUp');
  const editor = bob.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toHaveValue('Thanks Alice!');
  await editor.fill('Thanks Alice, great to be here!');
  await editor.press('Enter');
  await expect(timeline(alice).getByText('Thanks Alice, great to be here!')).toBeVisible();
  await expect(timeline(alice).getByText('(edited)')).toBeVisible();
  await bob.screenshot({ path: join(artifacts, 'chat-dm.png') });
});

test('Alice creates a private channel, invites Bob, and they chat there', async () => {
  await sidebar(alice).getByRole('button', { name: 'Create a channel' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Create a channel' });
  await dialog.getByLabel('Name', { exact: true }).fill('Secret Plans');
  await expect(dialog.getByLabel('Handle')).toHaveValue('secret-plans');
  await dialog.getByLabel('Topic (optional)').fill('Only for the two of us');
  await dialog.getByText('Private', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await expect(alice.getByRole('heading', { name: 'Secret Plans', level: 1 })).toBeVisible();
  privateUrl = alice.url();

  await alice.getByRole('button', { name: /^1 member/ }).click();
  await alice.getByRole('button', { name: 'Invite people' }).click();
  const invite = alice.getByRole('dialog', { name: /Invite people/ });
  await invite.getByRole('searchbox').fill('bob');
  await invite.getByRole('button', { name: /Bob Brown/ }).click();
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite).toBeHidden();
  const members = alice.getByRole('complementary', { name: /Members/ }).getByRole('listitem');
  await expect(members.filter({ hasText: 'Bob Brown' })).toBeVisible();
  await expect(members.filter({ hasText: 'Alice Adams' })).toContainText('Owner');

  const channelLink = sidebar(bob).getByRole('link', { name: /Secret Plans/ });
  await expect(channelLink).toBeVisible();
  await channelLink.click();
  await expect(bob.getByRole('heading', { name: 'Secret Plans', level: 1 })).toBeVisible();

  await send(alice, 'The plan: @bob brings the cake');
  const mention = timeline(bob).getByRole('article').filter({ hasText: 'brings the cake' });
  await expect(mention.locator('.mention-me', { hasText: '@bob' })).toBeVisible();
  await send(bob, 'On it');
  await expect(timeline(alice).getByText('On it')).toBeVisible();
  await alice.screenshot({ path: join(artifacts, 'chat-private-channel.png') });
});

test('Bob drops offline, misses messages in both rooms, and has all of them after reconnecting', async () => {
  await bobContext.setOffline(true);
  await expect(bob.getByTitle('Live updates: Reconnecting…')).toBeVisible({ timeout: 45_000 });

  const missedHere = ['While you were away 1', 'While you were away 2', 'While you were away 3'];
  for (const text of missedHere) await send(alice, text);
  await alice.goto(dmUrl);
  await expect(composer(alice)).toBeVisible();
  const missedInDm = ['Ping from the DM', 'Second ping from the DM'];
  for (const text of missedInDm) await send(alice, text);

  await bobContext.setOffline(false);
  await connected(bob);
  for (const text of missedHere) await expect(timeline(bob).getByText(text, { exact: true })).toBeVisible();
  const dmLink = sidebar(bob).getByRole('link', { name: /Alice Adams/ });
  await expect(dmLink).toContainText('2');
  await dmLink.click();
  for (const text of missedInDm) await expect(timeline(bob).getByText(text, { exact: true })).toBeVisible();
  await expect(bob.getByRole('heading', { level: 1 }).getByTitle('Online')).toBeVisible();
});

test('Carol sees none of it: not in her sidebar, not at the URL, not in the directory', async () => {
  await expect(sidebar(carol).getByText('Message someone directly.')).toBeVisible();
  await expect(sidebar(carol).getByRole('link', { name: /Secret Plans/ })).toHaveCount(0);
  await expect(sidebar(carol).getByRole('link', { name: /Alice/ })).toHaveCount(0);

  await carol.goto(privateUrl);
  await expect(carol.getByText('Room not found')).toBeVisible();
  const hidden = await carol.locator('.room-state').innerText();
  await carol.goto('/rooms/0190f0f0-0000-7000-8000-000000000000');
  await expect(carol.getByText('Room not found')).toBeVisible();
  expect(await carol.locator('.room-state').innerText()).toBe(hidden);
  await carol.goto(dmUrl);
  await expect(carol.getByText('Room not found')).toBeVisible();
  await expect(carol.getByText('Thanks Alice')).toHaveCount(0);

  await sidebar(carol).getByRole('button', { name: 'Browse channels' }).click();
  const directory = carol.getByRole('dialog', { name: 'Browse channels' });
  await directory.getByRole('searchbox').fill('secret');
  await expect(directory.getByText(/No channel or team matches/)).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'chat-directory-empty.png') });
});

test('the room works at 390 px: the sidebar is a drawer and nothing scrolls sideways', async ({
  browser,
}) => {
  const { page: phone } = await newPage(browser, { width: 390, height: 844 });
  await signIn(phone, 'bob', 'Bob');
  await phone.goto(privateUrl);
  await expect(phone.getByRole('heading', { name: 'Secret Plans', level: 1 })).toBeVisible();
  await expect(timeline(phone).getByText('While you were away 3', { exact: true })).toBeVisible();
  const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: join(artifacts, 'chat-room-390.png') });

  await phone.getByRole('button', { name: 'Menu', exact: true }).click();
  const dmLink = sidebar(phone).getByRole('link', { name: /Alice Adams/ });
  await expect(dmLink).toBeVisible();
  await phone.screenshot({ path: join(artifacts, 'chat-sidebar-390.png') });
  await dmLink.click();
  await expect(phone.getByRole('heading', { name: /Alice Adams/, level: 1 })).toBeVisible();
  await expect(dmLink).not.toBeInViewport();
});

test('no page broke the Content Security Policy', () => {
  expect(cspViolations).toEqual([]);
});
