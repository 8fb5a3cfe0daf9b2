/**
 * Meeting URLs and IFrame API options. Both carry the same values: a link opened in a tab and an
 * embedded `JitsiMeetExternalAPI` end up in the same room with the same token and overrides.
 */
import { parseDomain } from './domain.js';
import { roomName } from './room-name.js';
import type { JitsiSettings } from './settings.js';
import type { TokenSigner, TokenUser } from './signer.js';

/** Per-join choices that shape the Jitsi UI. */
export interface MeetingOptions {
  /** Shown as the meeting subject for this user (`config.localSubject`). */
  title?: string;
  /** Start with the microphone off; left to Jitsi's default when absent. */
  startWithAudioMuted?: boolean;
  /** Start with the camera off; left to Jitsi's default when absent. */
  startWithVideoMuted?: boolean;
  /** Signed-in Parley users skip Jitsi's pre-join page (their name comes from Parley). */
  signedIn?: boolean;
  /** Display name for joins without a token (with a token the name is in `context.user`). */
  displayName?: string;
}

/** The `configOverwrite` both the URL hash and the IFrame API carry. */
export type JitsiConfigOverwrite = Record<string, unknown>;

/** What `new JitsiMeetExternalAPI(domain, options)` and `@jitsi/react-sdk` take. */
export interface IframeOptions {
  /** Host (and port) of the deployment: `meet.example.com`, `8x8.vc`. Load `https://<domain>/external_api.js`. */
  domain: string;
  /** Room path below the domain: `room`, `tenant/room`, or `<AppID>/room` for JaaS. */
  roomName: string;
  jwt?: string;
  configOverwrite: JitsiConfigOverwrite;
  interfaceConfigOverwrite: Record<string, unknown>;
  userInfo: { displayName?: string; email?: string };
}

/** Where the meeting lives: base URL (no trailing slash) and IFrame domain/room prefix. */
export interface MeetingLocation {
  /** `https://meet.example.com/acme`, `https://8x8.vc/vpaas-magic-cookie-…` */
  baseUrl: string;
  /** What the IFrame API calls `domain`. */
  iframeDomain: string;
  /** Path segment before the room in the IFrame `roomName` (tenant or JaaS AppID), if any. */
  roomPrefix?: string;
}

const JAAS_DOMAINS = new Set(['8x8.vc', 'stage.8x8.vc']);

/** Where meetings live for these settings: JaaS always on `https://8x8.vc/<AppID>` (or stage.8x8.vc). */
export function meetingLocation(settings: JitsiSettings): MeetingLocation {
  if (settings.useJaas) {
    const host = JAAS_DOMAINS.has(settings.domain) ? settings.domain : '8x8.vc';
    return { baseUrl: `https://${host}/${settings.appId}`, iframeDomain: host, roomPrefix: settings.appId };
  }
  const domain = parseDomain(settings.domain);
  const scheme = settings.useSsl ? 'https' : 'http';
  const location: MeetingLocation = {
    baseUrl: `${scheme}://${domain.host}${domain.tenant ? `/${domain.tenant}` : ''}`,
    iframeDomain: domain.host,
  };
  if (domain.tenant) location.roomPrefix = domain.tenant;
  return location;
}

/** The `configOverwrite` for a join; the URL hash and the IFrame options are both built from it. */
export function configOverwrite(settings: JitsiSettings, options: MeetingOptions = {}): JitsiConfigOverwrite {
  const config: JitsiConfigOverwrite = {};
  if (options.title !== undefined && options.title !== '') config.localSubject = options.title;
  if (options.startWithAudioMuted !== undefined) config.startWithAudioMuted = options.startWithAudioMuted;
  if (options.startWithVideoMuted !== undefined) config.startWithVideoMuted = options.startWithVideoMuted;
  if (options.signedIn) {
    // Older Jitsi releases read prejoinPageEnabled, newer ones prejoinConfig.enabled.
    config.prejoinPageEnabled = false;
    config.prejoinConfig = { enabled: false };
  }
  if (settings.chromeExtensionId !== '') config.desktopSharingChromeExtId = settings.chromeExtensionId;
  return config;
}

