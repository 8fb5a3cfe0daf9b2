/**
 * Issue 2 "Foundation" end to end: first-run setup, sign out, sign in (wrong then right password) and a
 * profile change, in one browser session against a fresh server. The tests run in order and share
 * the page, as a person would.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const admin = {
  workspace: 'Acme Consulting',
  username: 'ada',
  displayName: 'Ada Lovelace',
  email: 'ada@example.com',
  password: 'correct horse battery',
};
const renamed = 'Ada King, Countess of Lovelace';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  if (!baseURL) {
    throw new Error('PARLEY_E2E_URL is not set: run the tests with `npx playwright test` in e2e/.');
  }
  context = await browser.newContext({ baseURL });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

const header = () => page.getByRole('banner');
// The sidebar names the workspace on wide screens (the header repeats it only on narrow ones).
const sidebar = () => page.getByRole('complementary', { name: 'Workspace' });
const profileLink = (name: string) => header().getByRole('link', { name: `Your profile: ${name}` });

test('first run: / leads to setup, which creates the admin and signs in', async () => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up Parley' })).toBeVisible();

  await page.getByLabel('Workspace name').fill(admin.workspace);
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(sidebar().getByText(admin.workspace, { exact: true })).toBeVisible();
  await expect(profileLink(admin.displayName)).toBeVisible();
  await expect(header().getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('sign out, then sign in: a wrong password shows the server message', async () => {
  await header().getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText(`Welcome back to ${admin.workspace}.`)).toBeVisible();

  // The session is really gone on the server, not only in the page.
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);

  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('The username or password is wrong');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(profileLink(admin.displayName)).toBeVisible();
});

test('profile: a new display name shows in the header and persists', async () => {
  await profileLink(admin.displayName).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();

  const displayName = page.getByLabel('Display name', { exact: true });
  await expect(displayName).toHaveValue(admin.displayName);
  await displayName.fill(renamed);
  await page.getByRole('button', { name: 'Save profile' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
  await expect(profileLink(renamed)).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Display name', { exact: true })).toHaveValue(renamed);
  await expect(profileLink(renamed)).toBeVisible();

  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ user: { username: admin.username, displayName: renamed } });

  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'profile.png'), fullPage: true });
});
