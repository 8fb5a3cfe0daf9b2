/**
 * Issue 10 consultations end to end, on a Parley of its own with Jitsi's real IFrame API (the Jitsi
 * test server of jitsi-meeting/server.ts: the pinned external_api.js and a meeting page that speaks
 * its transport, configured as the Jitsi domain with SSL and tokens on). The admin makes Bob a provider in Administration → People; Bob's hours start a few minutes from
 * now (no minimum notice), so the slot Carol books is inside its join window at once. Carol books it
 * in Lisbon time, both open the consultation; Carol sees "Waiting for your provider…" until Bob is
 * in the call (Jitsi's own events: each one's `video-conference-joined`, the other's
 * `participant-joined`/`-left`); the meeting URL the real API builds is the join answer's link with
 * the choices made before joining; chat and typing flow both ways beside the call; Parley's controls
 * send `toggle-audio`/`toggle-video` through the API and follow the mute events the meeting answers
 * with; Leave sends `video-hangup`, the meeting leaves and is ready to close; Carol gives feedback. Screenshots at 1280 and 390 px in e2e/artifacts.
 */
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  drive,
  expectIframeBuiltFrom,
  meetingFrame,
  meetingFrames,
  snapshot,
} from '../jitsi-meeting/probe.js';
import { chromium } from '../support.js';
import { artifacts, Workspace } from '../workspace.js';

// A fake camera and microphone, allowed without a prompt: the device check shows a picture and a level.
test.use({
  launchOptions: chromium('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'),
});

test.describe.configure({ mode: 'serial' });

let ws: Workspace;

let admin: Page;
let bob: Page;
let carol: Page;
let consultationId = '';

const newPage = (browser: Browser, timezoneId: string) =>
  ws.newPage(browser, { timezoneId, locale: 'en-GB', permissions: ['camera', 'microphone'] });

const api = (page: Page, method: string, path: string, body?: unknown) => ws.api(page, method, path, body);

/** Runs `window.__meeting.<call>` in the meeting embedded in `page`. */
const inMeeting = async (page: Page, call: string) => drive(await meetingFrame(page, ws.jitsi), call);
const meetingState = async (page: Page) => (await snapshot(await meetingFrame(page, ws.jitsi))).state;
const connected = (page: Page) => expect(page.getByTitle('Live updates: Connected')).toBeVisible();
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
const chatOf = (page: Page, name: string) => page.getByRole('complementary', { name: `Chat with ${name}` });
const controls = (page: Page) => page.getByRole('toolbar', { name: 'Call controls' });

/** A phone-sized window, once the sidebar has slid away (0.2 s). */
async function phone(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('complementary', { name: 'Workspace' })).toBeHidden();
}

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

test.beforeAll(async ({ browser }) => {
  ws = await Workspace.start('consultations e2e password 1');
  admin = await newPage(browser, 'Europe/Berlin');
  await ws.setUp(admin, [
    ['bob', 'Bob Brown'],
    ['carol', 'Carol Clark'],
  ]);
  bob = await newPage(browser, 'Europe/Berlin');
  await ws.signIn(bob, 'bob', 'Bob');
  carol = await newPage(browser, 'Europe/Lisbon');
  await ws.signIn(carol, 'carol', 'Carol');
});

test.afterAll(async () => {
  await ws?.close();
});

