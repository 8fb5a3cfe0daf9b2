/**
 * Issue 16 item 6, end-to-end encrypted media, end to end: on a Parley of its own (its encryption
 * settings would change the other specs' meetings) with Jitsi's real IFrame API (the Jitsi test server
 * of jitsi-meeting/server.ts). With consultations' encryption `offered`, a provider and a client join;
 * the key of the join answer reaches each meeting only through the API, as `set-media-encryption-key`
 * once the conference is joined, never in the iframe's URL; both hold the same key and both pages say
 * "End-to-end encrypted". Nobody else gets it: a third person and an admin are refused by the join and
 * the admin call log never shows a key; no other API answer, socket message or browser storage ever
 * holds one. Every session and every call has a key of its own. A browser without encoded transforms
 * (simulated: the init script deletes `RTCRtpScriptTransform` and `createEncodedStreams` in every
 * frame of its pages) joins an offered session or call in clear, and the other party is told who
 * while they are in; a session or call that requires encryption shows it why instead of a meeting,
 * and it cannot start such a call (nobody is rung).
 * When Jitsi reloads its own page inside the iframe (its reconnect path does), the reloaded page
 * starts with no key and joins again: the real IFrame API sends its `e2eeKey` only on the first
 * `video-conference-joined`, so Parley must send the same key again, or the meeting would run in clear
 * under its lock (a session's and a call's meeting are reloaded).
 * With encryption off, a call carries no key and offers "Open in new tab" again. Screenshots in
 * e2e/artifacts (e2ee-*.png).
 */
import { join } from 'node:path';
import { expect, test, type Browser, type Frame, type Page } from '@playwright/test';
import {
  drive,
  expectIframeBuiltFrom,
  meetingFrame,
  meetingFrames,
  type JoinAnswer,
  snapshot,
} from '../jitsi-meeting/probe.js';
import { chromium } from '../support.js';
import { artifacts, Workspace } from '../workspace.js';

/** What the web shows for the reason a required meeting cannot be joined here (calls/e2ee.ts). */
const REQUIRED_REASON = 'This meeting requires end-to-end encryption, and this browser cannot encrypt';

/**
 * A browser that cannot encrypt media: no encoded transforms, in Parley's page and in the meeting's
 * frame alike (Playwright runs init scripts in every frame), as a browser without them would be.
 */
const WITHOUT_ENCODED_TRANSFORMS = `(() => {
  delete window.RTCRtpScriptTransform;
  if (window.RTCRtpSender) delete window.RTCRtpSender.prototype.createEncodedStreams;
})()`;

// A fake camera and microphone, allowed without a prompt (the consultation's device check).
test.use({
  launchOptions: chromium('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'),
});

test.describe.configure({ mode: 'serial' });

let ws: Workspace;
/** Every media key a join answer handed out. */
const keysHandedOut = new Set<string>();
/** Everything else Parley sent the pages: other API answers and socket messages (see watchTraffic). */
const otherTraffic: string[] = [];

/**
 * Collects the keys of `page`'s join answers, and the text of every other answer from Parley's API
 * and every socket message it receives, where no key may ever appear.
 */
function watchTraffic(page: Page) {
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== ws.parley.url || !url.pathname.startsWith('/api/')) return;
    const isJoin = response.request().method() === 'POST' && url.pathname.endsWith('/join');
    void response.text().then(
      (text) => {
        if (!isJoin) return otherTraffic.push(`${url.pathname}${url.search}: ${text}`);
        const key = (JSON.parse(text) as JoinAnswer).e2ee?.key;
        if (key) keysHandedOut.add(key);
      },
      () => undefined, // a body the page navigated away from
    );
  });
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => otherTraffic.push(`socket: ${String(payload)}`)),
  );
}

let alice: Page; // the admin
let bob: Page; // a provider; calls Carol
let carol: Page; // Bob's client
let pat: Page; // a provider
let quinn: Page; // a provider
let dave: Page; // a client whose browser cannot encrypt

