/**
 * The Jitsi test server itself (jitsi-meeting/server.ts), without Parley: a blank page loads the real
 * `external_api.js` from it and builds a `JitsiMeetExternalAPI` the way any embedder does, and the
 * meeting page answers as Jitsi Meet would. What the calls and consultations specs rely on is shown
 * here directly: the URL reaches the page whole (token, `config.*`, `interfaceConfig.*`,
 * `userInfo.*`), events flow out and commands and requests flow in over the real transport, the API's
 * `e2eeKey` arrives as `set-media-encryption-key` after joining, and a command API.js does not obey is
 * refused (the real API passes `toggleNoiseSuppression` on; Jitsi Meet at this commit ignores it).
 */
import { expect, test, type Page } from '@playwright/test';
import { drive, meetingFrame, snapshot, watchMeetings } from '../jitsi-meeting/probe.js';
import { startJitsiServer, type JitsiServer } from '../jitsi-meeting/server.js';

// The real API opens meetings on https: the test server's certificate is self-signed.
test.use({ ignoreHTTPSErrors: true });
test.describe.configure({ mode: 'serial' });

let jitsi: JitsiServer;

test.beforeAll(async () => {
  jitsi = await startJitsiServer();
});

test.afterAll(async () => {
  await jitsi?.close();
});

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Shaped like Parley's tokens; the meeting page only reads it (Prosody checks signatures). */
const JWT = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({
  room: 'room-1',
  context: { user: { name: 'Zoe Zed' } },
})}.c2lnbmF0dXJl`;

/** The names of the events the embedding page heard from its `JitsiMeetExternalAPI`, in order. */
const heard = (page: Page) => page.evaluate<string[]>('window.__heard.map((e) => e.name)');
const lastHeard = (page: Page, name: string) =>
  page.evaluate<unknown>(`window.__heard.filter((e) => e.name === ${JSON.stringify(name)}).at(-1)?.data`);

test('API.js’s command list is read from the pinned source', () => {
  expect(jitsi.apiCommands).toHaveLength(new Set(jitsi.apiCommands).size);
  for (const name of [
    'toggle-audio',
    'toggle-video',
    'video-hangup',
    'set-media-encryption-key',
    'toggle-e2ee',
  ]) {
    expect(jitsi.apiCommands).toContain(name);
  }
  expect(jitsi.apiCommands).not.toContain('toggle-noise-suppression');
});

test('the meeting page answers the real IFrame API over its transport', async ({ page }) => {
  const log: string[] = [];
  watchMeetings(page, log);
  await page.setContent('<main id="parent" style="width: 640px; height: 360px"></main>');
  await page.addScriptTag({ url: `http://${jitsi.host}/external_api.js` });
  await page.evaluate(`(() => {
    window.__heard = [];
    window.__api = new JitsiMeetExternalAPI(${JSON.stringify(jitsi.host)}, {
      roomName: 'room-1',
      jwt: ${JSON.stringify(JWT)},
      parentNode: document.getElementById('parent'),
      configOverwrite: { startWithAudioMuted: true, localSubject: 'Check-up & more' },
      interfaceConfigOverwrite: { SHOW_CHROME_EXTENSION_BANNER: false },
      userInfo: { displayName: 'Zoe Zed', email: 'zoe@example.org' },
      e2eeKey: '00ff10',
    });
    for (const name of ['ready', 'browserSupport', 'videoConferenceJoined', 'participantJoined',
      'participantLeft', 'audioMuteStatusChanged', 'videoConferenceLeft', 'readyToClose']) {
      window.__api.addListener(name, (data) => window.__heard.push({ name, data }));
    }
  })()`);

  // The URL, whole, as Jitsi Meet reads it.
  const frame = await meetingFrame(page, jitsi);
  const { url, state, encodedTransforms } = await snapshot(frame);
  expect(url).toMatchObject({
    room: 'room-1',
    jwt: JWT,
    claims: { room: 'room-1' },
    apiId: 0,
    config: { startWithAudioMuted: true, localSubject: 'Check-up & more' },
    interfaceConfig: { SHOW_CHROME_EXTENSION_BANNER: false },
    userInfo: { displayName: 'Zoe Zed', email: 'zoe@example.org' },
  });
  expect(url.href.startsWith(`${jitsi.origin}/room-1?jwt=${JWT}#`)).toBe(true);
  expect(state).toMatchObject({
    audioMuted: true,
    videoMuted: false,
    joined: false,
    subject: 'Check-up & more',
  });
  // Jitsi's end-to-end encryption needs encoded transforms; Chromium has at least one kind.
  expect(encodedTransforms.scriptTransform || encodedTransforms.encodedStreams).toBe(true);

  // Events out: browser support and ready, as API.init() sends them.
  await expect.poll(() => heard(page)).toEqual(['browserSupport', 'ready']);
  // Requests in, answered.
  expect(await page.evaluate('window.__api.isAudioMuted()')).toBe(true);
  expect(await page.evaluate('window.__api.isVideoMuted()')).toBe(false);
  // Commands in, answered with Jitsi's events.
  await page.evaluate(`window.__api.executeCommand('toggleAudio')`);
  await expect.poll(() => lastHeard(page, 'audioMuteStatusChanged')).toEqual({ muted: false });

  // Joining: the API turns its e2eeKey into set-media-encryption-key (hex to bytes, index 0).
  await drive(frame, 'join()');
  await expect.poll(() => heard(page)).toContain('videoConferenceJoined');
  await expect
    .poll(async () => (await snapshot(frame)).state.e2ee.key)
    .toEqual({ exportedKey: [0, 255, 16], index: 0 });
  await drive(frame, 'participantJoined("p1", "Yan Young")');
  await expect.poll(() => page.evaluate('window.__api.getNumberOfParticipants()')).toBe(2);
  await drive(frame, 'participantLeft("p1")');
  await expect.poll(() => page.evaluate('window.__api.getNumberOfParticipants()')).toBe(1);
  await page.screenshot({ path: test.info().outputPath('meeting.png') });

  // Refusals: the real API drops names it does not know; API.js ignores one the API passes on.
  await page.evaluate(`window.__api.executeCommand('noSuchCommand')`);
  await page.evaluate(`window.__api.executeCommand('toggleNoiseSuppression')`);
  await expect.poll(async () => (await snapshot(frame)).refused).toEqual(['toggle-noise-suppression']);
  expect(log).toContain('unsupported (refused by external_api.js)');
  expect(log).toContain('refused toggle-noise-suppression');

  // Hanging up: left, then ready to close.
  await page.evaluate(`window.__api.executeCommand('hangup')`);
  await expect
    .poll(async () => (await heard(page)).slice(-2))
    .toEqual(['videoConferenceLeft', 'readyToClose']);
  expect((await snapshot(frame)).received.map((c) => c.name)).toEqual([
    'toggle-audio',
    'set-media-encryption-key',
    'toggle-noise-suppression',
    'video-hangup',
  ]);
});
