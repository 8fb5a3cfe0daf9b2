import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createTokenSigner,
  diagnose,
  JitsiWebhookError,
  iframeOptions,
  meetingLink,
  meetingLocation,
  parseEventSync,
  roomName,
  verifyJaasWebhook,
  type JitsiEvent,
  type JitsiSettings,
  type MeetingLinkInput,
  type TokenSigner,
  type TokenUser,
} from '@parley/jitsi';
import { Errors } from '../errors.js';
import type {
  MeetingEvent,
  MeetingJoin,
  MeetingJoinRequest,
  MeetingProblem,
  MeetingProvider,
  WebhookRequest,
} from './meeting-provider.js';

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
    private readonly now: () => number = Date.now,
    private readonly webhookSecrets: () => Promise<JitsiWebhookSecrets> = () =>
      Promise.resolve({ eventSync: '', jaas: '' }),
  ) {}

  async problems(): Promise<MeetingProblem[]> {
    const settings = await this.settings();
    if (settings.domain === '' && !settings.useJaas) {
      return [{ field: 'domain', message: 'Choose the Jitsi domain calls run on' }];
    }
    return diagnose(settings).map((p) => ({ field: p.field, message: p.message }));
  }

  async join(request: MeetingJoinRequest): Promise<MeetingJoin> {
    const signer = await this.signer();
    const user: TokenUser = { id: request.user.id, name: request.user.displayName };
    if (request.user.avatarUrl) user.avatar = request.user.avatarUrl;
    if (request.user.email && signer.settings.shareEmail) user.email = request.user.email;
    const room = request.roomName;
    const jwt = signer.enabled ? signer.mint({ room, user, moderator: request.moderator }) : undefined;
    const link: MeetingLinkInput = {
      settings: signer.settings,
      roomName: room,
      user,
      signedIn: true,
      ...(request.title ? { title: request.title } : {}),
      ...(jwt === undefined ? {} : { jwt }),
    };
    const info = { roomName: room, url: meetingLink(link), iframe: iframeOptions(link), jwt };
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
          throw Errors.webhookUnauthorized(
            'JaaS webhooks are not set up: enter the webhook secret in Administration → Video calls',
          );
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
          throw Errors.webhookUnauthorized(
            'event_sync is not set up: enter its secret in Administration → Video calls',
          );
        }
        if (!bearerMatches(header(request.headers, 'authorization'), secrets.eventSync)) {
          throw Errors.webhookUnauthorized('The Authorization header does not carry the event_sync secret');
        }
        let body: unknown;
        try {
          body = JSON.parse(request.rawBody.toString('utf8'));
        } catch {
          throw new JitsiWebhookError('The body is not JSON', 400);
        }
        event = parseEventSync(request.path, body);
      }
    } catch (err) {
      if (err instanceof JitsiWebhookError) {
        throw err.status === 401
          ? Errors.webhookUnauthorized(err.message)
          : Errors.validation([{ path: 'body', message: err.message }], err.message);
      }
      throw err;
    }
    // Breakout rooms are not calls of their own; their people are still in the call.
    if (event.type === 'other' || event.isBreakout) return null;
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
