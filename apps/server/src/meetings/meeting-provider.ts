/**
 * The video-provider port. Rooms and calls talk to this, never to Jitsi directly, so another
 * provider can be added beside the Jitsi adapter without touching them.
 */
export interface MeetingUser {
  /** Parley's user id (it comes back in the provider's events). */
  id: string;
  displayName: string;
  /** Absolute URL, or null. */
  avatarUrl: string | null;
  email: string | null;
}

export interface MeetingJoinRequest {
  /**
   * `call` (the default): a conference call in a chat room. `consultation`: a private client–provider
   * session — the room name is the consultation's id as given, the email is never shared, and the
   * embedded meeting gets a reduced per-role interface (no invite, recording, streaming or subject;
   * branding hidden; lobby and security options for the moderator only).
   */
  kind?: 'call' | 'consultation';
  /** The call's own random meeting id (≥ 128 bits, never derived from the chat room); a consultation's id. */
  callId: string;
  /**
   * Used verbatim. For a call, the name `roomNameFor` gave when the call started (a prefix changed
   * mid-call does not split the call in two); for a consultation, its id (no prefix or suffix).
   */
  roomName: string;
  user: MeetingUser;
  moderator: boolean;
  /** Shown as the meeting's subject (calls only). */
  title?: string;
  /** The user's choice before joining: start with the microphone or camera off (Jitsi decides when absent). */
  startMuted?: { audio?: boolean | undefined; video?: boolean | undefined };
  /**
   * When the token must stop working at the latest (ms since the epoch): a consultation's join window
   * closing, a call's maximum length. The provider's usual token lifetime still applies when shorter.
   */
  expiresAt?: number;
}

/** What a client needs to enter the meeting. */
export interface MeetingJoin {
  roomName: string;
  /** A link that opens the meeting in its own tab. */
  url: string;
  /** Null when the provider runs without tokens. */
  jwt: string | null;
  /** Options for the provider's embedded client (for Jitsi, the IFrame API). */
  iframe: Record<string, unknown>;
  /** The host the embedded client is constructed with. */
  domain: string;
  /** The provider's embedding script (for Jitsi, `external_api.js` on the meeting domain). */
  scriptUrl: string;
  chromeExtensionId: string | null;
}

/** What the provider says happened in a meeting, whichever channel it came by. */
export interface MeetingEvent {
  /** Deliveries with the same key are one event (retries, replays). */
  key: string;
  type: 'room.created' | 'room.destroyed' | 'participant.joined' | 'participant.left';
  /** The meeting's room name as `roomNameFor` gave it. */
  roomName: string;
  /** Parley's user id, from the participant's token, when known. */
  userId: string | null;
  /** When it happened (ms), or null when the provider did not say. */
  at: number | null;
}

export interface WebhookRequest {
  channel: 'event_sync' | 'jaas';
  /** For event_sync, the path below the endpoint (`/events/occupant/joined`). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (signatures are over these bytes). */
  rawBody: Buffer;
  now: number;
  /** Where to note events that are dropped on purpose (another tenant's meetings). */
  log?: { debug(obj: object, msg: string): void };
}

export interface MeetingProblem {
  field: string | null;
  /** English; `code` and `values` are for a translated text (as in @parley/jitsi's problems). */
  message: string;
  code?: string;
  values?: Record<string, string | number>;
}

export interface MeetingProvider {
  readonly name: 'jitsi';
  /** What still stops meetings from working (empty when configured). */
  problems(): Promise<MeetingProblem[]>;
  /** A fresh per-user join; throws `meetingsNotConfigured` when the provider cannot be used. */
  join(request: MeetingJoinRequest): Promise<MeetingJoin>;
  /** Ends the meeting on the provider's side where it can (Jitsi rooms close when empty). */
  end(callId: string): Promise<void>;
  /** The provider's room name for a meeting id, with today's settings. */
  roomNameFor(callId: string): Promise<string>;
  /**
   * Authenticates and parses a provider's webhook; null for events Parley does not model. Throws
   * `webhookUnauthorized` (401) for a bad or missing credential, a validation error (400) for a
   * malformed body.
   */
  parseWebhook(request: WebhookRequest): Promise<MeetingEvent | null>;
}
