/**
 * Jitsi tells Parley who really joined through two channels: JaaS webhooks (signed with
 * `X-Jaas-Signature`) and the jitsi-contrib `event_sync` Prosody module (unsigned; protect it with its
 * static header and the network). Both are parsed into one event model keyed by the room name
 * Parley generated, with an idempotency key because both may deliver twice and out of order.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { meetingLocation } from './links.js';
import type { JitsiSettings } from './settings.js';

/** Where an event came from. */
export type JitsiEventSource = 'jaas' | 'event_sync';

export interface JitsiParticipant {
  /** `context.user.id` from the participant's token, i.e. Parley's user id, when known. */
  userId?: string;
  name?: string;
  email?: string;
  /** The XMPP occupant JID or JaaS participant id. */
  jid?: string;
  moderator?: boolean;
}

interface EventBase {
  source: JitsiEventSource;
  /** Dedupe on this: JaaS's idempotencyKey, or a hash of the event_sync post. */
  idempotencyKey: string;
  /** The room node without tenant: the name Parley generated with `roomName()`. */
  room: string;
  /** Tenant (`[acme]room`) or JaaS AppID. */
  tenant?: string;
  /** When it happened, ms since the epoch; order by it, delivery is not ordered. */
  at: number;
  isBreakout: boolean;
  breakoutRoomId?: string;
}

export type JitsiEvent =
  | (EventBase & { type: 'room.created' })
  | (EventBase & {
      type: 'room.destroyed';
      participants: (JitsiParticipant & { joinedAt?: number; leftAt?: number })[];
    })
  | (EventBase & { type: 'participant.joined'; participant: JitsiParticipant; activeCount?: number })
  | (EventBase & {
      type: 'participant.left';
      participant: JitsiParticipant;
      reason?: string;
      activeCount?: number;
    })
  /** A JaaS event type Parley does not model (recordings, transcriptions, …); kept for logging. */
  | (EventBase & { type: 'other'; eventType: string; data: unknown });

/** What is wrong with a webhook call, for callers that word it themselves (in another language). */
export type JitsiWebhookProblem =
  | 'signature_header'
  | 'timestamp'
  | 'signature'
  | 'not_json'
  | 'not_object'
  | 'missing_fields'
  | 'event_sync_not_object'
  | 'event_sync_no_room'
  | 'event_sync_unknown_path'
  | 'event_sync_not_json';

