import { createHash, timingSafeEqual } from 'node:crypto';
import {
  backendSafeRoomName,
  createTokenSigner,
  diagnose,
  JitsiWebhookError,
  iframeOptions,
  isOwnTenant,
  meetingLink,
  meetingLocation,
  parseEventSync,
  roomName,
  verifyJaasWebhook,
  type JitsiEvent,
  type JitsiSettings,
  type JitsiWebhookProblem,
  type MeetingLinkInput,
  type TokenSigner,
  type TokenUser,
} from '@parley/jitsi';
import { Errors, type ErrorName } from '../errors.js';
import type {
  MeetingEvent,
  MeetingJoin,
  MeetingJoinRequest,
  MeetingProblem,
  MeetingProvider,
  WebhookRequest,
} from './meeting-provider.js';

/** What is wrong with a webhook call, as the catalogue words it (in the caller's language). */
const WEBHOOK_PROBLEMS: Record<JitsiWebhookProblem, ErrorName> = {
  signature_header: 'webhookSignatureHeader',
  timestamp: 'webhookTimestamp',
  signature: 'webhookSignature',
  not_json: 'webhookNotJson',
  not_object: 'webhookNotObject',
  missing_fields: 'webhookMissingFields',
  event_sync_not_object: 'eventSyncNotObject',
  event_sync_no_room: 'eventSyncNoRoom',
  event_sync_unknown_path: 'eventSyncUnknownPath',
  event_sync_not_json: 'eventSyncNotJson',
};

/** The secrets Jitsi's two event channels are checked with ('' when that channel is off). */
export interface JitsiWebhookSecrets {
  eventSync: string;
  jaas: string;
}

/** JaaS signs each delivery with a timestamp; older (or newer) than this is refused as a replay. */
export const JAAS_REPLAY_WINDOW_SECONDS = 300;

/**
 * Jitsi (self-hosted with JWT, or JaaS) behind the meeting port. Keys are parsed once per settings
 * version: the signer is kept with a fingerprint of the settings it was made from and replaced only
 * when they change (an admin's update here or on another node), never per join.
 */
export class JitsiMeetings implements MeetingProvider {
  readonly name = 'jitsi' as const;
  private current: { fingerprint: string; signer: TokenSigner; settings: JitsiSettings } | null = null;

  constructor(
    /** The decrypted Jitsi settings as stored now. */
    private readonly settings: () => Promise<JitsiSettings>,
    /** Milliseconds by the injected clock: tokens' iat/nbf/exp and the JaaS replay window. */
    private readonly now: () => number,
    private readonly webhookSecrets: () => Promise<JitsiWebhookSecrets> = () =>
      Promise.resolve({ eventSync: '', jaas: '' }),
  ) {}

  async problems(): Promise<MeetingProblem[]> {
    const settings = await this.settings();
    if (settings.domain === '' && !settings.useJaas) {
      return [{ field: 'domain', message: 'Choose the Jitsi domain calls run on', code: 'domainNotChosen' }];
    }
    return diagnose(settings).map(({ field, message, code, values }) => ({
      field,
      message,
      ...(code !== undefined ? { code } : {}),
      ...(values !== undefined ? { values } : {}),
    }));
  }

