/**
 * Issue 18 after sign-in, on a Parley of its own (at `localhost`, a name WebAuthn accepts): an
 * administrator sets up an authenticator app (the code computed here with RFC 6238 from the key the
 * page shows), keeps the recovery codes, signs out and in again with a code; registers a passkey in
 * Chromium's virtual authenticator and removes it; signs another device out from the Devices list;
 * and saves the Sign-in settings. Every page is checked with axe and photographed at 1280 and 390 px.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { addVirtualAuthenticator, currentTotpStep, totp } from '../authenticators.js';
import { startParley, type RunningParley } from '../server.js';
import { expectAccessible, pageApi } from '../support.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PASSWORD = 'admin password 1234';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];
let ada: Page;
let totpSecret = '';
let lastStep = 0;
let recoveryCodes: string[] = [];

/** A code the server has not seen yet: each step works once, and the step after now is accepted. */
function nextCode(): string {
  const now = currentTotpStep();
  lastStep = Math.max(now, lastStep + 1);
  if (lastStep > now + 1) throw new Error('no unused TOTP step left in the window');
  return totp(totpSecret, lastStep);
}

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

/** Both layouts of what the page shows now. */
async function photograph(page: Page, name: string): Promise<void> {
  // From the top, so the sticky header sits above the page rather than across it.
  const toTop = () => page.evaluate("window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0)");
  await toTop();
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  // The narrow layout slides the sidebar away: photograph it once it has settled.
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  // A function, not a string: the page's CSP forbids eval.
  type Animated = { document: { getAnimations(): { playState: string }[] } };
  await page.waitForFunction(() =>
    (globalThis as unknown as Animated).document.getAnimations().every((a) => a.playState !== 'running'),
  );
  await toTop();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
  await page.screenshot({ path: join(artifacts, `${name}-390.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** Password, then the second factor, through the API as the page's browser (its cookies). */
async function signInWithSecondFactor(page: Page, code: string): Promise<void> {
  const login = await pageApi(page, parley.url, 'POST', '/api/v1/auth/login', {
    username: 'ada',
    password: PASSWORD,
  });
  expect(login.status).toBe(200);
  expect(login.json).toMatchObject({ mfaRequired: true });
  const mfa = await pageApi(page, parley.url, 'POST', '/api/v1/auth/mfa', { code });
  expect(mfa.status).toBe(200);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  parley = await startParley({ hostname: 'localhost' });
  await mkdir(artifacts, { recursive: true });
  ada = await newPage(browser);
  await ada.goto('/setup');
  await ada.getByLabel('Username').fill('ada');
  await ada.getByLabel('Display name').fill('Ada Lovelace');
  await ada.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await ada.getByRole('button', { name: 'Create admin account' }).click();
  await expect(ada).toHaveURL(/\/$/);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
});

test('sets up an authenticator app, keeps the recovery codes, and signs in again with a code', async () => {
  await ada.goto('/profile/security');
  await expect(ada.getByText('No second factor yet')).toBeVisible();
  await expectAccessible(ada, 'profile security, no factor');
  await photograph(ada, 'security-empty');

  await ada.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const panel = ada.getByRole('region', { name: 'Set up an authenticator app' });
  await expect(panel.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  totpSecret = (await panel.locator('[data-secret]').getAttribute('data-secret')) ?? '';
  expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
  // The key as shown is the same key, in groups of four.
  await expect(panel.locator('[data-secret]')).toHaveText(totpSecret.match(/.{1,4}/g)!.join(' '));
  await expectAccessible(ada, 'authenticator app setup');
  await photograph(ada, 'security-totp-setup');

  await panel.getByLabel('Code from the app').fill(nextCode());
  await panel.getByRole('button', { name: 'Turn on' }).click();
  const codes = ada.getByRole('region', { name: 'Your recovery codes' });
  await expect(codes.getByRole('listitem')).toHaveCount(10);
  recoveryCodes = await codes.getByRole('listitem').allTextContents();
  await expectAccessible(ada, 'recovery codes');
  await photograph(ada, 'security-recovery-codes');
  await codes.getByLabel('I’ve saved my recovery codes somewhere safe').check();
  await codes.getByRole('button', { name: 'Done' }).click();
  await expect(codes).toHaveCount(0);
  await expect(ada.getByRole('list', { name: 'Your second factors' })).toContainText('Authenticator app');

  await ada.getByRole('button', { name: 'Sign out' }).click();
  await expect(ada).toHaveURL(/\/login$/);
  // A password alone no longer signs in.
  const passwordOnly = await pageApi(ada, parley.url, 'POST', '/api/v1/auth/login', {
    username: 'ada',
    password: PASSWORD,
  });
  expect(passwordOnly.json).toMatchObject({ mfaRequired: true, methods: expect.arrayContaining(['totp']) });
  const session = await pageApi(ada, parley.url, 'GET', '/api/v1/auth/session');
  expect(session.json.user).toBeNull();
  await signInWithSecondFactor(ada, nextCode());
});

test('registers a passkey in the virtual authenticator and removes it', async () => {
  const authenticator = await addVirtualAuthenticator(ada);
  await ada.goto('/profile/security');
  await ada.getByRole('button', { name: 'Add a passkey' }).click();
  await ada.getByLabel('Passkey name').fill('Test laptop');
  await ada.getByRole('button', { name: 'Create passkey' }).click();
  const factors = ada.getByRole('list', { name: 'Your second factors' });
  await expect(factors).toContainText('Test laptop');
  expect(await authenticator.credentials()).toHaveLength(1);
  await expectAccessible(ada, 'second factors with a passkey');
  await photograph(ada, 'security-factors');

  await factors.getByRole('button', { name: 'Remove Test laptop' }).click();
  const confirm = ada.getByRole('dialog', { name: 'Remove “Test laptop”?' });
  await confirm.getByRole('button', { name: 'Remove' }).click();
  // Signed in with a code minutes ago: a recent second factor, so no step-up is asked.
  await expect(factors).not.toContainText('Test laptop');
  await expect(ada.getByRole('dialog', { name: 'Confirm it is you' })).toHaveCount(0);
  await authenticator.remove();
});

test('lists devices and signs another one out', async ({ browser }) => {
  const other = await newPage(browser);
  const login = await pageApi(other, parley.url, 'POST', '/api/v1/auth/login', {
    username: 'ada',
    password: PASSWORD,
  });
  expect(login.json).toMatchObject({ mfaRequired: true });
  const mfa = await pageApi(other, parley.url, 'POST', '/api/v1/auth/mfa', { code: recoveryCodes[0] });
  expect(mfa.status).toBe(200);

  await ada.goto('/profile/security');
  const devices = ada.getByRole('list', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  await expect(devices.getByRole('listitem').filter({ hasText: 'This device' })).toHaveCount(1);
  await expectAccessible(ada, 'devices');
  await photograph(ada, 'security-devices');

  const otherRow = devices.getByRole('listitem').filter({ hasNotText: 'This device' });
  await otherRow.getByRole('button', { name: /Sign out/ }).click();
  await ada
    .getByRole('dialog', { name: /Sign out/ })
    .getByRole('button', { name: 'Sign out' })
    .click();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  const gone = await pageApi(other, parley.url, 'GET', '/api/v1/auth/session');
  expect(gone.json.user).toBeNull();
});

test('an administrator saves the Sign-in settings', async () => {
  await ada.goto('/admin/sign-in');
  await expect(ada.getByRole('heading', { name: 'Second factor and passwords' })).toBeVisible();
  await ada.getByLabel('Require a second factor of').selectOption('admins');
  await ada.getByLabel('Days to set one up').fill('3');
  await ada
    .getByRole('group', { name: 'Administrators who may always use their password' })
    .getByLabel('Ada Lovelace (@ada)')
    .check();
  await ada.getByRole('button', { name: 'Save sign-in settings' }).click();
  // The second factor was given at sign-in minutes ago: recent enough, no step-up.
  await expect(
    ada.getByText('Sign-in settings saved. They apply at each person’s next sign-in.'),
  ).toBeVisible();
  const settings = await pageApi(ada, parley.url, 'GET', '/api/v1/admin/settings');
  expect((settings.json.settings as { security: unknown }).security).toEqual({
    requireMfa: 'admins',
    mfaGraceDays: 3,
    passwordSignIn: true,
    breakGlassAdmins: ['ada'],
  });

  await expectAccessible(ada, 'admin sign-in settings');
  await photograph(ada, 'admin-sign-in');
  expect(cspViolations).toEqual([]);
});

test('single sign-on starts empty and offers the provider form', async () => {
  await ada.goto('/admin/sign-in');
  await expect(ada.getByText('No identity providers')).toBeVisible();
  await ada.getByRole('button', { name: 'Add an identity provider' }).click();
  const form = ada.getByRole('form', { name: 'Add an identity provider' });
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(form.getByText('Enter the client secret the provider gave you.')).toBeVisible();
  await expectAccessible(ada, 'identity provider form');
  await photograph(ada, 'admin-sign-in-provider-form');
  expect(cspViolations).toEqual([]);
});
