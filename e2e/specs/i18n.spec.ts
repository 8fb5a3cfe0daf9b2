/**
 * Issue 21, Parley in Ukrainian and German, on a Parley of its own. The sign-in page's picker switches
 * a signed-out visitor's interface at once; the profile's Language section switches a member's (and
 * the server keeps it: a new tab opens in it). Then at 390 px, in each language, every main page
 * (home, a room, calls, people, search, profile, security, consultations, administration) has its
 * heading in that language (the catalogue's message), `<html lang>` set, and nothing wider
 * than the phone; each is photographed into e2e/artifacts. The room's Notifications dialog and
 * Administration → Workspace → Push notifications are checked the same way, and with axe.
 *
 * The expected words come from the web app's own catalogues (apps/web/src/i18n/locales), so a change
 * of wording changes the test's expectation with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { repoRoot, startParley, type RunningParley } from '../server.js';
import { expectAccessible, pageApi } from '../support.js';

const artifacts = join(repoRoot, 'e2e', 'artifacts');
const PASSWORD = 'i18n e2e password 1';
const PHONE = { width: 390, height: 844 };
const LANGUAGES = [
  { code: 'uk', name: 'Українська' },
  { code: 'de', name: 'Deutsch' },
] as const;
type Code = 'en' | (typeof LANGUAGES)[number]['code'];

/** One message of a web catalogue: `catalogue('uk', 'admin.push.title')`. */
function catalogue(code: Code, key: string): string {
  const folder = join(repoRoot, 'apps/web/src/i18n/locales', code);
  const merged: Record<string, unknown> = {};
  for (const file of readdirSync(folder)) {
    Object.assign(merged, JSON.parse(readFileSync(join(folder, file), 'utf8')));
  }
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], merged);
  if (typeof value !== 'string') throw new Error(`no message ${key} in ${code}`);
  return value;
}

/** A message's words before its first placeholder: what a label built from it starts with. */
const start = (code: Code, key: string) => catalogue(code, key).split('{')[0]!.trim();

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let parley: RunningParley;
const contexts: BrowserContext[] = [];
let ada: Page;
let roomId = '';

async function newPage(browser: Browser, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  return context.newPage();
}

/** The main pages, each with the catalogue message of its level-1 heading (null: user data, a room's name). */
const pages = () => [
  { name: 'home', path: '/', heading: 'home.welcome' },
  { name: 'room', path: `/rooms/${roomId}`, heading: null },
  { name: 'calls', path: '/calls', heading: 'calls.page.title' },
  { name: 'people', path: '/people', heading: 'people.title' },
  { name: 'search', path: '/search?q=launch', heading: 'search.titleWithQuery' },
  { name: 'profile', path: '/profile', heading: 'profile.layout.title' },
  { name: 'security', path: '/profile/security', heading: 'profile.layout.title' },
  { name: 'consultations', path: '/consultations', heading: 'consultations.layout.title' },
  { name: 'find-provider', path: '/consultations/book', heading: 'consultations.layout.title' },
  { name: 'admin-workspace', path: '/admin/workspace', heading: 'admin.layout.title' },
  { name: 'admin-people', path: '/admin/people', heading: 'admin.layout.title' },
  { name: 'admin-video', path: '/admin/video-calls', heading: 'admin.layout.title' },
  { name: 'admin-call-log', path: '/admin/call-log', heading: 'admin.layout.title' },
];

/** A heading's expected text: its message with its value filled in (`{name}`, or the search's `{q}`). */
const expectedHeading = (code: Code, key: string) =>
  catalogue(code, key).replace('{name}', 'Ada').replace('{q}', 'launch');

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).first();

/** Nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
async function expectNoOverflow(page: Page, what: string) {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(widths.client);
}

async function settle(page: Page) {
  await expect(heading(page)).toBeVisible();
  // Loading states are done (no spinner left), so the photo and the heading are the page's own.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  parley = await startParley();
  await mkdir(artifacts, { recursive: true });
  ada = await newPage(browser, { width: 1280, height: 800 });
  await ada.goto('/setup');
  await ada.getByLabel('Username').fill('ada');
  await ada.getByLabel('Display name').fill('Ada Lovelace');
  await ada.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await ada.getByRole('button', { name: 'Create admin account' }).click();
  await expect(ada).toHaveURL(/\/$/);
  const channel = await pageApi(ada, parley.url, 'POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'launch',
    displayName: 'Launch',
  });
  expect(channel.status).toBe(201);
  roomId = (channel.json.room as { id: string }).id;
  const sent = await pageApi(ada, parley.url, 'POST', `/api/v1/rooms/${roomId}/messages`, {
    text: 'The launch plan is ready for review.',
    clientMsgId: 'i18n-e2e-1',
  });
  expect(sent.status).toBe(201);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
});

test('the sign-in page’s picker switches a signed-out visitor at once, and remembers it', async ({
  browser,
}) => {
  const visitor = await newPage(browser);
  await visitor.goto('/login');
  await expect(visitor.locator('html')).toHaveAttribute('lang', 'en');
  const signIn = catalogue('uk', 'auth.login.submit');
  await visitor.getByLabel('Language').selectOption({ label: 'Українська' });
  await expect(visitor.locator('html')).toHaveAttribute('lang', 'uk');
  await expect(visitor.getByRole('button', { name: signIn, exact: true })).toBeVisible();
  await expectNoOverflow(visitor, 'sign-in (uk)');
  await visitor.screenshot({ path: join(artifacts, 'i18n-uk-sign-in.png'), fullPage: true });
  await visitor.reload();
  await expect(visitor.locator('html')).toHaveAttribute('lang', 'uk');
  await visitor.getByLabel(catalogue('uk', 'language.label')).selectOption({ label: 'Deutsch' });
  await expect(
    visitor.getByRole('button', { name: catalogue('de', 'auth.login.submit'), exact: true }),
  ).toBeVisible();
  await expectNoOverflow(visitor, 'sign-in (de)');
  await visitor.screenshot({ path: join(artifacts, 'i18n-de-sign-in.png'), fullPage: true });
});

test('in English: every main page at 390 px has its heading and no sideways scroll', async () => {
  await ada.setViewportSize(PHONE);
  for (const { name, path, heading: key } of pages()) {
    await ada.goto(path);
    await settle(ada);
    if (key) expect.soft((await heading(ada).innerText()).trim(), name).toBe(expectedHeading('en', key));
    await expectNoOverflow(ada, `${name} (en)`);
  }
});

for (const { code, name: languageName } of LANGUAGES) {
  test(`every main page in ${languageName} at 390 px: its heading in the language, lang="${code}", no sideways scroll`, async () => {
    if (code === 'uk') {
      // Through the profile's Language section, as a person would.
      await ada.goto('/profile');
      await ada
        .getByRole('combobox', { name: catalogue('en', 'language.label') })
        .selectOption({ label: languageName });
      await expect(ada.getByText(catalogue(code, 'profile.language.saved'))).toBeVisible();
    } else {
      expect((await pageApi(ada, parley.url, 'PATCH', '/api/v1/me', { locale: code })).status).toBe(200);
    }
    for (const { name, path, heading: key } of pages()) {
      await ada.goto(path);
      await expect(ada.locator('html')).toHaveAttribute('lang', code);
      await settle(ada);
      if (key) {
        expect
          .soft((await heading(ada).innerText()).trim(), `${name} in ${code}`)
          .toBe(expectedHeading(code, key));
      }
      await expectNoOverflow(ada, `${name} (${code})`);
      await ada.screenshot({ path: join(artifacts, `i18n-${code}-${name}.png`) });
    }
  });
}

test('the room’s Notifications dialog and the admin’s push section in Ukrainian, accessibly', async () => {
  expect((await pageApi(ada, parley.url, 'PATCH', '/api/v1/me', { locale: 'uk' })).status).toBe(200);
  await ada.goto(`/rooms/${roomId}`);
  await settle(ada);
  await ada.getByRole('button', { name: catalogue('uk', 'chat.room.menu') }).click();
  const menu = ada.getByRole('menu', { name: catalogue('uk', 'chat.room.menu') });
  await menu
    .getByRole('menuitem')
    .filter({ hasText: start('uk', 'chat.roomNotifications.menuItem') })
    .click();
  const dialog = ada.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(
    dialog.getByRole('radio', { name: catalogue('uk', 'chat.roomNotifications.levels.mentions') }),
  ).toBeVisible();
  await expectNoOverflow(ada, 'room notifications dialog (uk)');
  await expectAccessible(ada, 'room notifications dialog (uk)');
  await ada.screenshot({ path: join(artifacts, 'i18n-uk-room-notifications.png') });
  await ada.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await ada.goto('/admin/workspace');
  const push = ada.getByRole('region', { name: catalogue('uk', 'admin.push.title') });
  await expect(push).toBeVisible();
  await expect(push.getByRole('switch', { name: catalogue('uk', 'admin.push.allowPreviews') })).toBeVisible();
  await push.scrollIntoViewIfNeeded();
  await expectNoOverflow(ada, 'admin push section (uk)');
  await expectAccessible(ada, 'admin workspace with push (uk)');
  await ada.screenshot({ path: join(artifacts, 'i18n-uk-admin-push.png') });
});

test('a new tab opens in the language the server keeps for the person', async ({ browser }) => {
  const tab = await newPage(browser);
  await tab.context().addCookies(await ada.context().cookies());
  await tab.goto('/');
  await expect(tab.locator('html')).toHaveAttribute('lang', 'uk');
});