test('the admin makes Bob a provider; Bob gives his profile and hours', async () => {
  await admin.goto('/admin/people');
  const toggle = admin.getByRole('switch', { name: /Provider\s*\(Bob Brown\)/ });
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await expect(toggle).toBeChecked();
  await admin.screenshot({ path: join(artifacts, 'consultations-admin-people.png') });

  // Bob's own page learns he is a provider.
  await bob.goto('/consultations');
  await expect(bob.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  const profile = await api(bob, 'PUT', '/api/v1/providers/me', {
    bio: 'Counsellor for stress, sleep and work–life balance. Sessions in English or German.',
    specialities: ['Stress', 'Sleep'],
    languages: ['en', 'de'],
    accepting: true,
  });
  expect(profile.status, JSON.stringify(profile.json)).toBe(200);
  const { zone, date, start } = hoursFromNow();
  const hours = await api(bob, 'PUT', '/api/v1/providers/me/availability', {
    timezone: zone,
    sessionMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 14,
    weekly: [
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '13:00', end: '17:00' },
      { day: 3, start: '09:00', end: '17:00' },
    ],
    exceptions: [{ date, hours: [{ start, end: '24:00' }] }],
  });
  expect(hours.status, JSON.stringify(hours.json)).toBe(200);

  await bob.getByRole('link', { name: 'Availability' }).click();
  await expect(bob.getByRole('heading', { name: 'Weekly hours' })).toBeVisible();
  await expect(bob.getByLabel('Your time zone')).toHaveValue(zone);
  await bob.screenshot({ path: join(artifacts, 'consultations-availability.png'), fullPage: true });
  await phone(bob);
  expect(await overflow(bob)).toBeLessThanOrEqual(0);
  await bob.screenshot({ path: join(artifacts, 'consultations-availability-390.png'), fullPage: true });
  await bob.setViewportSize({ width: 1280, height: 800 });
});

test('Carol finds Bob and books a slot in her own time zone', async () => {
  await carol.goto('/consultations/book');
  await connected(carol);
  const card = carol.getByRole('article', { name: 'Bob Brown' });
  await expect(card).toContainText('30-minute sessions');
  await expect(card).toContainText('Stress');
  await carol.screenshot({ path: join(artifacts, 'consultations-find.png') });
  await card.getByRole('link', { name: /See free times/ }).click();

  await expect(carol.getByText(/Times shown in/)).toContainText('Europe/Lisbon');
  const times = carol.getByRole('radiogroup', { name: /^Times on/ });
  // One tab stop: the keyboard reaches the first time, arrows move on, Tab goes on to the hold.
  await times.getByRole('radio').first().focus();
  await carol.keyboard.press('ArrowRight');
  await expect(times.getByRole('radio').nth(1)).toBeFocused();
  await expect(times.getByRole('radio').nth(1)).toHaveAttribute('aria-checked', 'true');
  await carol.keyboard.press('Home');
  await expect(times.getByRole('radio').first()).toHaveAttribute('aria-checked', 'true');
  await expect(carol.getByRole('button', { name: 'Hold this time' })).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'consultations-booking.png'), fullPage: true });

  await carol.getByRole('button', { name: 'Hold this time' }).click();
  await expect(carol.getByRole('heading', { name: 'Confirm your booking' })).toBeVisible();
  await expect(carol.getByText(/We’re holding this time for you for \d:\d\d/)).toBeVisible();
  await carol.getByRole('button', { name: 'Confirm booking' }).click();
  const done = carol.getByRole('heading', { name: 'You’re booked' });
  await expect(done).toBeVisible();
  const open = carol.getByRole('link', { name: 'Open the consultation' });
  consultationId = ((await open.getAttribute('href')) ?? '').split('/').pop() ?? '';
  expect(consultationId).toMatch(/^[0-9a-f-]{36}$/);
  const ics = await carol.request.get(`/api/v1/consultations/${consultationId}/calendar.ics`);
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain('BEGIN:VCALENDAR');
  await carol.screenshot({ path: join(artifacts, 'consultations-booked.png') });
});