  async join(request: MeetingJoinRequest): Promise<MeetingJoin> {
    const consultation = request.kind === 'consultation';
    const room = request.roomName;
    // A consultation's room is its id as it stands: the URL, the token's room claim and Jitsi's own
    // room node must be the very same string, so it has to be a name Jitsi keeps unchanged.
    if (consultation && backendSafeRoomName(room) !== room) {
      throw new Error(`"${room}" is not a room name Jitsi keeps as it is`);
    }
    const signer = await this.signer();
    const user: TokenUser = { id: request.user.id, name: request.user.displayName };
    if (request.user.avatarUrl) user.avatar = request.user.avatarUrl;
    // Consultations never share an email, whatever the settings say.
    if (!consultation && request.user.email && signer.settings.shareEmail) user.email = request.user.email;
    const jwt = signer.enabled
      ? signer.mint({
          room,
          user,
          moderator: request.moderator,
          ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
        })
      : undefined;
    const link: MeetingLinkInput = {
      settings: signer.settings,
      roomName: room,
      user,
      signedIn: true,
      ...(request.title && !consultation ? { title: request.title } : {}),
      ...(request.startMuted?.audio === undefined ? {} : { startWithAudioMuted: request.startMuted.audio }),
      ...(request.startMuted?.video === undefined ? {} : { startWithVideoMuted: request.startMuted.video }),
      ...(jwt === undefined ? {} : { jwt }),
    };
    let url = meetingLink(link);
    const iframe = iframeOptions(link);
    if (consultation) {
      const extra = consultationInterface(request.moderator);
      Object.assign(iframe.configOverwrite, extra.config);
      Object.assign(iframe.interfaceConfigOverwrite, extra.interfaceConfig);
      url += (url.includes('#') ? '&' : '#') + hashParams(extra.config, extra.interfaceConfig);
    }
    const info = { roomName: room, url, iframe, jwt };
    const location = meetingLocation(signer.settings);
    return {
      roomName: info.roomName,
      url: info.url,
      jwt: info.jwt ?? null,
      iframe: info.iframe as unknown as Record<string, unknown>,
      domain: location.iframeDomain,
      // JaaS documents https://8x8.vc/<AppID>/external_api.js; Jitsi serves it below a tenant too.
      scriptUrl: `${location.baseUrl}/external_api.js`,
      chromeExtensionId: signer.settings.chromeExtensionId || null,
    };
  }

  /** Jitsi closes a room when its last participant leaves; there is nothing to call. */
  end(): Promise<void> {
    return Promise.resolve();
  }

  async roomNameFor(callId: string): Promise<string> {
    const settings = await this.settings();
    try {
      return roomName(settings.titlePrefix, callId, settings.titleSuffix);
    } catch {
      throw Errors.meetingsNotConfigured();
    }
  }

  async parseWebhook(request: WebhookRequest): Promise<MeetingEvent | null> {
    const secrets = await this.webhookSecrets();
    let event: JitsiEvent;
    try {
      if (request.channel === 'jaas') {
        if (secrets.jaas === '') {
          throw Errors.webhookUnauthorized('jaasWebhookNotSetUp');
        }
        event = verifyJaasWebhook({
          rawBody: request.rawBody,
          signatureHeader: header(request.headers, 'x-jaas-signature'),
          secret: secrets.jaas,
          now: request.now,
          toleranceSeconds: JAAS_REPLAY_WINDOW_SECONDS,
        });
      } else {
        if (secrets.eventSync === '') {
          throw Errors.webhookUnauthorized('eventSyncNotSetUp');
        }
        if (!bearerMatches(header(request.headers, 'authorization'), secrets.eventSync)) {
          throw Errors.webhookUnauthorized('eventSyncSecretMissing');
        }
        let body: unknown;
        try {
          body = JSON.parse(request.rawBody.toString('utf8'));
        } catch {
          throw new JitsiWebhookError('The body is not JSON', 400, 'event_sync_not_json');
        }
        event = parseEventSync(request.path, body);
      }
    } catch (err) {
      if (err instanceof JitsiWebhookError) {
        const name = WEBHOOK_PROBLEMS[err.problem];
        throw err.status === 401
          ? Errors.webhookUnauthorized(name, err.values)
          : Errors.validation([{ path: 'body', message: err.message }], name, err.values);
      }
      throw err;
    }
    // Breakout rooms are not calls of their own; their people are still in the call.
    if (event.type === 'other' || event.isBreakout) return null;
    // Room names are unique only within a tenant: `[other]room` (or JaaS `otherApp/room`) is someone
    // else's meeting that happens to share our room's name.
    if (!isOwnTenant(event, await this.settings())) {
      request.log?.debug(
        { channel: request.channel, tenant: event.tenant ?? null, room: event.room },
        'jitsi event for another tenant ignored',
      );
      return null;
    }
    const base = { key: event.idempotencyKey, roomName: event.room, at: event.at > 0 ? event.at : null };
    switch (event.type) {
      case 'room.created':
        return { ...base, type: 'room.created', userId: null };
      case 'room.destroyed':
        return { ...base, type: 'room.destroyed', userId: null };
      case 'participant.joined':
      case 'participant.left':
        return { ...base, type: event.type, userId: event.participant.userId ?? null };
    }
  }

