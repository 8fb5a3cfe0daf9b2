/**
 * Issue 19, call guests end to end, on a Parley of its own with Jitsi's real IFrame API (the Jitsi
 * test server, as calls.spec.ts). The admin opens channels to guests (Administration → Guests); Alice
 * starts a call in #design and creates a guest link from the call ("Invite guests"); a second,
 * signed-out browser opens the link, enters a name, passes the device check and waits; Alice sees
 * "Lin (guest) wants to join" over her meeting and admits her; the guest's page embeds the meeting
 * with her own token (the call's room, never moderator, "(guest)" in the name), and Alice's call shows
 * her as a guest. The link is then revoked and opening it again says so. Screenshots at 1280 and 390 px.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { drive, meetingFrame } from '../jitsi-meeting/probe.js';
import { chromium, expectAccessible, jwtPayload } from '../support.js';
import { artifacts, Workspace } from '../workspace.js';

// A fake camera and microphone, allowed without a prompt: the guest's device check shows a picture.
test.use({
  launchOptions: chromium('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'),
});

test.describe.configure({ mode: 'serial' });

let ws: Workspace;
let alice: Page;
let guest: Page;
let roomId = '';
let guestUrl = '';

const callRegion = (page: Page) => page.getByRole('region', { name: /^Call: / });

test.beforeAll(async ({ browser }) => {
  ws = await Workspace.start('guest calls e2e password 1');
  alice = await ws.newPage(browser);
  await ws.setUp(alice, [['bob', 'Bob Brown']]);
  const created = await ws.expectOk(
    alice,
    'POST',
    '/api/v1/rooms',
    { type: 'channel', name: 'design', memberIds: [ws.ids.get('bob')] },
    201,
  );
  roomId = (created.room as { id: string }).id;
});

test.afterAll(async () => {
  await ws?.close();
});

test('the admin opens channels to call guests in Administration → Guests', async () => {
  await alice.goto('/admin/guests');
  const types = alice.getByRole('group', { name: 'Guests may join calls in' });
  await expect(types.getByLabel('Channels', { exact: true })).not.toBeChecked();
  await types.getByLabel('Channels', { exact: true }).check();
  await alice.getByRole('button', { name: 'Save guest settings' }).click();
  await expect(alice.getByText('Guest settings saved.')).toBeVisible();
  await expect(alice.getByText('No active guest links')).toBeVisible();
  await expectAccessible(alice, 'Administration → Guests');
  const settings = await ws.expectOk(alice, 'GET', '/api/v1/admin/settings');
  expect((settings.settings as { guests: { callRoomTypes: string[] } }).guests.callRoomTypes).toEqual([
    'channel',
  ]);
});

test('Alice starts a call in #design and creates a guest link from it', async () => {
  await alice.goto(`/rooms/${roomId}`);
  await expect(alice.getByTitle('Live updates: Connected')).toBeVisible();
  await alice.getByRole('button', { name: 'Start a call' }).click();
  await alice
    .getByRole('dialog', { name: 'Call design' })
    .getByRole('button', { name: 'Start call' })
    .click();
  await expect(callRegion(alice).locator('iframe')).toBeVisible();
  await drive(await meetingFrame(alice, ws.jitsi), 'join()');

  await callRegion(alice).getByRole('button', { name: 'Invite guests' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Invite guests to design' });
  await expect(dialog.getByText('No active links')).toBeVisible();
  await dialog.getByLabel('Link works for').selectOption({ label: '1 hour' });
  await dialog.getByLabel('Most guests').fill('5');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = dialog.getByRole('textbox', { name: 'Guest link' });
  await expect(url).toHaveValue(/\/guest\/[A-Za-z0-9_-]{20,}$/);
  guestUrl = await url.inputValue();
  await expect(dialog.getByRole('list', { name: 'Active guest links' })).toContainText(
    '0 guests joined of 5',
  );
  await expect(dialog.getByRole('list', { name: 'Active guest links' })).toContainText(
    'Guests wait to be let in',
  );
  await expectAccessible(alice, 'the Invite guests dialog');
  await alice.screenshot({ path: join(artifacts, 'guest-calls-invite.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a signed-out guest opens the link, enters a name, checks devices and waits', async ({ browser }) => {
  guest = await ws.newPage(browser, { viewport: { width: 390, height: 844 } });
  await guest.goto(guestUrl);
  await expect(guest.getByRole('heading', { level: 1, name: 'design' })).toBeVisible();
  await expect(guest.getByText('You are invited to a call')).toBeVisible();
  // The fake camera's picture plays in the device check.
  await expect
    .poll(() =>
      guest.evaluate(`document.querySelector('video[aria-label="Your camera preview"]')?.videoWidth ?? 0`),
    )
    .toBeGreaterThan(0);
  await guest.getByLabel('Your name').fill('Lin');
  await expectAccessible(guest, 'the guest page');
  await guest.screenshot({ path: join(artifacts, 'guest-calls-join-390.png'), fullPage: true });
  await guest.setViewportSize({ width: 1280, height: 800 });
  await guest.screenshot({ path: join(artifacts, 'guest-calls-join.png') });
  await guest.setViewportSize({ width: 390, height: 844 });
  await guest.getByRole('button', { name: 'Ask to join' }).click();
  await expect(guest.getByRole('heading', { name: 'Waiting to be let in' })).toBeVisible();
  await expectAccessible(guest, 'the guest waiting page');
  await guest.screenshot({ path: join(artifacts, 'guest-calls-waiting-390.png') });
});

test('Alice sees the guest over her meeting and admits her; the guest enters with her own token', async () => {
  const lobby = callRegion(alice).getByRole('list', { name: 'Guests waiting to join' });
  await expect(lobby).toContainText('Lin (guest) wants to join');
  await alice.screenshot({ path: join(artifacts, 'guest-calls-lobby.png') });
  await lobby.getByRole('button', { name: 'Admit Lin (guest)' }).click();
  await expect(lobby).toHaveCount(0);

  const region = guest.getByRole('region', { name: 'Call: design' });
  await expect(region.locator('iframe')).toBeVisible();
  const frame = await meetingFrame(guest, ws.jitsi);
  const src = (await guest.locator(`iframe[src^="${ws.jitsi.origin}/"]`).getAttribute('src')) ?? '';
  const claims = jwtPayload(new URL(src).searchParams.get('jwt') ?? undefined);
  const aliceCall = (await ws.expectOk(alice, 'GET', `/api/v1/rooms/${roomId}/calls`)).calls as {
    roomName: string;
    participants: { user: { displayName: string }; guest?: boolean; state: string }[];
  }[];
  expect(claims.room).toBe(aliceCall[0]!.roomName);
  const user = (claims.context as { user: { name: string; moderator?: unknown } }).user;
  expect(user.name).toBe('Lin (guest)');
  expect(user.moderator).not.toBe(true);
  expect(claims.moderator).toBeUndefined();

  await drive(frame, 'join()');
  await expect(callRegion(alice)).toContainText('Lin (guest)');
  await expect
    .poll(async () => {
      const calls = (await ws.expectOk(alice, 'GET', `/api/v1/rooms/${roomId}/calls`))
        .calls as typeof aliceCall;
      return calls[0]!.participants.find((p) => p.guest)?.state;
    })
    .toBe('joined');
  await guest.screenshot({ path: join(artifacts, 'guest-calls-meeting-390.png') });
  await alice.screenshot({ path: join(artifacts, 'guest-calls-admitted.png') });
});

test('the admin lists the active link; revoking it closes it to new guests with a clear page', async ({
  browser,
}) => {
  await alice.setViewportSize({ width: 390, height: 844 });
  await alice.goto('/admin/guests');
  const links = alice.getByRole('list', { name: 'Active guest links' });
  await expect(links).toContainText('design');
  await expect(links).toContainText('by Alice Adams');
  await expect(links).toContainText('1 guest joined of 5');
  await alice.screenshot({ path: join(artifacts, 'guest-calls-admin-390.png'), fullPage: true });
  await links.getByRole('button', { name: 'Revoke the link into design' }).click();
  await expect(alice.getByText('No active guest links')).toBeVisible();

  const late = await ws.newPage(browser, { viewport: { width: 390, height: 844 } });
  await late.goto(guestUrl);
  await expect(late.getByRole('heading', { level: 1, name: 'This link doesn’t work' })).toBeVisible();
  await expectAccessible(late, 'a revoked guest link');
  await late.screenshot({ path: join(artifacts, 'guest-calls-revoked-390.png') });
  expect(ws.cspViolations).toEqual([]);
});