test('at 390 px the booking page fits the phone', async () => {
  await phone(carol);
  await carol.goto('/consultations/book');
  await carol
    .getByRole('article', { name: 'Bob Brown' })
    .getByRole('link', { name: /See free times/ })
    .click();
  await expect(carol.getByRole('radiogroup', { name: 'Days' })).toBeVisible();
  await carol
    .getByRole('radiogroup', { name: /^Times on/ })
    .getByRole('radio')
    .first()
    .click();
  expect(await overflow(carol)).toBeLessThanOrEqual(0);
  await carol.screenshot({ path: join(artifacts, 'consultations-booking-390.png'), fullPage: true });
  await carol.goto('/consultations');
  await expect(carol.getByRole('list', { name: 'Upcoming consultations' })).toContainText('Bob Brown');
  expect(await overflow(carol)).toBeLessThanOrEqual(0);
  await carol.screenshot({ path: join(artifacts, 'consultations-mine-390.png'), fullPage: true });
  await carol.setViewportSize({ width: 1280, height: 800 });
});

test('Carol joins and waits for her provider; the meeting is the consultation’s room', async () => {
  await carol.goto(`/consultations/${consultationId}`);
  await expect(carol.getByRole('heading', { name: 'Consultation with Bob Brown', level: 1 })).toBeVisible();
  await expect(carol.getByText('Bob Brown hasn’t joined yet')).toBeVisible();
  // The device check: the fake camera plays and the meter has a reading.
  await expect
    .poll(() => carol.evaluate<number>("document.querySelector('video.prejoin-video')?.videoWidth ?? 0"))
    .toBeGreaterThan(0);
  await expect(carol.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'consultations-prejoin.png') });

  await carol.getByRole('button', { name: 'Join with video' }).click();
  await expect(carol.locator('.meeting-frame iframe')).toBeVisible();
  // The real API built the join answer's link, with the choices made before joining on top.
  const answer = await ws.joins(carol).at(-1)!;
  const url = await expectIframeBuiltFrom(carol, ws.jitsi, answer.url, {
    'config.startWithAudioMuted': false,
    'config.startWithVideoMuted': false,
    'config.prejoinPageEnabled': false,
  });
  expect(url.room).toBe(consultationId);
  expect(url.jwt).toBe(answer.jwt);
  expect(url.claims?.room).toBe(consultationId);
  expect(JSON.stringify(url.claims)).not.toContain('@');
  expect(await meetingState(carol)).toMatchObject({ audioMuted: false, videoMuted: false, joined: false });

  await inMeeting(carol, 'join()');
  await expect(carol.getByText('Waiting for your provider…')).toBeVisible();
  await expect(chatOf(carol, 'Bob Brown')).toContainText('Carol Clark joined the call');
  await carol.screenshot({ path: join(artifacts, 'consultations-waiting.png') });
});

test('Bob sees Carol is in, joins, and Carol’s waiting ends', async () => {
  await bob.goto('/consultations/dashboard');
  await expect(bob.getByRole('region', { name: /^Today/ })).toContainText('Carol Clark');
  await bob.screenshot({ path: join(artifacts, 'consultations-dashboard.png'), fullPage: true });
  await phone(bob);
  await bob.reload();
  await expect(bob.getByRole('region', { name: /^Today/ })).toContainText('Carol Clark');
  await expect(bob.getByRole('link', { name: 'Dashboard' })).toBeInViewport();
  expect(await overflow(bob)).toBeLessThanOrEqual(0);
  await bob.screenshot({ path: join(artifacts, 'consultations-dashboard-390.png'), fullPage: true });
  await bob.setViewportSize({ width: 1280, height: 800 });
  await bob.goto(`/consultations/${consultationId}`);
  await expect(bob.getByRole('heading', { name: 'Session with Carol Clark', level: 1 })).toBeVisible();
  await expect(bob.getByText('Carol Clark is in the consultation')).toBeVisible();
  await bob.getByRole('button', { name: 'Join with video' }).click();
  await expect(bob.locator('.meeting-frame iframe')).toBeVisible();
  const url = await expectIframeBuiltFrom(bob, ws.jitsi, (await ws.joins(bob).at(-1)!).url, {
    'config.startWithAudioMuted': false,
    'config.startWithVideoMuted': false,
    'config.prejoinPageEnabled': false,
  });
  expect(url.claims?.room).toBe(consultationId);
  expect(url.jwt).not.toBe((await ws.joins(carol).at(-1)!).jwt);

  await inMeeting(bob, 'join()');
  // The server tells Carol's page: no waiting any more.
  await expect(carol.getByText('Waiting for your provider…')).toHaveCount(0);
  await expect(carol.getByText('Bob Brown is in the consultation')).toBeVisible();
  // Jitsi itself sees each other too.
  await inMeeting(carol, 'participantJoined("b0b", "Bob Brown")');
  await inMeeting(bob, 'participantJoined("ca201", "Carol Clark")');
  await expect(bob.getByText(/Waiting for/)).toHaveCount(0);
});

