/**
 * Issue 7 account administration end to end, on a Parley of its own: an admin adds a person, makes
 * a password-reset link, the person opens it in another browser, chooses a password and is signed
 * in; the admin deactivates them and their open page is signed out. No page may trip the CSP.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const ADMIN_PASSWORD = 'admin password 1234';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
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

let admin: Page;
let grace: Page;
let resetLink = '';

test.beforeAll(async ({ browser }) => {
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
});

test('an admin adds a person and makes a one-time reset link for them', async () => {
  await admin.goto('/admin/people');
  await admin.getByLabel('Username').fill('grace');
  await admin.getByLabel('Display name').fill('Grace Hopper');
  await admin.getByLabel('Password', { exact: true }).fill('temporary password 1');
  await admin.getByRole('button', { name: 'Create user' }).click();
  const row = admin.getByRole('row', { name: /Grace Hopper/ });
  await expect(row).toContainText('Member');
  await expect(row).toContainText('Active');

  await row.getByRole('button', { name: /Reset password/ }).click();
  const dialog = admin.getByRole('dialog', { name: /Password reset link for Grace Hopper/ });
  await expect(dialog).toBeVisible();
  await admin.screenshot({ path: join(artifacts, 'admin-people-reset-link.png') });
  resetLink = await dialog.getByLabel('Reset link').inputValue();
  expect(resetLink).toMatch(/\/reset-password#token=[\w-]{43}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await admin.screenshot({ path: join(artifacts, 'admin-people.png'), fullPage: true });
});

test('the person opens the link in another browser, chooses a password and is signed in', async ({
  browser,
}) => {
  grace = await newPage(browser, { width: 390, height: 844 });
  await grace.goto(new URL(resetLink).pathname + new URL(resetLink).hash);
  await expect(grace.getByText('For Grace Hopper (@grace).')).toBeVisible();
  await expect(grace).toHaveURL(/\/reset-password$/);
  await grace.screenshot({ path: join(artifacts, 'reset-password-390.png'), fullPage: true });
  await grace.getByLabel('New password', { exact: true }).fill('grace new password');
  await grace.getByLabel('Confirm new password').fill('grace new password');
  await grace.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(grace.getByRole('heading', { name: 'Welcome, Grace' })).toBeVisible();

  // The same link does not work twice.
  const again = await newPage(browser);
  await again.goto(new URL(resetLink).pathname + new URL(resetLink).hash);
  await expect(again.getByText(/invalid, used or expired/)).toBeVisible();
});

test('People is a list of cards at 390 px, without sideways scrolling', async ({ browser }) => {
  const narrow = await newPage(browser, { width: 390, height: 844 });
  await narrow.goto('/login');
  await narrow.getByLabel('Username').fill('ada');
  await narrow.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await narrow.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Navigate only once signed in; otherwise the next page load can still be signed out.
  await expect(narrow.getByRole('heading', { name: /^Welcome, Ada/ })).toBeVisible();
  await narrow.goto('/admin/people');
  await expect(narrow.getByRole('row', { name: /Grace Hopper/ })).toBeVisible();
  const overflow = await narrow.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await narrow.screenshot({ path: join(artifacts, 'admin-people-390.png'), fullPage: true });
});

test('deactivating signs the person out of their open page at once', async () => {
  const row = admin.getByRole('row', { name: /Grace Hopper/ });
  await row.getByRole('button', { name: /Deactivate/ }).click();
  const dialog = admin.getByRole('dialog', { name: 'Deactivate Grace Hopper?' });
  await expect(dialog).toContainText('Their messages stay');
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  await expect(grace.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await grace.getByLabel('Username').fill('grace');
  await grace.getByLabel('Password', { exact: true }).fill('grace new password');
  await grace.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(grace.getByText('This account is deactivated; ask an administrator')).toBeVisible();
});

test('no page broke the Content Security Policy', () => {
  expect(cspViolations).toEqual([]);
});
