/**
 * Issue 9 conference calls end to end, on a Parley of its own with Jitsi's real IFrame API: the Jitsi
 * test server (jitsi-meeting/server.ts) serves the pinned `external_api.js` and, at every room, a
 * meeting page that speaks the API's postMessage transport; it is the Jitsi domain, with SSL and
 * tokens on. Alice calls Bob from their direct message; Bob's page rings (its ring audio plays); Bob
 * accepts; the real API builds both meetings' URLs exactly as the join answers' links (the call's room,
 * a token for that room, moderator rights for Alice only); Jitsi's events say both joined, and the
 * room's call history shows it; Bob hangs up inside Jitsi and Parley closes his meeting, he joins
 * again from the call card; Alice ends it for everyone. Screenshots at 1280 and 390 px.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  drive,
  expectIframeBuiltFrom,
  meetingFrame,
  meetingFrames,
  snapshot,
} from '../jitsi-meeting/probe.js';
import { chromium } from '../support.js';
import { artifacts, Workspace } from '../workspace.js';

// Bob's ring must be heard without a click first (the page was loaded by a sign-in, not a gesture).
test.use({
  launchOptions: chromium('--autoplay-policy=no-user-gesture-required'),
});

test.describe.configure({ mode: 'serial' });

let ws: Workspace;

let alice: Page;
let bob: Page;
let dmUrl = '';
let dmId = '';

interface CallJson {
  id: string;
  roomName: string;
  status: string;
  participants: { user: { username: string }; state: string; joinedAt: string | null }[];
}

const api = (page: Page, method: string, path: string, body?: unknown) => ws.api(page, method, path, body);

const connected = (page: Page) => expect(page.getByTitle('Live updates: Connected')).toBeVisible();
const callRegion = (page: Page) => page.getByRole('region', { name: /^Call: / });

async function dmCalls(page: Page): Promise<CallJson[]> {
  const { status, json } = await api(page, 'GET', `/api/v1/rooms/${dmId}/calls`);
  expect(status).toBe(200);
  return json.calls as CallJson[];
}

test.beforeAll(async ({ browser }) => {
  ws = await Workspace.start('calls e2e password 1');
  alice = await ws.newPage(browser);
  await ws.setUp(alice, [['bob', 'Bob Brown']], { jitsi: { limitTokenToRoom: true } });
  bob = await ws.newPage(browser);
  await ws.signIn(bob, 'bob', 'Bob');
});

test.afterAll(async () => {
  await ws?.close();
});

test('Alice calls Bob from their direct message and sees who will be rung', async () => {
  await alice.reload();
  await connected(alice);
  await alice
    .getByRole('complementary', { name: 'Workspace' })
    .getByRole('button', { name: 'New direct message' })
    .click();
  const picker = alice.getByRole('dialog', { name: 'New direct message' });
  await picker.getByRole('searchbox').fill('bob');
  await picker.getByRole('button', { name: /Bob Brown/ }).click();
  await picker.getByRole('button', { name: 'Start conversation' }).click();
  await expect(alice.getByRole('heading', { name: /Bob Brown/, level: 1 })).toBeVisible();
  dmUrl = alice.url();
  dmId = dmUrl.split('/rooms/')[1] ?? '';
  await connected(bob);

  await alice.getByRole('button', { name: 'Start a call' }).click();
  const confirm = alice.getByRole('dialog', { name: 'Call Bob Brown' });
  await expect(confirm.getByText('Will be rung:')).toBeVisible();
  await expect(confirm.getByRole('list', { name: 'Who will be called' })).toContainText('Bob Brown');
  await confirm.getByRole('button', { name: 'Start call' }).click();
  await expect(alice.getByRole('dialog', { name: 'Calling Bob Brown…' })).toBeVisible();
});

test('Bob’s page rings: the incoming call and its ring audio playing', async () => {
  const incoming = bob.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible();
  await expect(incoming).toContainText('Alice Adams is calling');
  await expect(incoming).toContainText('Direct call');
  await expect
    .poll(() =>
      bob.evaluate(`(() => {
        const audio = document.querySelector('audio[src$="ring.wav"]');
        return audio instanceof HTMLAudioElement ? { playing: !audio.paused, loop: audio.loop } : null;
      })()`),
    )
    .toEqual({ playing: true, loop: true });
  await expect(incoming.getByRole('button', { name: 'Click to enable sound' })).toHaveCount(0);
  await bob.screenshot({ path: join(artifacts, 'calls-ringing.png') });
});

test('Bob accepts; both pages embed the meeting with the right room, token and moderator', async () => {
  await bob.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Accept' }).click();
  await expect(bob).toHaveURL(dmUrl);
  await expect(bob.getByRole('dialog', { name: 'Incoming call' })).toHaveCount(0);
  // The ring stops with the dialog.
  expect(await bob.locator('audio[src$="ring.wav"]').count()).toBe(0);
  // Alice's "Calling…" turns into the meeting by itself.
  await expect(alice.getByRole('dialog', { name: 'Calling Bob Brown…' })).toHaveCount(0);

  const [call] = await dmCalls(alice);
  expect(call?.status).toBe('ongoing');
  const roomName = call!.roomName;
  const claims: Record<string, unknown>[] = [];
  for (const page of [alice, bob]) {
    await expect(callRegion(page).locator('iframe')).toBeVisible();
    const join = await ws.joins(page).at(-1)!;
    // The URL the real API built is the join answer's link, token and all.
    const url = await expectIframeBuiltFrom(page, ws.jitsi, join.url);
    expect(url.room).toBe(roomName);
    expect(url.jwt).toBe(join.jwt);
    expect(url.config).toMatchObject({ prejoinPageEnabled: false, prejoinConfig: { enabled: false } });
    expect(url.claims?.room).toBe(roomName);
    claims.push(url.claims!);
  }
  const [aliceClaims, bobClaims] = claims as [Record<string, unknown>, Record<string, unknown>];
  const moderator = (c: Record<string, unknown>) =>
    (c.context as { user?: { moderator?: unknown } } | undefined)?.user?.moderator;
  expect(moderator(aliceClaims)).toBe(true);
  expect(aliceClaims.moderator).toBe(true);
  expect(moderator(bobClaims)).toBe(false);
  expect(bobClaims.moderator).toBeUndefined();
});

test('both report joining; the call view and the room’s history show both joined', async () => {
  // Jitsi says each entered the conference and sees the other.
  const [aliceMeeting, bobMeeting] = [await meetingFrame(alice, ws.jitsi), await meetingFrame(bob, ws.jitsi)];
  await drive(aliceMeeting, 'join()');
  await drive(bobMeeting, 'join()');
  await drive(aliceMeeting, 'participantJoined("b0b", "Bob Brown")');
  await drive(bobMeeting, 'participantJoined("a11ce", "Alice Adams")');
  await expect(callRegion(alice)).toContainText('In the call: Alice Adams and Bob Brown');
  await expect(callRegion(bob)).toContainText('In the call: Alice Adams and Bob Brown');
  await expect(callRegion(alice).getByRole('button', { name: 'End for everyone' })).toBeVisible();
  await expect(callRegion(bob).getByRole('button', { name: 'End for everyone' })).toHaveCount(0);
  const card = alice.getByRole('group', { name: 'Call by Alice Adams' });
  await expect(card).toContainText('In call');
  await expect(card).toContainText('You’re in this call');
  await alice.screenshot({ path: join(artifacts, 'calls-call-view.png') });

  const [call] = await dmCalls(bob);
  expect(call!.participants.map((p) => [p.user.username, p.state]).sort()).toEqual([
    ['alice', 'joined'],
    ['bob', 'joined'],
  ]);

  await alice.getByRole('button', { name: 'Calls in this room' }).click();
  const history = alice.getByRole('dialog', { name: 'Calls with Bob Brown' });
  const item = history.getByRole('listitem').first();
  await expect(item).toContainText('Alice Adams called');
  await expect(item).toContainText('Alice Adams and Bob Brown joined');
  await alice.screenshot({ path: join(artifacts, 'calls-history.png') });
  await history.getByRole('button', { name: 'Close' }).click();
});

test('at 390 px the meeting takes the room, with a way back to the chat', async () => {
  await bob.setViewportSize({ width: 390, height: 844 });
  // The sidebar slides away (0.2 s) and the meeting follows its slot.
  await expect(bob.getByRole('complementary', { name: 'Workspace' })).toBeHidden();
  const region = callRegion(bob);
  await expect(region).toBeVisible();
  const box = await region.boundingBox();
  expect(box?.width).toBeGreaterThan(380);
  await expect(bob.getByRole('textbox', { name: /^Message / })).toBeHidden();
  await bob.screenshot({ path: join(artifacts, 'calls-call-view-390.png') });

  await region.getByRole('button', { name: 'Chat' }).click();
  await expect(bob.getByRole('textbox', { name: /^Message / })).toBeVisible();
  await expect(region.getByRole('button', { name: 'Back to call' })).toBeVisible();
  await bob.screenshot({ path: join(artifacts, 'calls-chat-390.png') });
  await region.getByRole('button', { name: 'Back to call' }).click();
  await expect(bob.getByRole('textbox', { name: /^Message / })).toBeHidden();
  // The same meeting throughout: one frame, the first API instance of the page.
  expect(meetingFrames(bob, ws.jitsi)).toHaveLength(1);
  expect((await snapshot(await meetingFrame(bob, ws.jitsi))).url.apiId).toBe(0);
});

test('Bob hangs up inside Jitsi: Parley closes his meeting; he joins again from the call card', async () => {
  // Jitsi's own hang-up button: it leaves the conference, then says it is ready to close.
  await drive(await meetingFrame(bob, ws.jitsi), 'hangUp()');
  await expect(callRegion(bob)).toHaveCount(0);
  await expect.poll(() => meetingFrames(bob, ws.jitsi).length).toBe(0);
  await expect(callRegion(alice)).toContainText(/In the call: Alice Adams(?! and)/);
  await expect
    .poll(async () => (await dmCalls(alice))[0]!.participants.find((p) => p.user.username === 'bob')?.state)
    .toBe('left');

  await bob.getByRole('group', { name: 'Call by Alice Adams' }).getByRole('button', { name: 'Join' }).click();
  const again = await meetingFrame(bob, ws.jitsi);
  // A new API instance talks on its own scope (jitsi_meet_external_api_1) and still reaches Parley.
  expect((await snapshot(again)).url.apiId).toBe(1);
  await expectIframeBuiltFrom(bob, ws.jitsi, (await ws.joins(bob).at(-1)!).url);
  await drive(again, 'join()');
  await expect(callRegion(alice)).toContainText('In the call: Alice Adams and Bob Brown');
  await expect(callRegion(bob)).toContainText('In the call: Alice Adams and Bob Brown');
  expect(ws.meetingLog()).toContain('sent video-conference-left');
  expect(ws.meetingLog()).toContain('sent video-ready-to-close');
});

test('Alice ends it for everyone; the card says how long, the Calls page lists it', async () => {
  await callRegion(alice).getByRole('button', { name: 'End for everyone' }).click();
  // Asked first, with Cancel in focus; confirming ends it.
  const confirm = alice.getByRole('dialog', { name: 'End the call for everyone?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await alice.screenshot({ path: join(artifacts, 'calls-end-confirm.png') });
  await confirm.getByRole('button', { name: 'End for everyone' }).click();
  await expect(callRegion(alice)).toHaveCount(0);
  await expect(callRegion(bob)).toHaveCount(0);
  await expect(bob.getByText('The call has ended.')).toBeVisible();
  // The real API's dispose() took the meetings' iframes away.
  await expect.poll(() => meetingFrames(alice, ws.jitsi).length).toBe(0);
  await expect.poll(() => meetingFrames(bob, ws.jitsi).length).toBe(0);
  await expect(alice.getByRole('group', { name: 'Call by Alice Adams' })).toContainText(/Call ended · \d+ s/);

  await bob.goto('/calls');
  const list = bob.getByRole('list', { name: 'All calls' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Incoming');
  await expect(list).toContainText('Alice Adams and Bob Brown joined');
  await expect(list.getByRole('button', { name: /Call back/ })).toBeVisible();
  const overflow = await bob.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await bob.screenshot({ path: join(artifacts, 'calls-page-390.png'), fullPage: true });
  expect(ws.cspViolations).toEqual([]);
  // Parley sent no command the API refuses (none at all today) and none API.js would ignore.
  expect(ws.meetingLog().filter((line) => /^(refused|unsupported)/.test(line))).toEqual([]);
});