test('chat and typing flow both ways beside the call', async () => {
  const carolChat = chatOf(carol, 'Bob Brown');
  const bobChat = chatOf(bob, 'Carol Clark');
  const carolBox = carolChat.getByRole('textbox', { name: /^Message / });
  await carolBox.click();
  await carolBox.pressSequentially('Hello Bob, can you hear me?');
  await expect(bobChat.getByText('Carol Clark is typing')).toBeVisible();
  await carolBox.press('Enter');
  await expect(bobChat.getByText('Hello Bob, can you hear me?')).toBeVisible();

  const bobBox = bobChat.getByRole('textbox', { name: /^Message / });
  await bobBox.click();
  await bobBox.pressSequentially('Yes, loud and clear.');
  await expect(carolChat.getByText('Bob Brown is typing')).toBeVisible();
  await bobBox.press('Enter');
  await expect(carolChat.getByText('Yes, loud and clear.')).toBeVisible();
});

test('the controls toggle the microphone and camera through Jitsi and follow its answers', async () => {
  await controls(carol).getByRole('button', { name: /^Mute/ }).click();
  await expect(controls(carol).getByRole('button', { name: /^Unmute/ })).toBeVisible();
  await controls(carol).getByRole('button', { name: 'Stop camera' }).click();
  await expect(controls(carol).getByRole('button', { name: 'Start camera' })).toBeVisible();
  // What reached Jitsi Meet: commands API.js obeys, and the state it answered with.
  const meeting = await snapshot(await meetingFrame(carol, ws.jitsi));
  expect(meeting.received).toEqual([
    { name: 'toggle-audio', args: [], obeyed: true },
    { name: 'toggle-video', args: [], obeyed: true },
  ]);
  expect(meeting.state).toMatchObject({ audioMuted: true, videoMuted: true });
  // The changes reach the chat as system lines, for both.
  await expect(chatOf(bob, 'Carol Clark')).toContainText(/Carol Clark turned their microphone off/);
  await expect(chatOf(bob, 'Carol Clark')).toContainText(/Carol Clark turned their camera off/);
  await carol.screenshot({ path: join(artifacts, 'consultations-session.png') });
  await bob.screenshot({ path: join(artifacts, 'consultations-session-provider.png') });

  await controls(carol)
    .getByRole('button', { name: /^Unmute/ })
    .click();
  await expect(controls(carol).getByRole('button', { name: /^Mute/ })).toBeVisible();
  await expect(chatOf(bob, 'Carol Clark')).toContainText(/Carol Clark turned their microphone on/);
});