  /** The signer for the settings as they are now; made (and its key parsed) only when they changed. */
  async signer(): Promise<TokenSigner> {
    const settings = await this.settings();
    // The settings service hands out the same object while the stored row is unchanged.
    if (this.current?.settings === settings) return this.current.signer;
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    if (this.current?.fingerprint === fingerprint) {
      this.current.settings = settings;
      return this.current.signer;
    }
    if (settings.domain === '' && !settings.useJaas) throw Errors.meetingsNotConfigured();
    let signer: TokenSigner;
    try {
      signer = createTokenSigner(settings, { now: this.now });
    } catch {
      throw Errors.meetingsNotConfigured();
    }
    this.current = { fingerprint, signer, settings };
    return signer;
  }
}

/** Toolbar buttons of a consultation: no invite, recording, streaming, chat (Parley's chat is beside it) or sharing links. */
const CONSULTATION_TOOLBAR = [
  'microphone',
  'camera',
  'desktop',
  'fullscreen',
  'hangup',
  'raisehand',
  'select-background',
  'settings',
  'tileview',
  'toggle-camera',
  'noisesuppression',
];

/**
 * The embedded meeting of a consultation, per role: prejoin off (Parley's page did the device check),
 * subject and branding hidden, no invite, recording, live streaming or transcription, the name from
 * the token and not editable; the moderator (the provider) also gets the security (lobby, password)
 * button, the client neither it nor the lobby options. Keys Jitsi ignores over the URL are harmless.
 */
function consultationInterface(moderator: boolean): {
  config: Record<string, unknown>;
  interfaceConfig: Record<string, unknown>;
} {
  const toolbar = moderator ? [...CONSULTATION_TOOLBAR, 'security'] : CONSULTATION_TOOLBAR;
  const config: Record<string, unknown> = {
    // Prejoin is already off for every signed-in join (links.ts).
    hideConferenceSubject: true,
    disableInviteFunctions: true,
    toolbarButtons: toolbar,
    readOnlyName: true,
    disableProfile: true,
    requireDisplayName: false,
    disableDeepLinking: true,
    deeplinking: { disabled: true },
    fileRecordingsEnabled: false,
    liveStreamingEnabled: false,
    recordingService: { enabled: false },
    liveStreaming: { enabled: false },
    localRecording: { disable: true },
    transcription: { enabled: false },
    enableEmailInStats: false,
    disableThirdPartyRequests: true,
  };
  if (!moderator) {
    config.securityUi = { hideLobbyButton: true, disableLobbyPassword: true };
    config.remoteVideoMenu = { disableKick: true, disableGrantModerator: true };
  }
  return {
    config,
    interfaceConfig: {
      SHOW_JITSI_WATERMARK: false,
      SHOW_WATERMARK_FOR_GUESTS: false,
      SHOW_BRAND_WATERMARK: false,
      SHOW_POWERED_BY: false,
      SHOW_PROMOTIONAL_CLOSE_PAGE: false,
      SHOW_CHROME_EXTENSION_BANNER: false,
      MOBILE_APP_PROMO: false,
      HIDE_INVITE_MORE_HEADER: true,
      DISABLE_JOIN_LEAVE_NOTIFICATIONS: true,
      TOOLBAR_BUTTONS: toolbar,
      SETTINGS_SECTIONS: ['devices', 'language'],
    },
  };
}

/** Hash parameters as `external_api.js` writes them (`config.<key>=` + encoded JSON), so a link opens the same meeting. */
function hashParams(config: Record<string, unknown>, interfaceConfig: Record<string, unknown>): string {
  const encode = (prefix: string, values: Record<string, unknown>) =>
    Object.entries(values).map(([k, v]) => `${prefix}.${k}=${encodeURIComponent(JSON.stringify(v))}`);
  return [...encode('config', config), ...encode('interfaceConfig', interfaceConfig)].join('&');
}

function header(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Bearer <secret>` (or the bare secret, as some event_sync setups send it), compared in constant time. */
function bearerMatches(value: string | undefined, secret: string): boolean {
  if (value === undefined) return false;
  const given = value.replace(/^Bearer\s+/i, '').trim();
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}