function userInfo(
  settings: JitsiSettings,
  jwt: string | undefined,
  options: MeetingOptions,
  user?: TokenUser,
) {
  // With a token Jitsi takes name and email from context.user; repeating them in the URL would
  // only let a user edit what the token says.
  const info: { displayName?: string; email?: string } = {};
  if (jwt !== undefined) return info;
  const name = options.displayName ?? user?.name;
  if (name) info.displayName = name;
  if (settings.shareEmail && user?.email) info.email = user.email;
  return info;
}

/**
 * Hash parameters exactly as `external_api.js` writes them: `config.<key>=` and `userInfo.<key>=`
 * followed by `encodeURIComponent(JSON.stringify(value))`. Encoding every value means a title with
 * quotes, `&` or `#` stays one value and cannot add parameters of its own.
 */
function hashParams(config: JitsiConfigOverwrite, info: { displayName?: string; email?: string }): string {
  const params: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    params.push(`config.${key}=${encodeURIComponent(JSON.stringify(value))}`);
  }
  for (const [key, value] of Object.entries(info)) {
    params.push(`userInfo.${key}=${encodeURIComponent(JSON.stringify(value))}`);
  }
  return params.join('&');
}

export interface MeetingLinkInput extends MeetingOptions {
  settings: JitsiSettings;
  /** Backend-safe room name from {@link roomName}. */
  roomName: string;
  /** The user's token; required when `useAuthToken` is on, ignored otherwise. */
  jwt?: string;
  user?: TokenUser;
}

/** The URL to open in a browser tab: `<base>/<room>[?jwt=…]#config.…`. */
export function meetingLink(input: MeetingLinkInput): string {
  const { settings } = input;
  const jwt = tokenFor(settings, input.jwt);
  let url = `${meetingLocation(settings).baseUrl}/${input.roomName}`;
  if (jwt !== undefined) url += `?jwt=${encodeURIComponent(jwt)}`;
  const hash = hashParams(configOverwrite(settings, input), userInfo(settings, jwt, input, input.user));
  return hash === '' ? url : `${url}#${hash}`;
}

/** Options for `JitsiMeetExternalAPI` / `<JitsiMeeting>` with the same values as {@link meetingLink}. */
export function iframeOptions(input: MeetingLinkInput): IframeOptions {
  const { settings } = input;
  const jwt = tokenFor(settings, input.jwt);
  const location = meetingLocation(settings);
  const options: IframeOptions = {
    domain: location.iframeDomain,
    roomName: location.roomPrefix ? `${location.roomPrefix}/${input.roomName}` : input.roomName,
    configOverwrite: configOverwrite(settings, input),
    interfaceConfigOverwrite: {},
    userInfo: userInfo(settings, jwt, input, input.user),
  };
  if (jwt !== undefined) options.jwt = jwt;
  return options;
}

function tokenFor(settings: JitsiSettings, jwt: string | undefined): string | undefined {
  if (!settings.useAuthToken) return undefined;
  if (jwt === undefined || jwt === '') {
    throw new Error('Token authentication is on: pass the jwt minted for this user and room.');
  }
  return jwt;
}

export interface JoinInput extends MeetingOptions {
  /** The call id (from `newCallId()`); prefix and suffix from the settings are added. */
  callId: string;
  user: TokenUser;
  moderator: boolean;
}

/** Everything a client needs to join a call. */
export interface JoinInfo {
  roomName: string;
  url: string;
  /** Absent when token authentication is off. */
  jwt?: string;
  iframe: IframeOptions;
}

/**
 * One join, end to end: room name from the settings, a token from `signer` when tokens are on,
 * the tab URL and the IFrame options. Signed-in users skip the pre-join page unless told otherwise.
 */
export function joinCall(signer: TokenSigner, input: JoinInput): JoinInfo {
  const { settings } = signer;
  const room = roomName(settings.titlePrefix, input.callId, settings.titleSuffix);
  const jwt = signer.enabled
    ? signer.mint({ room, user: input.user, moderator: input.moderator })
    : undefined;
  const linkInput: MeetingLinkInput = {
    signedIn: true,
    ...input,
    settings,
    roomName: room,
    user: input.user,
  };
  if (jwt !== undefined) linkInput.jwt = jwt;
  const info: JoinInfo = { roomName: room, url: meetingLink(linkInput), iframe: iframeOptions(linkInput) };
  if (jwt !== undefined) info.jwt = jwt;
  return info;
}