/** The first consultation's key, as its meetings received it (the next ones must differ). */
let firstSessionKey: number[] = [];
let firstCallKey: number[] = [];

async function newPage(browser: Browser, options: { canEncrypt?: boolean } = {}) {
  const page = await ws.newPage(browser, { locale: 'en-GB', permissions: ['camera', 'microphone'] });
  if (options.canEncrypt === false) await page.context().addInitScript(WITHOUT_ENCODED_TRANSFORMS);
  watchTraffic(page);
  return page;
}

const api = (page: Page, method: string, path: string, body?: unknown) => ws.api(page, method, path, body);
const expectOk = (page: Page, method: string, path: string, body?: unknown, status?: number) =>
  ws.expectOk(page, method, path, body, status);

/** The key as the IFrame API hands it to Jitsi Meet: the hex key's bytes, index 0. */
const keyInfo = (hex: string) => ({ exportedKey: [...Buffer.from(hex, 'hex')], index: 0 });

const keyOf = async (page: Page) => (await snapshot(await meetingFrame(page, ws.jitsi))).state.e2ee.key;

/** The meeting's encryption line (EncryptionStatus). */
const lock = (page: Page) => page.locator('.encryption-status');

/** `provider` proposes a session now to `client`, who accepts; its id. */
async function sessionNow(provider: Page, client: Page, clientName: string): Promise<string> {
  const proposed = await expectOk(
    provider,
    'POST',
    '/api/v1/consultations',
    { clientId: ws.ids.get(clientName), start: 'now' },
    201,
  );
  const id = (proposed.consultation as { id: string }).id;
  await expectOk(client, 'POST', `/api/v1/consultations/${id}/accept`);
  return id;
}

/** Opens the consultation and joins it with video; the join answer. */
async function joinConsultation(page: Page, id: string): Promise<JoinAnswer> {
  await page.goto(`/consultations/${id}`);
  await page.getByRole('button', { name: 'Join with video' }).click();
  await expect(page.locator('.meeting-frame iframe')).toBeVisible();
  return ws.joins(page).at(-1)!;
}

/** The iframe the real API built is the answer's link with the pre-join choices and the key's flag. */
async function expectKeyOnlyThroughTheApi(page: Page, answer: JoinAnswer, extra: Record<string, unknown>) {
  await expectIframeBuiltFrom(page, ws.jitsi, answer.url, {
    ...extra,
    'config.e2ee': { externallyManagedKey: true },
  });
  const src = (await page.locator(`iframe[src^="${ws.jitsi.origin}/"]`).getAttribute('src')) ?? '';
  expect(answer.e2ee?.key).toMatch(/^[0-9a-f]{64}$/);
  expect(src.toLowerCase()).not.toContain(answer.e2ee!.key);
  expect(answer.url).not.toContain(answer.e2ee!.key);
}

const PREJOIN = {
  'config.startWithAudioMuted': false,
  'config.startWithVideoMuted': false,
  'config.prejoinPageEnabled': false,
};

/** How many `set-media-encryption-key` commands this document of the meeting page received. */
const keysReceived = async (frame: Frame) =>
  (await snapshot(frame)).received.filter((r) => r.name === 'set-media-encryption-key').length;

/**
 * Jitsi reloads its page inside the iframe, as its reconnect path does: the same frame gets a fresh
 * document (nothing of the old one's state), which sends `ready` again; `frame` is that new page.
 */
async function jitsiReloadsItself(frame: Frame): Promise<void> {
  await frame.evaluate('window.__beforeReload = true; setTimeout(() => location.reload(), 0)');
  await frame.waitForFunction('window.__beforeReload === undefined && window.__meeting !== undefined');
  const fresh = await snapshot(frame);
  expect(fresh.state.joined).toBe(false);
  expect(fresh.state.e2ee.key).toBeNull();
  expect(fresh.sent.map((e) => e.name)).toEqual(['browser-support', 'ready']);
}

