/**
 * The meeting side of Jitsi's IFrame API, for Parley's e2e: what Jitsi Meet does inside the iframe the
 * real `external_api.js` opens, without a conference. Like `modules/API/API.js` (jitsi-meet at the
 * pinned commit) it talks over `@jitsi/js-utils`' postMessage transport, scoped by the
 * `jitsi_meet_external_api_id` in the URL's hash; it sends `browser-support` and `ready`, obeys the
 * commands API.js obeys (and only those: anything else is recorded as refused) and answers the
 * requests Parley may make. Built by esbuild when the test server starts (server.ts), which injects
 * API.js's command list as `__API_JS_COMMANDS__`.
 *
 * Tests read and drive it through `window.__meeting` in the iframe (see {@link MeetingProbe}): what the
 * URL carried, every command received, and `join()`, `participantJoined()`, `hangUp()` or `emit()` to
 * send the events Jitsi would.
 */
// `@jitsi/js-utils/transport` names a folder, which its package's `exports` lets webpack (Jitsi Meet's
// bundler) resolve but not esbuild or TypeScript: the same module by its file name.
import { PostMessageTransportBackend, Transport } from '@jitsi/js-utils/transport/index.js';

declare const __API_JS_COMMANDS__: readonly string[];

/** One command as it arrived: the name API.js knows it by (`toggle-audio`) and its arguments. */
interface Received {
  name: string;
  args: unknown[];
  /** Whether API.js obeys this name; Jitsi Meet ignores any other. */
  obeyed: boolean;
}

/** `setMediaEncryptionKey`'s argument, parsed as API.js parses it. */
interface KeyInfo {
  exportedKey: number[] | false;
  index: number;
}

/**
 * Jitsi's `parseURLParams`: `key=value` pairs split on `&`, each value `decodeURIComponent` then JSON
 * (`undefined` stays undefined); a value that does not parse is left out, as Jitsi does.
 */
function parseParams(raw: string, parse: boolean): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const part of raw.replace(/^[?#]/, '').split('&')) {
    const [key, value = ''] = part.split('=');
    if (!key) continue;
    if (!parse) {
      params[key] = value;
      continue;
    }
    try {
      const decoded = decodeURIComponent(value);
      params[key] = decoded === 'undefined' ? undefined : JSON.parse(decoded);
    } catch {
      // Jitsi reports and skips it.
    }
  }
  return params;
}

/** The `prefix.` keys of the hash, without the prefix. */
function section(hash: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hash)) {
    if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = value;
  }
  return out;
}

