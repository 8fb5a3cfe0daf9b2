/**
 * Issue 19, consultations with people who have no account, end to end in two browsers each. Without
 * e-mail, Bob (a provider) proposes a session to Dana by name and e-mail and copies her personal link;
 * Dana opens it signed out, accepts, and both reach the consultation page, where the chat flows both
 * ways; Dana then turns her link into an account. With e-mail (an SMTP sink), Bob opens his public
 * booking page; a visitor books a free time on it at phone size and confirms through the link the
 * e-mail brings. Screenshots at 390 px and desktop in e2e/artifacts.
 */
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startSmtpSink, type SmtpSink } from '../../apps/server/src/test/smtp-sink.js';
import { expectAccessible } from '../support.js';
import { artifacts, Workspace } from '../workspace.js';

test.describe.configure({ mode: 'serial' });

const PHONE = { width: 390, height: 844 };
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
const chatOf = (page: Page, name: string) => page.getByRole('complementary', { name: `Chat with ${name}` });

/**
 * Where Bob's hours can start a few minutes from now and run to the end of his day: a zone whose
 * local time is not late in the evening, the local date there, and a start 5–10 minutes ahead.
 */
function hoursFromNow(): { zone: string; date: string; start: string } {
  const now = new Date();
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York', 'Pacific/Auckland']) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(now)
        .map((p) => [p.type, p.value]),
    );
    const minutes = Number(parts.hour) * 60 + Number(parts.minute);
    const start = Math.ceil((minutes + 5) / 5) * 5;
    if (start + 60 > 24 * 60) continue;
    const hh = String(Math.floor(start / 60)).padStart(2, '0');
    const mm = String(start % 60).padStart(2, '0');
    return { zone, date: `${parts.year}-${parts.month}-${parts.day}`, start: `${hh}:${mm}` };
  }
  throw new Error('no zone with an hour left today');
}