/**
 * `page`'s meeting, joined and holding `key` once, reloads itself and joins again: it holds `key`
 * again, sent once more by Parley.
 */
async function expectKeyAfterReload(page: Page, key: string) {
  const frame = await meetingFrame(page, ws.jitsi);
  const crossings = () =>
    ws.meetingLog(page).filter((line) => line === 'received set-media-encryption-key').length;
  const before = crossings();
  expect((await snapshot(frame)).state.e2ee.key).toEqual(keyInfo(key));
  expect(await keysReceived(frame)).toBe(1);

  await jitsiReloadsItself(frame);
  await drive(frame, 'join()');
  await expect.poll(async () => (await snapshot(frame)).state.e2ee.key).toEqual(keyInfo(key));
  expect(await keysReceived(frame)).toBe(1);
  expect((await snapshot(frame)).state.e2ee.enabled).toBe(true);
  // The transport log outlives the first document: the key crossed once more, for the second join.
  expect(crossings() - before).toBe(1);
}

test.beforeAll(async ({ browser }) => {
  // Six people sign in and are set up: more than a minute on a loaded 2-core machine.
  test.setTimeout(180_000);
  ws = await Workspace.start('e2ee e2e password 1');
  alice = await newPage(browser);
  const people = [
    ['bob', 'Bob Brown'],
    ['carol', 'Carol Clark'],
    ['pat', 'Pat Parker'],
    ['quinn', 'Quinn Quill'],
    ['dave', 'Dave Davis'],
  ] as const;
  await ws.setUp(alice, people, { consultations: { e2ee: 'offered' }, calls: { e2ee: 'offered' } });

  bob = await newPage(browser);
  carol = await newPage(browser);
  pat = await newPage(browser);
  quinn = await newPage(browser);
  dave = await newPage(browser, { canEncrypt: false });
  for (const [page, [username, displayName]] of [bob, carol, pat, quinn, dave].map(
    (p, i) => [p, people[i]!] as const,
  )) {
    await ws.signIn(page, username, displayName.split(' ')[0]!);
  }
  // Bob, Pat and Quinn give consultations, at any hour.
  for (const [page, username] of [
    [bob, 'bob'],
    [pat, 'pat'],
    [quinn, 'quinn'],
  ] as const) {
    await expectOk(alice, 'PATCH', `/api/v1/admin/users/${ws.ids.get(username)}`, { provider: true });
    await expectOk(page, 'PUT', '/api/v1/providers/me', {
      bio: 'Counsellor.',
      specialities: ['Stress'],
      languages: ['en'],
      accepting: true,
    });
    await expectOk(page, 'PUT', '/api/v1/providers/me/availability', {
      timezone: 'UTC',
      sessionMinutes: 30,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 14,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
      exceptions: [],
    });
  }
});

test.afterAll(async () => {
  await ws?.close();
});