test('at 390 px the call takes the screen and the chat comes over it', async () => {
  await phone(carol);
  // Opened on a wide screen, the chat now lies over the call; on a phone it starts closed.
  const chat = chatOf(carol, 'Bob Brown');
  if (await chat.isVisible()) {
    await chat.getByRole('button', { name: 'Hide the chat' }).click();
    await expect(chat).toHaveCount(0);
  }
  await expect(controls(carol)).toBeVisible();
  expect(await overflow(carol)).toBeLessThanOrEqual(0);
  await carol.screenshot({ path: join(artifacts, 'consultations-session-390.png') });

  await controls(carol).getByRole('button', { name: 'Chat' }).click();
  await expect(chatOf(carol, 'Bob Brown')).toBeVisible();
  await expect(chatOf(carol, 'Bob Brown').getByText('Yes, loud and clear.')).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'consultations-chat-390.png') });
  await chatOf(carol, 'Bob Brown').getByRole('button', { name: 'Hide the chat' }).click();
  await inMeeting(carol, 'participantLeft("b0b")');
  await expect(carol.getByText('Waiting for your provider…')).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'consultations-waiting-390.png') });
  await inMeeting(carol, 'participantJoined("b0b", "Bob Brown")');
  await expect(carol.getByText('Waiting for your provider…')).toHaveCount(0);
  await carol.setViewportSize({ width: 1280, height: 800 });
});

test('Carol leaves and gives feedback', async () => {
  await controls(carol).getByRole('button', { name: 'Leave' }).click();
  const form = carol.locator('form.feedback-form');
  await expect(form.getByText('How was your session with Bob Brown?')).toBeVisible();
  // Leave sent Jitsi's hang-up; the meeting left and said it was ready to close, and Parley closed it.
  expect(ws.meetingLog(carol).slice(-3)).toEqual([
    'received video-hangup',
    'sent video-conference-left',
    'sent video-ready-to-close',
  ]);
  await expect.poll(() => meetingFrames(carol, ws.jitsi).length).toBe(0);
  await form.getByText('Good', { exact: true }).click();
  await form.getByText('Yes', { exact: true }).click();
  await form.getByLabel('Anything else? (optional)').fill('Thank you, that helped.');
  await carol.screenshot({ path: join(artifacts, 'consultations-feedback.png') });
  await form.getByRole('button', { name: 'Send feedback' }).click();
  await expect(carol.getByText('Thank you for your feedback.')).toBeVisible();
  await expect(chatOf(bob, 'Carol Clark')).toContainText('Carol Clark left the call');
  await expect(bob.getByText('Carol Clark isn’t in the consultation now')).toBeVisible();

  // The admin sees who opened it, not what was said.
  await admin.goto('/admin/access-log');
  const table = admin.getByRole('table');
  await expect(table).toContainText('Carol Clark');
  await expect(table).toContainText('Joined the call');
  await expect(table).not.toContainText('loud and clear');
  await admin.screenshot({ path: join(artifacts, 'consultations-access-log.png'), fullPage: true });

  // Filtered by the consultation's provider, chosen by name (not an id), and today's date.
  await admin
    .locator('.people-picker', { has: admin.getByLabel('Provider', { exact: true }) })
    .getByRole('button', { name: /Bob Brown/ })
    .click();
  const today = await admin.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await admin.getByLabel('From', { exact: true }).fill(today);
  await admin.getByLabel('To', { exact: true }).fill(today);
  await admin.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(admin.getByRole('table')).toContainText('Carol Clark');

  // What Carol said, with Carol only under a nickname (she gave none): never her name.
  await admin.getByRole('link', { name: 'Feedback', exact: true }).click();
  const feedback = admin.getByRole('list', { name: 'Feedback' });
  await expect(feedback).toContainText('Thank you, that helped.');
  await expect(feedback).toContainText('Rated 4 out of 5');
  await expect(feedback).not.toContainText('Carol');
  await admin.screenshot({ path: join(artifacts, 'consultations-admin-feedback.png'), fullPage: true });
  expect(ws.cspViolations).toEqual([]);
  // Every command Parley sent is one the API passes on and API.js obeys.
  const log = ws.meetingLog();
  expect(log.filter((line) => /^(refused|unsupported)/.test(line))).toEqual([]);
  expect(log.filter((line) => line.startsWith('received '))).toEqual([
    'received toggle-audio',
    'received toggle-video',
    'received toggle-audio',
    'received video-hangup',
  ]);
});