function jwtPayload(jwt: string | undefined): Record<string, unknown> | null {
  const part = jwt?.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const hash = parseParams(location.hash, true);
const search = parseParams(location.search, false);
const jwt = typeof search.jwt === 'string' ? search.jwt : undefined;
const claims = jwtPayload(jwt);
const config = section(hash, 'config');
const userInfo = section(hash, 'userInfo');
const apiId = hash.jitsi_meet_external_api_id;

/** What the URL carried, as Jitsi Meet reads it. */
const url = {
  href: location.href,
  room: decodeURIComponent(location.pathname.slice(1)),
  jwt,
  claims,
  hash,
  config,
  interfaceConfig: section(hash, 'interfaceConfig'),
  userInfo,
  appData: section(hash, 'appData'),
  apiId,
};

const tokenUser = (claims?.context as { user?: { name?: unknown } } | undefined)?.user;
const LOCAL_ID = Math.random().toString(16).slice(2, 10);

const state = {
  /** API.js is on only for an embedder (an API id in the hash) or a token in the URL. */
  enabled: typeof apiId === 'number' || jwt !== undefined,
  joined: false,
  audioMuted: config.startWithAudioMuted === true,
  videoMuted: config.startWithVideoMuted === true,
  // With a token, Jitsi Meet shows the token's name; userInfo only fills in without one.
  displayName: [tokenUser?.name, userInfo.displayName].find((n) => typeof n === 'string') ?? '',
  subject: typeof config.localSubject === 'string' ? config.localSubject : '',
  /** Everyone else in the conference, by Jitsi participant id. */
  participants: {} as Record<string, string>,
  e2ee: { enabled: false, key: null as KeyInfo | null },
};

const received: Received[] = [];
const refused: string[] = [];
const requests: string[] = [];
const sent: Record<string, unknown>[] = [];

// As getJitsiMeetTransport() builds it: the scope only when the hash carries a numeric API id.
const transport = new Transport({
  backend: new PostMessageTransportBackend({
    postisOptions: typeof apiId === 'number' ? { scope: `jitsi_meet_external_api_${apiId}` } : {},
  }),
});

/** A line on the console for what crosses the transport: specs collect them, even after the frame is gone. */
function log(what: string): void {
  console.info(`[test meeting] ${what}`);
}

function emit(name: string, data: Record<string, unknown> = {}): void {
  const event = { name, ...data };
  sent.push(event);
  log(`sent ${name}`);
  transport.sendEvent(event);
  render();
}

function leave(): void {
  if (state.joined) {
    state.joined = false;
    state.participants = {};
    emit('video-conference-left', { roomName: url.room });
  }
  emit('video-ready-to-close');
}

/** What Jitsi Meet does for the commands it obeys that a test can see; the others are only recorded. */
const behaviour: Record<string, (...args: unknown[]) => void> = {
  'toggle-audio': () => {
    state.audioMuted = !state.audioMuted;
    emit('audio-mute-status-changed', { muted: state.audioMuted });
  },
  'toggle-video': () => {
    state.videoMuted = !state.videoMuted;
    emit('video-mute-status-changed', { muted: state.videoMuted });
  },
  'video-hangup': leave,
  'display-name': (name) => {
    state.displayName = String(name);
    if (state.joined) {
      emit('display-name-change', { id: LOCAL_ID, displayname: name, formattedDisplayName: name });
    }
  },
  subject: (subject) => {
    state.subject = String(subject);
    emit('subject-change', { subject });
  },
  'local-subject': (subject) => {
    state.subject = String(subject);
  },
  'toggle-e2ee': (enabled) => {
    state.e2ee.enabled = enabled === true;
  },
  'set-media-encryption-key': (keyInfo) => {
    const key = JSON.parse(String(keyInfo)) as KeyInfo;
    state.e2ee.key = key;
    state.e2ee.enabled = key.exportedKey !== false;
  },
};

function onCommand({ name, data }: { name?: unknown; data?: unknown }): boolean {
  if (typeof name !== 'string') return false;
  const args = Array.isArray(data) ? (data as unknown[]) : [];
  const obeyed = __API_JS_COMMANDS__.includes(name);
  received.push({ name, args, obeyed });
  log(`${obeyed ? 'received' : 'refused'} ${name}`);
  if (!obeyed) {
    refused.push(name);
    render();
    return false;
  }
  behaviour[name]?.(...args);
  render();
  return true;
}

/** The requests API.js answers that concern this page; any other gets API.js's unknown-request answer. */
function onRequest(request: { name?: unknown }, callback: (result: unknown) => void): boolean {
  const name = String(request.name);
  requests.push(name);
  const answers: Record<string, () => unknown> = {
    'is-audio-muted': () => state.audioMuted,
    'is-video-muted': () => state.videoMuted,
    'is-audio-available': () => true,
    'is-video-available': () => true,
    'is-sharing-screen': () => false,
    'get-p2p-status': () => false,
  };
  const answer = answers[name];
  if (!answer) {
    callback({ error: new Error('UnknownRequestError') });
    return false;
  }
  callback(answer());
  return true;
}

/**
 * Whether this browser can encrypt media end to end the way Jitsi does (lib-jitsi-meet checks both:
 * `RTCRtpScriptTransform`, the standard, and Chromium's `createEncodedStreams`).
 */
const encodedTransforms = {
  scriptTransform:
    typeof (window as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform !== 'undefined',
  encodedStreams: typeof RTCRtpSender !== 'undefined' && 'createEncodedStreams' in RTCRtpSender.prototype,
};

/** `window.__meeting`: read with `snapshot()`, drive with the rest. */
export interface MeetingProbe {
  /** Everything recorded, as plain JSON. */
  snapshot(): unknown;
  /** Sends any event by its API.js name (`participant-joined`) with its fields. */
  emit(name: string, data?: Record<string, unknown>): void;
  /** Enters the conference, as Jitsi Meet does after its pre-join step. */
  join(props?: Record<string, unknown>): void;
  participantJoined(id: string, displayName: string): void;
  participantLeft(id: string): void;
  /** The hang-up button in Jitsi's own toolbar: leave, then ready to close. */
  hangUp(): void;
}

const probe: MeetingProbe = {
  snapshot: () =>
    JSON.parse(
      JSON.stringify({
        url,
        state,
        received,
        refused,
        requests,
        sent,
        apiCommands: __API_JS_COMMANDS__,
        encodedTransforms,
      }),
    ) as unknown,
  emit,
  join(props = {}) {
    state.joined = true;
    emit('video-conference-joined', {
      roomName: url.room,
      id: LOCAL_ID,
      displayName: state.displayName,
      avatarURL: '',
      breakoutRoom: false,
      visitor: false,
      ...props,
    });
  },
  participantJoined(id, displayName) {
    state.participants[id] = displayName;
    emit('participant-joined', { id, displayName, formattedDisplayName: displayName });
  },
  participantLeft(id) {
    delete state.participants[id];
    emit('participant-left', { id });
  },
  hangUp: leave,
};

declare global {
  interface Window {
    __meeting: MeetingProbe;
  }
}
window.__meeting = probe;

/** The visible box, so a screenshot of Parley shows which meeting it embeds and in what state. */
function render(): void {
  const line = (id: string, text: string) => {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement(id === 'room' ? 'h1' : 'p');
      el.id = id;
      document.querySelector('main')?.appendChild(el);
    }
    el.textContent = text;
  };
  line('brand', 'Jitsi Meet (test meeting)');
  line('room', url.room);
  line('who', `You: ${state.displayName || '(no name)'}${state.subject ? ` · ${state.subject}` : ''}`);
  line(
    'status',
    `${state.joined ? 'In the conference' : 'Not in the conference'} · microphone ` +
      `${state.audioMuted ? 'off' : 'on'} · camera ${state.videoMuted ? 'off' : 'on'}`,
  );
  const others = Object.values(state.participants);
  line('people', others.length ? `With: ${others.join(', ')}` : 'No one else here');
  line('e2ee', state.e2ee.key ? `Media key set (index ${state.e2ee.key.index})` : 'No media key');
  if (refused.length) line('refused', `Refused commands: ${refused.join(', ')}`);
}

document.body.appendChild(document.createElement('main'));
render();

// API.init(): only for an embedder; commands, then browser support, then `ready`.
if (state.enabled) {
  transport.on('event', onCommand);
  transport.on('request', onRequest);
  emit('browser-support', { supported: true });
  emit('ready');
}