export class JitsiWebhookError extends Error {
  constructor(
    message: string,
    /** HTTP status to answer with: 401 for signature problems, 400 for malformed bodies. */
    readonly status: 400 | 401,
    readonly problem: JitsiWebhookProblem,
    /** What varies in `message` (`tolerance`, `path`). */
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'JitsiWebhookError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean | undefined =>
  v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;

/** `t=<unix>,v1=<base64>[,v1=…]`: split on commas, then on the first `=` only (base64 has `=`). */
export function parseJaasSignatureHeader(
  header: string,
): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const scheme = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (scheme === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (scheme === 'v1' && value !== '') signatures.push(value);
    // Other schemes are ignored so JaaS can add new ones without breaking receivers.
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

export interface JaasWebhookInput {
  /** The request body exactly as received; re-serialised JSON would not match the signature. */
  rawBody: string | Buffer;
  /** The `X-Jaas-Signature` header. */
  signatureHeader: string | undefined;
  /** The endpoint secret ("Reveal secret" in the JaaS console). */
  secret: string;
  /** Clock in ms; default `Date.now()`. */
  now?: number;
  /** Accepted age of `t` either way, seconds; default 300. Bounds replays of captured requests. */
  toleranceSeconds?: number;
}

/**
 * Checks `X-Jaas-Signature` (HMAC-SHA256 over `t + "." + rawBody`, base64, constant-time) and the
 * timestamp, then parses the body. Throws {@link JitsiWebhookError} (status 401 or 400).
 */
export function verifyJaasWebhook(input: JaasWebhookInput): JitsiEvent {
  const parsed =
    input.signatureHeader === undefined ? undefined : parseJaasSignatureHeader(input.signatureHeader);
  if (!parsed) {
    throw new JitsiWebhookError('Missing or malformed X-Jaas-Signature header.', 401, 'signature_header');
  }
  const tolerance = input.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) {
    throw new JitsiWebhookError(
      `Webhook timestamp is more than ${tolerance}s away from now.`,
      401,
      'timestamp',
      {
        tolerance,
      },
    );
  }
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const expected = createHmac('sha256', input.secret).update(`${parsed.timestamp}.`).update(body).digest();
  const valid = parsed.signatures.some((sig) => {
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new JitsiWebhookError('Webhook signature does not match.', 401, 'signature');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new JitsiWebhookError('Webhook body is not JSON.', 400, 'not_json');
  }
  return parseJaasWebhook(json);
}

/** Parses a JaaS webhook body (already authenticated) into a {@link JitsiEvent}. */
export function parseJaasWebhook(body: unknown): JitsiEvent {
  if (!isObject(body)) throw new JitsiWebhookError('Webhook body is not an object.', 400, 'not_object');
  const eventType = str(body.eventType);
  const idempotencyKey = str(body.idempotencyKey);
  if (!eventType || !idempotencyKey) {
    throw new JitsiWebhookError('Webhook body lacks eventType or idempotencyKey.', 400, 'missing_fields');
  }
  const fqn = str(body.fqn) ?? '';
  const slash = fqn.indexOf('/');
  const data = isObject(body.data) ? body.data : {};
  const base: EventBase = {
    source: 'jaas',
    idempotencyKey,
    room: (slash >= 0 ? fqn.slice(slash + 1) : fqn).toLowerCase(),
    at: typeof body.timestamp === 'number' ? body.timestamp : Date.parse(String(body.timestamp)) || 0,
    isBreakout: bool(data.isBreakout) ?? false,
  };
  const tenant = slash >= 0 ? fqn.slice(0, slash) : str(body.appId);
  if (tenant) base.tenant = tenant;
  const breakout = str(data.breakoutRoomId);
  if (breakout) base.breakoutRoomId = breakout;

  const participant = (): JitsiParticipant => {
    const p: JitsiParticipant = {};
    const id = str(data.id);
    if (id) p.userId = id;
    const name = str(data.name);
    if (name) p.name = name;
    const email = str(data.email);
    if (email) p.email = email;
    const jid = str(data.participantJid) ?? str(data.participantId);
    if (jid) p.jid = jid;
    const moderator = bool(data.moderator);
    if (moderator !== undefined) p.moderator = moderator;
    return p;
  };

  switch (eventType) {
    case 'ROOM_CREATED':
      return { ...base, type: 'room.created' };
    case 'ROOM_DESTROYED':
      return { ...base, type: 'room.destroyed', participants: [] };
    case 'PARTICIPANT_JOINED':
      return { ...base, type: 'participant.joined', participant: participant() };
    case 'PARTICIPANT_LEFT': {
      const event: JitsiEvent = { ...base, type: 'participant.left', participant: participant() };
      const reason = str(data.disconnectReason);
      if (reason) event.reason = reason;
      return event;
    }
    default:
      return { ...base, type: 'other', eventType, data: body.data };
  }
}

/** The paths `event_sync` posts to below its `api_prefix`. */
export const EVENT_SYNC_PATHS = [
  '/events/room/created',
  '/events/room/destroyed',
  '/events/occupant/joined',
  '/events/occupant/left',
] as const;

/** `[tenant]room` → `{ tenant, room }`. */
function splitNode(node: string): { room: string; tenant?: string } {
  const m = /^\[([^\]]+)\](.*)$/.exec(node);
  return m ? { tenant: m[1]!.toLowerCase(), room: m[2]!.toLowerCase() } : { room: node.toLowerCase() };
}

const seconds = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined;

function occupant(o: unknown): JitsiParticipant & { joinedAt?: number; leftAt?: number } {
  const p: JitsiParticipant & { joinedAt?: number; leftAt?: number } = {};
  if (!isObject(o)) return p;
  const id = str(o.id);
  if (id) p.userId = id;
  const name = str(o.name);
  if (name) p.name = name;
  const email = str(o.email);
  if (email) p.email = email;
  const jid = str(o.occupant_jid);
  if (jid) p.jid = jid;
  const joinedAt = seconds(o.joined_at);
  if (joinedAt !== undefined) p.joinedAt = joinedAt;
  const leftAt = seconds(o.left_at);
  if (leftAt !== undefined) p.leftAt = leftAt;
  return p;
}

/**
 * Parses a jitsi-contrib `event_sync` POST (`path` relative to `api_prefix`, e.g.
 * `/events/occupant/joined`). The module does not sign requests: authenticate the static
 * `api_headers` value before calling this. Throws {@link JitsiWebhookError} (400) on bad input.
 */
export function parseEventSync(path: string, body: unknown): JitsiEvent {
  if (!isObject(body)) {
    throw new JitsiWebhookError('event_sync body is not an object.', 400, 'event_sync_not_object');
  }
  const node = str(body.room_name);
  if (!node) throw new JitsiWebhookError('event_sync body has no room_name.', 400, 'event_sync_no_room');
  const normalisedPath = path.replace(/\/+$/, '');
  const { room, tenant } = splitNode(node);
  const base: EventBase = {
    source: 'event_sync',
    idempotencyKey: '',
    room,
    at: 0,
    isBreakout: bool(body.is_breakout) ?? false,
  };
  if (tenant) base.tenant = tenant;
  const breakout = str(body.breakout_room_id);
  if (breakout) base.breakoutRoomId = breakout;

  let event: JitsiEvent;
  const who = occupant(body.occupant);
  if (normalisedPath.endsWith('/events/room/created')) {
    event = { ...base, type: 'room.created', at: seconds(body.created_at) ?? 0 };
  } else if (normalisedPath.endsWith('/events/room/destroyed')) {
    const all = Array.isArray(body.all_occupants) ? body.all_occupants.map(occupant) : [];
    event = { ...base, type: 'room.destroyed', at: seconds(body.destroyed_at) ?? 0, participants: all };
  } else if (normalisedPath.endsWith('/events/occupant/joined')) {
    event = { ...base, type: 'participant.joined', at: who.joinedAt ?? 0, participant: stripTimes(who) };
    if (typeof body.active_occupants_count === 'number') event.activeCount = body.active_occupants_count;
  } else if (normalisedPath.endsWith('/events/occupant/left')) {
    event = { ...base, type: 'participant.left', at: who.leftAt ?? 0, participant: stripTimes(who) };
    if (typeof body.active_occupants_count === 'number') event.activeCount = body.active_occupants_count;
  } else {
    throw new JitsiWebhookError(`Unknown event_sync path "${path}".`, 400, 'event_sync_unknown_path', {
      path,
    });
  }
  // event_sync has no id; the same post retried gives the same key, a different event a different one.
  event.idempotencyKey =
    'event_sync:' +
    createHash('sha256')
      .update(
        JSON.stringify([event.type, str(body.room_jid) ?? node, who.jid ?? '', event.at, breakout ?? '']),
      )
      .digest('hex')
      .slice(0, 32);
  return event;
}

function stripTimes(p: JitsiParticipant & { joinedAt?: number; leftAt?: number }): JitsiParticipant {
  const { joinedAt: _j, leftAt: _l, ...rest } = p;
  return rest;
}

/**
 * The tenant events about these settings' meetings carry: the JaaS AppID (`fqn` "AppID/room"), the
 * domain's tenant (`[acme]room` for `meet.example.com/acme`), or none. Lowercased, as event_sync
 * reports it.
 */
export function expectedTenant(settings: JitsiSettings): string | undefined {
  try {
    return meetingLocation(settings).roomPrefix?.toLowerCase();
  } catch {
    return undefined; // No valid domain yet: no meetings, and no tenant.
  }
}

/**
 * Whether an event is about a meeting on the configured deployment. One Jitsi (or one JaaS webhook
 * endpoint) may serve several tenants, and room names are only unique within one: `[other]room` is a
 * different meeting from our `room`, and on a tenant deployment a bare `room` is not ours either.
 */
export function isOwnTenant(event: Pick<JitsiEvent, 'tenant'>, settings: JitsiSettings): boolean {
  return (event.tenant?.toLowerCase() ?? '') === (expectedTenant(settings) ?? '');
}