/** Alice sets the workspace up with Bob as a provider whose hours start a few minutes from now. */
async function setUpProvider(ws: Workspace, browser: Browser, settings: Record<string, unknown> = {}) {
  const admin = await ws.newPage(browser, { timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  await ws.setUp(admin, [['bob', 'Bob Brown']], settings);
  await ws.expectOk(admin, 'PATCH', `/api/v1/admin/users/${ws.ids.get('bob')}`, { provider: true });
  const bob = await ws.newPage(browser, { timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  await ws.signIn(bob, 'bob', 'Bob');
  await ws.expectOk(bob, 'PUT', '/api/v1/providers/me', {
    bio: 'Counsellor for stress and sleep.',
    specialities: ['Stress', 'Sleep'],
    languages: ['en', 'de'],
    accepting: true,
  });
  const { zone, date, start } = hoursFromNow();
  await ws.expectOk(bob, 'PUT', '/api/v1/providers/me/availability', {
    timezone: zone,
    sessionMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 14,
    weekly: [{ day: 3, start: '09:00', end: '17:00' }],
    exceptions: [{ date, hours: [{ start, end: '24:00' }] }],
  });
  return { admin, bob };
}

test.describe('a client without an account, without e-mail', () => {
  let ws: Workspace;
  let bob: Page;
  let dana: Page;
  let link = '';

  test.beforeAll(async ({ browser }) => {
    ws = await Workspace.start('guest consultations e2e password 1');
    ({ bob } = await setUpProvider(ws, browser));
    dana = await ws.newPage(browser, { timezoneId: 'Europe/Lisbon', locale: 'en-GB', viewport: PHONE });
  });

  test.afterAll(async () => {
    await ws?.close();
  });

  test('Bob proposes a session to Dana by name and e-mail and copies her personal link', async () => {
    await bob.goto('/consultations/dashboard');
    await bob.getByRole('button', { name: 'Propose a session' }).click();
    const dialog = bob.getByRole('dialog', { name: 'Propose a session' });
    await dialog.getByText('Someone without an account', { exact: true }).click();
    await dialog.getByLabel('Their name').fill('Dana Doe');
    await dialog.getByLabel('Their e-mail').fill('dana@example.org');
    await dialog.getByText('Now', { exact: true }).click();
    await bob.screenshot({ path: join(artifacts, 'guest-consultations-propose.png') });
    await dialog.getByRole('button', { name: 'Start now' }).click();

    await expect(bob.getByText('Send Dana Doe this link')).toBeVisible();
    const box = bob.getByRole('textbox', { name: 'Personal link for Dana Doe' });
    link = await box.inputValue();
    expect(link).toMatch(/\/visit\/[A-Za-z0-9_-]{20,}$/);
    await expectAccessible(bob, 'the dashboard with a guest link');
    await bob.screenshot({ path: join(artifacts, 'guest-consultations-link.png') });
  });

  test('Dana opens it signed out, accepts, and reaches the consultation page', async () => {
    await dana.goto(link);
    await expect(dana.getByRole('heading', { name: 'Hello, Dana Doe' })).toBeVisible();
    await expect(dana.getByText('Your consultation with Bob Brown.')).toBeVisible();
    await expect(dana.getByText(/Your time, Europe\/Lisbon/)).toBeVisible();
    await expectAccessible(dana, 'the visit page');
    expect(await overflow(dana)).toBeLessThanOrEqual(0);
    await dana.screenshot({ path: join(artifacts, 'guest-consultations-visit-390.png'), fullPage: true });

    await dana.getByRole('button', { name: 'Open the consultation' }).click();
    await expect(dana.getByRole('heading', { name: 'Consultation with Bob Brown' })).toBeVisible();
    // The guest frame: her consultations and an account, nothing of the workspace.
    await expect(dana.getByRole('link', { name: 'Create an account' })).toBeVisible();
    await expect(dana.getByRole('link', { name: 'People' })).toHaveCount(0);
    await dana.getByRole('button', { name: 'Accept' }).click();
    await expect(dana.getByRole('button', { name: 'Join with video' })).toBeVisible();
    await expectAccessible(dana, 'the guest’s consultation page');
    expect(await overflow(dana)).toBeLessThanOrEqual(0);
    await dana.screenshot({ path: join(artifacts, 'guest-consultations-page-390.png'), fullPage: true });
  });

  test('the chat flows both ways between Bob and Dana', async () => {
    await dana.getByRole('button', { name: 'Chat with Bob Brown' }).click();
    const danaBox = chatOf(dana, 'Bob Brown').getByRole('textbox', { name: /^Message / });
    await danaBox.fill('Hello Bob, I am here.');
    await danaBox.press('Enter');

    await bob.goto('/consultations/dashboard');
    await bob.getByRole('link', { name: 'Dana Doe' }).first().click();
    await expect(bob.getByRole('heading', { name: 'Session with Dana Doe' })).toBeVisible();
    const bobChat = chatOf(bob, 'Dana Doe');
    await expect(bobChat.getByText('Hello Bob, I am here.')).toBeVisible();
    const bobBox = bobChat.getByRole('textbox', { name: /^Message / });
    await bobBox.fill('Welcome, Dana.');
    await bobBox.press('Enter');
    await expect(chatOf(dana, 'Bob Brown').getByText('Welcome, Dana.')).toBeVisible();
    await bob.screenshot({ path: join(artifacts, 'guest-consultations-provider.png') });
    await dana.screenshot({ path: join(artifacts, 'guest-consultations-chat-390.png') });
  });

  test('Dana keeps her consultation as an account of her own', async () => {
    await dana.getByRole('link', { name: 'Create an account' }).click();
    await expect(dana.getByRole('heading', { name: 'Create an account' })).toBeVisible();
    await expect(dana.getByLabel('Email')).toHaveValue('dana@example.org');
    await dana.getByLabel('Username').fill('dana');
    await dana.getByLabel('Password', { exact: true }).fill('dana e2e password 1');
    await expectAccessible(dana, 'the claim page');
    await dana.screenshot({ path: join(artifacts, 'guest-consultations-claim-390.png'), fullPage: true });
    await dana.getByRole('button', { name: 'Create account' }).click();
    await expect(dana).toHaveURL(/\/consultations$/);
    await expect(dana.getByRole('link', { name: 'Bob Brown', exact: true })).toBeVisible();
    await expect(dana.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
  });
});

test.describe('a provider’s public booking page, with e-mail', () => {
  let ws: Workspace;
  let smtp: SmtpSink;
  let bob: Page;
  let visitor: Page;

  test.beforeAll(async ({ browser }) => {
    smtp = await startSmtpSink();
    ws = await Workspace.start('guest consultations e2e password 2', { env: { SMTP_URL: smtp.url } });
    ({ bob } = await setUpProvider(ws, browser, {
      guests: { callRoomTypes: [], publicBooking: true, linkMinutes: 1440 },
    }));
    visitor = await ws.newPage(browser, {
      timezoneId: 'America/New_York',
      locale: 'en-US',
      viewport: PHONE,
    });
  });

  test.afterAll(async () => {
    await ws?.close();
    await smtp?.close();
  });

  test('Bob opens his public booking page from his provider profile', async () => {
    await bob.goto('/consultations/profile');
    const toggle = bob.getByRole('switch', { name: 'Public booking page' });
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await bob.getByRole('button', { name: 'Save profile' }).click();
    await expect(bob.getByText('Your profile is saved.')).toBeVisible();
    await expect(bob.getByRole('link', { name: /\/book\/bob$/ })).toBeVisible();
    await bob.screenshot({ path: join(artifacts, 'guest-consultations-public-switch.png'), fullPage: true });
  });

  test('a visitor books a free time at phone size and confirms through the e-mailed link', async () => {
    await visitor.goto('/book/bob');
    await expect(visitor.getByRole('heading', { name: 'Book Bob Brown' })).toBeVisible();
    await expect(visitor.getByText(/Times shown in/)).toContainText('America/New York');
    await visitor
      .getByRole('radiogroup', { name: /^Times on/ })
      .getByRole('radio')
      .first()
      .click();
    const form = visitor.getByRole('region', { name: 'Your details' });
    await form.getByLabel('Your name').fill('Erin Visitor');
    await form.getByLabel('Your e-mail').fill('erin@example.org');
    await expectAccessible(visitor, 'the public booking page');
    expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    await visitor.screenshot({ path: join(artifacts, 'guest-consultations-book-390.png'), fullPage: true });
    await form.getByRole('button', { name: 'Book this time' }).click();
    await expect(visitor.getByText('Check your e-mail')).toBeVisible();
    await visitor.screenshot({ path: join(artifacts, 'guest-consultations-booked-390.png'), fullPage: true });

    const mail = await smtp.next((m) => m.envelopeTo.includes('erin@example.org'), 15_000);
    const url = /https?:\/\/[^\s"<>]+\/visit\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(url, mail.text).toBeTruthy();
    await visitor.goto(url!);
    await expect(visitor.getByRole('heading', { name: 'Hello, Erin Visitor' })).toBeVisible();
    await visitor.getByRole('button', { name: 'Open the consultation' }).click();
    await expect(visitor.getByRole('heading', { name: 'Consultation with Bob Brown' })).toBeVisible();
    await visitor.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(visitor.getByText('Scheduled', { exact: true }).first()).toBeVisible();
    await visitor.screenshot({
      path: join(artifacts, 'guest-consultations-confirmed-390.png'),
      fullPage: true,
    });

    await bob.goto('/consultations/dashboard');
    await expect(bob.getByRole('link', { name: 'Erin Visitor' }).first()).toBeVisible();
  });
});
