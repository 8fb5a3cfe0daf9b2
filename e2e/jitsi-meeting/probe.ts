/**
 * What specs use to look into the meetings the real IFrame API opens in Parley's pages: find the
 * meeting frame, read what its page recorded (page/meeting.ts), make it send Jitsi's events, compare
 * the iframe's URL with the join answer, and collect what crossed the transport from the console.
 */
import { expect, type Frame, type Page } from '@playwright/test';
import type { JitsiServer } from './server.js';

/** `window.__meeting.snapshot()`. */
export interface MeetingSnapshot {
  url: {
    href: string;
    room: string;
    jwt?: string;
    claims: Record<string, unknown> | null;
    hash: Record<string, unknown>;
    config: Record<string, unknown>;
    interfaceConfig: Record<string, unknown>;
    userInfo: Record<string, unknown>;
    appData: Record<string, unknown>;
    apiId: unknown;
  };
  state: {
    joined: boolean;
    audioMuted: boolean;
    videoMuted: boolean;
    displayName: string;
    subject: string;
    participants: Record<string, string>;
    e2ee: { enabled: boolean; key: { exportedKey: number[] | false; index: number } | null };
  };
  received: { name: string; args: unknown[]; obeyed: boolean }[];
  refused: string[];
  requests: string[];
  sent: { name: string }[];
  apiCommands: string[];
  encodedTransforms: { scriptTransform: boolean; encodedStreams: boolean };
}

/** The meeting frames of `page` that are still attached (the real API removes its iframe on dispose). */
export function meetingFrames(page: Page, jitsi: JitsiServer): Frame[] {
  return page.frames().filter((f) => f !== page.mainFrame() && f.url().startsWith(`${jitsi.origin}/`));
}

/** The one meeting open in `page`, once its page has loaded and set up the transport. */
export async function meetingFrame(page: Page, jitsi: JitsiServer): Promise<Frame> {
  await expect.poll(() => meetingFrames(page, jitsi).length).toBe(1);
  const frame = meetingFrames(page, jitsi)[0]!;
  await frame.waitForFunction('window.__meeting !== undefined');
  return frame;
}

export const snapshot = (frame: Frame) => frame.evaluate<MeetingSnapshot>('window.__meeting.snapshot()');

/** Calls `window.__meeting.<call>` in the meeting, e.g. `join()` or `participantJoined("x", "Bob")`. */
export const drive = (frame: Frame, call: string) => frame.evaluate(`window.__meeting.${call}`);

/** A meeting URL as Jitsi Meet reads it: origin, room, query, and the hash's values JSON-decoded. */
export function meetingUrlParts(href: string) {
  const url = new URL(href);
  const hash: Record<string, unknown> = {};
  for (const part of url.hash.slice(1).split('&')) {
    const [key, value = ''] = part.split('=');
    if (!key) continue;
    const decoded = decodeURIComponent(value);
    hash[key] = decoded === 'undefined' ? undefined : JSON.parse(decoded);
  }
  return {
    origin: url.origin,
    room: decodeURIComponent(url.pathname.slice(1)),
    query: Object.fromEntries(url.searchParams),
    hash,
  };
}

/**
 * The `src` the real API gave `page`'s meeting iframe equals `joinUrl` (the tab link @parley/jitsi's
 * `meetingLink` made for the same join): same origin, room, `?jwt=`, and hash, apart from what the API
 * adds itself (its instance id, the stored local storage) and `changes` (hash keys the page sets on
 * top of the join answer's options, e.g. `config.startWithAudioMuted`).
 */
export async function expectIframeBuiltFrom(
  page: Page,
  jitsi: JitsiServer,
  joinUrl: string,
  changes: Record<string, unknown> = {},
): Promise<MeetingSnapshot['url']> {
  const src = await page.locator(`iframe[src^="${jitsi.origin}/"]`).getAttribute('src');
  const built = meetingUrlParts(src ?? '');
  const expected = meetingUrlParts(joinUrl);
  expect(typeof built.hash.jitsi_meet_external_api_id).toBe('number');
  expect(built).toEqual({
    ...expected,
    hash: {
      ...expected.hash,
      ...changes,
      jitsi_meet_external_api_id: built.hash.jitsi_meet_external_api_id,
      'appData.localStorageContent': null,
    },
  });
  return (await snapshot(await meetingFrame(page, jitsi))).url;
}

/**
 * Collects, from `page` and its frames, the meeting pages' transport log (`received toggle-audio`,
 * `sent video-conference-left`, `refused …`) into `log`, and the real API's own refusal of a command
 * it does not know ("Not supported command name.") as `unsupported` lines.
 */
export function watchMeetings(page: Page, log: string[]): void {
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('[test meeting] ')) log.push(text.slice('[test meeting] '.length));
    if (text.includes('Not supported command name')) log.push(`unsupported (refused by external_api.js)`);
  });
}

/** A join answer's parts the specs compare with the meeting. */
export interface JoinAnswer {
  url: string;
  jwt: string | null;
  /** Only when the meeting is end-to-end encrypted: the media key, 64 hex digits (issue 16). */
  e2ee?: { mode: 'offered' | 'required'; key: string };
}

/**
 * The join answers `page` receives (`POST …/join`, 200), in order: each is added when its headers
 * arrive, before the page can act on it, so the last one is the meeting's even while its body loads.
 */
export function recordJoins(page: Page): Promise<JoinAnswer>[] {
  const joins: Promise<JoinAnswer>[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !/\/join$/.test(new URL(response.url()).pathname)) return;
    if (response.status() !== 200) return;
    joins.push(response.json() as Promise<JoinAnswer>);
  });
  return joins;
}