test('an offered session: both meetings get the answer’s key through the API after joining, never in the URL', async () => {
  const id = await sessionNow(bob, carol, 'carol');
  ws.ids.set('session 1', id);
  const answers: JoinAnswer[] = [];
  for (const page of [carol, bob]) {
    const answer = await joinConsultation(page, id);
    answers.push(answer);
    expect(answer.e2ee?.mode).toBe('offered');
    await expectKeyOnlyThroughTheApi(page, answer, PREJOIN);
    // Not before Jitsi says the conference is joined: the API holds the key until then.
    expect(await keyOf(page)).toBeNull();
    await drive(await meetingFrame(page, ws.jitsi), 'join()');
    await expect.poll(() => keyOf(page)).toEqual(keyInfo(answer.e2ee!.key));
    expect(ws.meetingLog()).toContain('received set-media-encryption-key');
  }
  // One key for the session: both parties encrypt and decrypt with the same bytes.
  const [carolKey, bobKey] = [await keyOf(carol), await keyOf(bob)];
  expect(carolKey?.exportedKey).toHaveLength(32);
  expect(bobKey).toEqual(carolKey);
  firstSessionKey = carolKey!.exportedKey as number[];
  for (const page of [carol, bob]) {
    await expect(lock(page)).toHaveClass(/is-encrypted/);
    await expect(page.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  }
  await carol.screenshot({ path: join(artifacts, 'e2ee-consultation-encrypted.png') });
});

test('the session’s meeting page reloads and rejoins, and has the session’s key again', async () => {
  await expectKeyAfterReload(carol, Buffer.from(firstSessionKey).toString('hex'));
  await expect(carol.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  await carol.screenshot({ path: join(artifacts, 'e2ee-rejoin-consultation.png') });
});

test('nobody else gets the session’s key: a third person and an admin are refused by the join', async () => {
  const id = ws.ids.get('session 1')!;
  for (const page of [dave, alice]) {
    const res = await api(page, 'POST', `/api/v1/consultations/${id}/join`, {});
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(JSON.stringify(res.json)).not.toMatch(/[0-9a-f]{64}/);
    // Nor does the consultation itself show it (or say anything but 404).
    expect((await api(page, 'GET', `/api/v1/consultations/${id}`)).status).toBe(404);
  }
  // The parties' own views of it carry no key either: only the join answer does.
  const view = await expectOk(carol, 'GET', `/api/v1/consultations/${id}`);
  const key = Buffer.from(firstSessionKey).toString('hex');
  expect(JSON.stringify(view)).not.toContain(key);
});

test('a browser that cannot encrypt joins an offered session in clear; the provider is told who', async () => {
  const id = await sessionNow(pat, dave, 'dave');
  ws.ids.set('session 2', id);
  const daveAnswer = await joinConsultation(dave, id);
  const daveFrame = await meetingFrame(dave, ws.jitsi);
  // The simulation holds in the meeting's frame too: no encoded transforms there.
  expect((await snapshot(daveFrame)).encodedTransforms).toEqual({
    scriptTransform: false,
    encodedStreams: false,
  });
  // Without encoded transforms the web passes no key and no externallyManagedKey.
  await expectIframeBuiltFrom(dave, ws.jitsi, daveAnswer.url, PREJOIN);
  await drive(daveFrame, 'join()');
  await expect(dave.getByText('Not end-to-end encrypted')).toBeVisible();
  await expect(lock(dave)).toContainText('This browser cannot encrypt video calls');

  const patAnswer = await joinConsultation(pat, id);
  await expectKeyOnlyThroughTheApi(pat, patAnswer, PREJOIN);
  await drive(await meetingFrame(pat, ws.jitsi), 'join()');
  await expect.poll(() => keyOf(pat)).toEqual(keyInfo(patAnswer.e2ee!.key));
  // A new session, a new key.
  expect((await keyOf(pat))!.exportedKey).not.toEqual(firstSessionKey);
  // Dave's meeting never received one.
  expect(await keyOf(dave)).toBeNull();
  expect((await snapshot(daveFrame)).received.map((r) => r.name)).not.toContain('set-media-encryption-key');
  await expect(lock(pat)).toHaveClass(/is-unencrypted/);
  await expect(lock(pat)).toContainText('Not end-to-end encrypted');
  await expect(lock(pat)).toContainText('Dave Davis joined from a browser that cannot encrypt');
  await pat.screenshot({ path: join(artifacts, 'e2ee-consultation-other-in-clear.png') });
  // Once Dave has left, nobody in the session is in clear.
  await drive(daveFrame, 'hangUp()');
  await expect(lock(pat)).toHaveClass(/is-encrypted/);
  await expect(pat.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
});

test('a session that requires encryption shows a browser that cannot encrypt why, and no meeting', async () => {
  await expectOk(alice, 'PATCH', '/api/v1/admin/settings', { consultations: { e2ee: 'required' } });
  const id = await sessionNow(quinn, dave, 'dave');
  const joined = ws.joins(dave).length;
  await dave.goto(`/consultations/${id}`);
  await dave.getByRole('button', { name: 'Join with video' }).click();
  await expect(dave.getByText(REQUIRED_REASON)).toBeVisible();
  await expect(dave.getByText(/The chat still works/)).toBeVisible();
  await expect(dave.locator('.meeting-frame iframe')).toHaveCount(0);
  expect(meetingFrames(dave, ws.jitsi)).toHaveLength(0);
  expect(ws.joins(dave).length).toBe(joined);
  // The refusal is the server's, not only the page's: said so, before any token is made.
  const refused = await api(dave, 'POST', `/api/v1/consultations/${id}/join`, { e2eeSupported: false });
  expect(refused).toMatchObject({ status: 422, json: { error: { code: 'e2ee_unsupported' } } });
  await dave.screenshot({ path: join(artifacts, 'e2ee-consultation-required-unsupported.png') });
});

/** Bob opens (or starts) his direct message with `name`, and `callee` is online. */
async function bobMessages(callee: Page, name: string, username: string) {
  await bob.goto('/');
  await bob
    .getByRole('complementary', { name: 'Workspace' })
    .getByRole('button', { name: 'New direct message' })
    .click();
  const picker = bob.getByRole('dialog', { name: 'New direct message' });
  await picker.getByRole('searchbox').fill(username);
  await picker.getByRole('button', { name: new RegExp(name) }).click();
  await picker.getByRole('button', { name: 'Start conversation' }).click();
  await expect(bob.getByRole('heading', { name: new RegExp(name), level: 1 })).toBeVisible();
  await expect(callee.getByTitle('Live updates: Connected')).toBeVisible();
}

const callRegion = (page: Page) => page.getByRole('region', { name: /^Call: / });

/** Bob calls `name` from the direct message open on his page; `callee` accepts; the call's id. */
async function bobCalls(callee: Page, name: string): Promise<string> {
  await bob.getByRole('button', { name: 'Start a call' }).click();
  await bob
    .getByRole('dialog', { name: `Call ${name}` })
    .getByRole('button', { name: 'Start call' })
    .click();
  await callee.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Accept' }).click();
  const room = bob.url().split('/rooms/')[1];
  const { calls } = (await expectOk(bob, 'GET', `/api/v1/rooms/${room}/calls`)) as {
    calls: { id: string; status: string }[];
  };
  expect(calls[0]!.status).toBe('ongoing');
  return calls[0]!.id;
}

/** Both meetings of an encrypted call: the key through the API once joined, no tab of its own. */
async function expectEncryptedCall(): Promise<JoinAnswer[]> {
  const answers: JoinAnswer[] = [];
  for (const page of [bob, carol]) {
    const region = callRegion(page);
    await expect(region.locator('iframe')).toBeVisible();
    const answer = await ws.joins(page).at(-1)!;
    answers.push(answer);
    await expectKeyOnlyThroughTheApi(page, answer, {});
    expect(await keyOf(page)).toBeNull();
    await drive(await meetingFrame(page, ws.jitsi), 'join()');
    await expect.poll(() => keyOf(page)).toEqual(keyInfo(answer.e2ee!.key));
    await expect(region.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
    // Laid over the room, where a plain call offers a tab of its own; an encrypted one does not: its
    // key reaches the meeting only here.
    await expect(region).toHaveClass(/call-dock-docked/);
    await expect(page.getByTitle('Open in new tab')).toHaveCount(0);
  }
  return answers;
}

async function bobEndsTheCall(callee: Page) {
  await callRegion(bob).getByRole('button', { name: 'End for everyone' }).click();
  await bob
    .getByRole('dialog', { name: 'End the call for everyone?' })
    .getByRole('button', { name: 'End for everyone' })
    .click();
  await expect(callRegion(bob)).toHaveCount(0);
  await expect.poll(() => meetingFrames(callee, ws.jitsi).length).toBe(0);
}

test('a call: both get the same key through the API, no "Open in new tab"; nobody else gets it', async () => {
  await carol.goto('/');
  await bobMessages(carol, 'Carol Clark', 'carol');
  const callId = await bobCalls(carol, 'Carol Clark');
  const answers = await expectEncryptedCall();
  expect(answers[0]!.e2ee).toEqual(answers[1]!.e2ee);
  firstCallKey = (await keyOf(bob))!.exportedKey as number[];
  expect(await keyOf(carol)).toEqual(await keyOf(bob));
  expect(firstCallKey).not.toEqual(firstSessionKey);
  await bob.screenshot({ path: join(artifacts, 'e2ee-call-encrypted.png') });

  const key = answers[0]!.e2ee!.key;
  for (const page of [dave, alice]) {
    const res = await api(page, 'POST', `/api/v1/calls/${callId}/join`, {});
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.json)).not.toContain(key);
  }
  // The admin's call log, as a page and as CSV, lists the call and never its key.
  const log = await expectOk(alice, 'GET', '/api/v1/admin/calls');
  expect(JSON.stringify(log)).toContain(callId);
  expect(JSON.stringify(log)).not.toContain(key);
  const csv = await alice.request.get('/api/v1/admin/calls?format=csv');
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  expect(csvText).toContain(callId);
  expect(csvText).not.toContain(key);
  // Nor does the call as its own people read it.
  expect(JSON.stringify(await expectOk(carol, 'GET', `/api/v1/calls/${callId}`))).not.toContain(key);
});

test('the call’s meeting page reloads and rejoins, and has the call’s key again', async () => {
  await expectKeyAfterReload(bob, Buffer.from(firstCallKey).toString('hex'));
  await expect(callRegion(bob).getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  await bob.screenshot({ path: join(artifacts, 'e2ee-rejoin-call.png') });
});

test('the next call has a key of its own', async () => {
  await bobEndsTheCall(carol);
  await bobCalls(carol, 'Carol Clark');
  await expectEncryptedCall();
  const next = (await keyOf(bob))!.exportedKey;
  expect(await keyOf(carol)).toEqual(await keyOf(bob));
  expect(next).not.toEqual(firstCallKey);
  await bobEndsTheCall(carol);
});

test('an offered call: a browser that cannot encrypt joins in clear; the caller is told who while they are in', async () => {
  await bobMessages(dave, 'Dave Davis', 'dave');
  await bobCalls(dave, 'Dave Davis');
  await expect(callRegion(bob).locator('iframe')).toBeVisible();
  await drive(await meetingFrame(bob, ws.jitsi), 'join()');
  await expect.poll(() => keyOf(bob)).not.toBeNull();
  // Dave has answered, but is not in the meeting yet: nobody is in clear.
  await expect(callRegion(dave).locator('iframe')).toBeVisible();
  await expect(callRegion(bob).getByText('End-to-end encrypted', { exact: true })).toBeVisible();

  await drive(await meetingFrame(dave, ws.jitsi), 'join()');
  await expect(callRegion(dave)).toContainText('Not end-to-end encrypted');
  await expect(callRegion(dave)).toContainText('This browser cannot encrypt video calls');
  await expect(callRegion(bob).locator('.encryption-status')).toContainText(
    'Not end-to-end encrypted: Dave Davis joined from a browser that cannot encrypt',
  );
  expect(await keyOf(dave)).toBeNull();
  await bob.screenshot({ path: join(artifacts, 'e2ee-call-other-in-clear.png') });

  // Dave hangs up inside Jitsi: the call is end-to-end encrypted again for Bob.
  await drive(await meetingFrame(dave, ws.jitsi), 'hangUp()');
  await expect(callRegion(dave)).toHaveCount(0);
  await expect(callRegion(bob).getByText('End-to-end encrypted', { exact: true })).toBeVisible();
  await bobEndsTheCall(dave);
});

test('a call that requires encryption shows a browser that cannot encrypt why, and no meeting', async () => {
  await expectOk(alice, 'PATCH', '/api/v1/admin/settings', { calls: { e2ee: 'required' } });
  // Dave cannot start one either: he could not join it, so nobody is rung into it.
  await dave.goto(new URL(bob.url()).pathname);
  await dave.getByRole('button', { name: 'Start a call' }).click();
  const start = dave.getByRole('dialog', { name: 'Call Bob Brown' });
  await start.getByRole('button', { name: 'Start call' }).click();
  await expect(start).toContainText('requires end-to-end encryption, which this browser cannot do');
  await dave.screenshot({ path: join(artifacts, 'e2ee-call-required-unsupported-start.png') });
  await start.getByRole('button', { name: 'Cancel' }).click();
  await expect(bob.getByRole('dialog', { name: 'Incoming call' })).toHaveCount(0);
  const room = new URL(bob.url()).pathname.split('/rooms/')[1];
  const { calls } = (await expectOk(bob, 'GET', `/api/v1/rooms/${room}/calls`)) as {
    calls: { status: string }[];
  };
  expect(calls.filter((c) => c.status === 'ongoing' || c.status === 'ringing')).toEqual([]);

  await bobCalls(dave, 'Dave Davis');
  const region = callRegion(dave);
  await expect(region.getByText('You could not join the call')).toBeVisible();
  await expect(region.getByText(REQUIRED_REASON)).toBeVisible();
  await expect(region.locator('iframe')).toHaveCount(0);
  expect(meetingFrames(dave, ws.jitsi)).toHaveLength(0);
  await dave.screenshot({ path: join(artifacts, 'e2ee-call-required-unsupported.png') });
  await bobEndsTheCall(dave);
});

test('with encryption off a call carries no key and offers its own tab again', async () => {
  await expectOk(alice, 'PATCH', '/api/v1/admin/settings', { calls: { e2ee: 'off' } });
  await bobMessages(carol, 'Carol Clark', 'carol');
  await bobCalls(carol, 'Carol Clark');
  for (const page of [bob, carol]) {
    await expect(callRegion(page).locator('iframe')).toBeVisible();
    const answer = await ws.joins(page).at(-1)!;
    expect(answer.e2ee).toBeUndefined();
    await expectIframeBuiltFrom(page, ws.jitsi, answer.url);
    await drive(await meetingFrame(page, ws.jitsi), 'join()');
    await expect(page.getByTitle('Open in new tab')).toBeVisible();
    await expect(page.locator('.encryption-status')).toHaveCount(0);
    expect(await keyOf(page)).toBeNull();
  }
  // The keys were only ever in join answers: in no other answer, no socket message, no storage.
  expect(keysHandedOut.size).toBe(6); // two sessions' (the third was refused), four calls'
  const stored = await Promise.all(
    [alice, bob, carol, pat, quinn, dave].map((page) =>
      page.evaluate<string>('JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])'),
    ),
  );
  // Both kinds were seen (socket.io's messages come over the WebSocket).
  expect(otherTraffic.filter((text) => text.startsWith('socket: ')).length).toBeGreaterThan(50);
  expect(otherTraffic.filter((text) => text.startsWith('/api/')).length).toBeGreaterThan(50);
  for (const key of keysHandedOut) {
    expect(otherTraffic.filter((text) => text.includes(key))).toEqual([]);
    expect(stored.filter((text) => text.includes(key))).toEqual([]);
  }
  expect(ws.cspViolations).toEqual([]);
  expect(ws.meetingLog().filter((line) => /^(refused|unsupported)/.test(line))).toEqual([]);
});
