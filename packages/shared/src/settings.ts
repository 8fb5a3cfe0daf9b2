import { z } from 'zod';
import { ConsultationsSettingsSchema } from './consultations.js';
import { E2eeModeSchema } from './e2ee.js';
import { FilesSettingsSchema } from './files.js';
import { GuestSettingsSchema } from './guests.js';
import { PushSettingsSchema } from './notifications.js';
import { humanTextSchema } from './users.js';

/**
 * Workspace settings, edited by admins. Each section is validated by its own schema; the server stores
 * sections whole so a half-valid update is never written.
 */
export const WorkspaceSettingsSchema = z.strictObject({
  /** Shown in the header, the login page and call titles. */
  name: humanTextSchema('The workspace name', 64),
  /** When true, anyone who can reach the server may create an account. */
  registrationOpen: z.boolean(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { name: 'Parley', registrationOpen: false };

/**
 * How a write-only secret appears when settings are read: whether it is set, and whether the
 * server's current key can open it (false after `SECRET_KEY` or `secret.key` changed: re-enter it).
 */
export const SecretStateSchema = z.object({ set: z.boolean(), readable: z.boolean() });
export type SecretState = z.infer<typeof SecretStateSchema>;

/** Jitsi settings as admins read them: plain values, with the app secret and private key as `{ set }`. */
export const JitsiSettingsViewSchema = z.object({
  domain: z.string(),
  titlePrefix: z.string(),
  titleSuffix: z.string(),
  useSsl: z.boolean(),
  chromeExtensionId: z.string(),
  useAuthToken: z.boolean(),
  appId: z.string(),
  appSecret: SecretStateSchema,
  useJaas: z.boolean(),
  jaasPrivateKey: SecretStateSchema,
  jaasApiKeyId: z.string(),
  limitTokenToRoom: z.boolean(),
  tokenAudience: z.string(),
  /** Seconds. */
  tokenExpiration: z.number(),
  tokenSubject: z.string(),
  jaasFeatures: z.object({
    recording: z.boolean(),
    livestreaming: z.boolean(),
    transcription: z.boolean(),
    'outbound-call': z.boolean(),
  }),
  shareEmail: z.boolean(),
  /** The kind of Jitsi Parley talks to; the doctor judges the token's `sub` by it. */
  deployment: z.enum(['debian', 'docker', 'jaas']),
  /** The deployment's XMPP domain; '' = the kind's own (Debian: the public host; docker: meet.jitsi). */
  xmppDomain: z.string(),
});
export type JitsiSettingsView = z.infer<typeof JitsiSettingsViewSchema>;

/** Room types calls can be enabled for (consultations have their own rules). */
export const CALL_ROOM_TYPES = ['direct', 'channel', 'private', 'team', 'discussion'] as const;

/** Conference calls in rooms: provider, where calls are allowed, ringing, limits, who moderates. */
export const CallsSettingsSchema = z.strictObject({
  provider: z.literal('jitsi'),
  enabledIn: z.strictObject({
    direct: z.boolean(),
    channel: z.boolean(),
    private: z.boolean(),
    team: z.boolean(),
    discussion: z.boolean(),
  }),
  ringing: z.boolean(),
  ringTimeoutSeconds: z.number().int().min(5, 'Ring for at least 5 s').max(300, 'Ring for at most 300 s'),
  /** Rooms with more members than this start calls without ringing. */
  ringMaxMembers: z.number().int().min(2).max(1000),
  /** A call still going after this is ended by the server (never "ongoing" for a day). */
  maxDurationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  moderators: z.enum(['caller', 'caller-and-room-moderators']),
  /**
   * Write-only. The bearer token jitsi-contrib `event_sync` sends (its `api_headers`); empty: the
   * `POST /jitsi/events` endpoint refuses everything.
   */
  eventSyncSecret: z
    .string()
    .max(512)
    .refine((v) => v === '' || v.length >= 24, 'Use at least 24 characters (Generate makes a strong one)'),
  /** Write-only. The JaaS webhook endpoint secret ("Reveal secret" in the JaaS console). */
  jaasWebhookSecret: z.string().max(512),
  /** End-to-end encrypted media for calls; fixed for each call when it starts. */
  e2ee: E2eeModeSchema,
});
export type CallsSettings = z.infer<typeof CallsSettingsSchema>;

export const DEFAULT_CALLS_SETTINGS: CallsSettings = {
  provider: 'jitsi',
  enabledIn: { direct: true, channel: true, private: true, team: true, discussion: true },
  ringing: true,
  ringTimeoutSeconds: 30,
  ringMaxMembers: 10,
  maxDurationMinutes: 240,
  moderators: 'caller',
  eventSyncSecret: '',
  jaasWebhookSecret: '',
  e2ee: 'off',
};

/** The calls section as admins read it: the two webhook secrets appear only as `{ set }`. */
export const CallsSettingsViewSchema = CallsSettingsSchema.extend({
  eventSyncSecret: SecretStateSchema,
  jaasWebhookSecret: SecretStateSchema,
});
export type CallsSettingsView = z.infer<typeof CallsSettingsViewSchema>;

const perPerson = (what: string, max: number) =>
  z
    .number()
    .int(`${what}: use a whole number`)
    .min(1, `${what}: allow at least 1`)
    .max(max, `${what}: at most ${max}`);

/**
 * Per-person limits on writes anyone can repeat (fixed windows, counted per user id across every
 * node). Over a limit the answer is 429 `rate_limited` with `Retry-After` (a socket ack: the same
 * code); an excess typing or presence event is not forwarded. The defaults stay out of the way of
 * normal use.
 */
export const LimitsSettingsSchema = z.strictObject({
  /** Messages and slash commands sent (HTTP and socket). */
  messagesPerMinute: perPerson('Messages per minute', 100_000),
  /** Message edits and deletions. */
  messageChangesPerMinute: perPerson('Edits and deletions per minute', 100_000),
  /** Typing events (start and stop). */
  typingPerMinute: perPerson('Typing events per minute', 100_000),
  /** Presence changes (online, away). */
  presenceChangesPerMinute: perPerson('Presence changes per minute', 100_000),
  /** Read markers. */
  readMarksPerMinute: perPerson('Read markers per minute', 100_000),
  /** Rooms created: channels, private channels, teams, discussions and direct messages. */
  roomsPerHour: perPerson('Rooms per hour', 100_000),
  /** People added to rooms, when creating a room or later. */
  membersAddedPerHour: perPerson('People added per hour', 1_000_000),
  /** Renaming, topics, archiving, joining, leaving, roles and removals. */
  roomChangesPerMinute: perPerson('Room changes per minute', 100_000),
  /** Profile changes and avatar uploads or removals. */
  profileChangesPerHour: perPerson('Profile changes per hour', 100_000),
  /**
   * One caller rings the same person at most this many times per 10 minutes (fixed windows of the
   * clock); a call past that still starts, without ringing them.
   */
  ringsOfOnePersonPer10Minutes: perPerson('Rings of one person per 10 minutes', 1000),
  /** After someone declines, the same caller does not ring them again for this many seconds. */
  ringAfterDeclineSeconds: z.number().int().min(0).max(86_400),
  /** Files uploaded into rooms (issue 20). */
  uploadsPerHour: perPerson('Uploads per hour', 100_000),
  /** Reactions added or removed. */
  reactionsPerMinute: perPerson('Reactions per minute', 100_000),
  /** Searches. */
  searchesPerMinute: perPerson('Searches per minute', 100_000),
  /** Thread follows, unfollows and read markers. */
  threadChangesPerMinute: perPerson('Thread changes per minute', 100_000),
});
export type LimitsSettings = z.infer<typeof LimitsSettingsSchema>;

export const DEFAULT_LIMITS_SETTINGS: LimitsSettings = {
  messagesPerMinute: 60,
  messageChangesPerMinute: 60,
  typingPerMinute: 120,
  presenceChangesPerMinute: 30,
  readMarksPerMinute: 300,
  roomsPerHour: 60,
  membersAddedPerHour: 500,
  roomChangesPerMinute: 60,
  profileChangesPerHour: 60,
  ringsOfOnePersonPer10Minutes: 5,
  ringAfterDeclineSeconds: 120,
  uploadsPerHour: 200,
  reactionsPerMinute: 120,
  searchesPerMinute: 60,
  threadChangesPerMinute: 300,
};

/** Who must have a second factor: `staff` is administrators and providers. */
export const REQUIRE_MFA = ['none', 'admins', 'staff', 'everyone'] as const;
export const RequireMfaSchema = z.enum(REQUIRE_MFA);
export type RequireMfa = z.infer<typeof RequireMfaSchema>;

/** How people sign in (issue 18). */
export const SecuritySettingsSchema = z.strictObject({
  /** Who must have a second factor; asked at their next sign-in, with `mfaGraceDays` to set one up. */
  requireMfa: RequireMfaSchema,
  /** Days someone the policy newly covers may still sign in without a second factor. */
  mfaGraceDays: z.number().int().min(0).max(30),
  /** Off: only single sign-on and passkeys, except for the break-glass administrators. */
  passwordSignIn: z.boolean(),
  /** Usernames of administrators who may always sign in with their password. */
  breakGlassAdmins: z.array(z.string().trim().toLowerCase().min(1).max(32)).max(10),
});
export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  requireMfa: 'none',
  mfaGraceDays: 7,
  passwordSignIn: true,
  breakGlassAdmins: [],
};

export const SettingsViewSchema = z.object({
  workspace: WorkspaceSettingsSchema,
  jitsi: JitsiSettingsViewSchema,
  calls: CallsSettingsViewSchema,
  consultations: ConsultationsSettingsSchema,
  limits: LimitsSettingsSchema,
  security: SecuritySettingsSchema,
  guests: GuestSettingsSchema,
  files: FilesSettingsSchema,
  /** Web Push (issue 21): whether pushes may carry message text. */
  push: PushSettingsSchema,
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/**
 * The dynamic parts of a problem's sentence (field values, numbers, names), for a translated text.
 */
export const ProblemValuesSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/**
 * Each problem names the settings field to fix (dotted), or null for the configuration as a whole.
 * `message` is English; `code` (stable, camelCase) with `values` lets the web app say it in the
 * interface language (`jitsi.<code>`). Problems worded by zod itself have no code.
 */
export const SettingsProblemSchema = z.object({
  field: z.string().nullable(),
  message: z.string(),
  code: z.string().optional(),
  values: ProblemValuesSchema.optional(),
});
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;

export const SettingsResponseSchema = z.object({
  settings: SettingsViewSchema,
  /** What still stops calls from working with these settings; empty when Jitsi is fully configured. */
  problems: z.object({ jitsi: z.array(SettingsProblemSchema) }),
});
export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;

/**
 * A partial update. Secrets: a string sets the secret, null clears it, absence keeps it. Nested objects
 * (jaasFeatures) are merged key by key.
 */
export const SettingsUpdateRequestSchema = z.strictObject({
  workspace: WorkspaceSettingsSchema.partial().optional(),
  /** Keys of the Jitsi settings; the server validates them with @parley/jitsi's schema (kept out of the browser bundle). */
  jitsi: z.record(z.string(), z.unknown()).optional(),
  /** Merged key by key (enabledIn too), then validated whole. */
  calls: CallsSettingsSchema.extend({
    enabledIn: CallsSettingsSchema.shape.enabledIn.partial(),
    /** A string sets the secret, null clears it. */
    eventSyncSecret: CallsSettingsSchema.shape.eventSyncSecret.nullable(),
    jaasWebhookSecret: CallsSettingsSchema.shape.jaasWebhookSecret.nullable(),
  })
    .partial()
    .optional(),
  consultations: ConsultationsSettingsSchema.partial().optional(),
  limits: LimitsSettingsSchema.partial().optional(),
  /** Needs a recent second factor when the administrator has one. */
  security: SecuritySettingsSchema.partial().optional(),
  /** Guest access (issue 19): room types open to call guests, public booking, default link lifetime. */
  guests: GuestSettingsSchema.partial().optional(),
  /** Files (issue 20): size limit, allowed types, per-person quota. */
  files: FilesSettingsSchema.partial().optional(),
  /** Web Push (issue 21): message previews in pushes. */
  push: PushSettingsSchema.partial().optional(),
});
export type SettingsUpdateRequest = z.input<typeof SettingsUpdateRequestSchema>;
export type SettingsUpdate = z.output<typeof SettingsUpdateRequestSchema>;

/** A decoded JWT: header and claims only (never the signature). */
export const DecodedTokenSchema = z.object({
  header: z.record(z.string(), z.unknown()),
  payload: z.record(z.string(), z.unknown()),
});
export type DecodedToken = z.infer<typeof DecodedTokenSchema>;

/** `GET /admin/settings/jitsi/check`: what the stored Jitsi settings produce, for the admin page. */
export const JitsiCheckResponseSchema = z.object({
  /** True when nothing in `problems` stops calls from working. */
  configured: z.boolean(),
  /** What stops calls from working, next to its field (the same list as `problems.jitsi`). */
  problems: z.array(SettingsProblemSchema),
  /** What works but deserves a second look (token auth off, a short secret, an ignored domain…). */
  warnings: z.array(SettingsProblemSchema),
  /** A token minted with the stored settings for a sample caller and room; null when tokens are off or broken. */
  sampleToken: DecodedTokenSchema.nullable(),
  /** docker-jitsi-meet `.env` lines matching the settings (the secret as a placeholder); '' when none apply. */
  dockerEnv: z.string(),
  /**
   * For a Debian `jitsi-meet-tokens` deployment, its Prosody lines (the secret as a placeholder); ''
   * otherwise. Absent from older servers.
   */
  prosodyConfig: z.string().default(''),
});
export type JitsiCheckResponse = z.infer<typeof JitsiCheckResponseSchema>;

/** Why the reachability check failed, as a short code (the sentence is in `message`). */
export const JitsiUnreachableReasonSchema = z.enum([
  'no_domain',
  'dns',
  'refused',
  'unreachable',
  'timeout',
  'tls',
  'redirect',
  'not_found',
  'http_error',
  'not_jitsi',
]);
export type JitsiUnreachableReason = z.infer<typeof JitsiUnreachableReasonSchema>;

/**
 * `POST /admin/settings/jitsi/reachability`: whether the server could fetch the domain's
 * `external_api.js`. Only that script on the configured domain is fetched, redirects to another host
 * are not followed, and the answer is reachable or a short reason: no status codes, timings or error
 * texts of whatever else might listen there.
 */
export const JitsiReachabilityResponseSchema = z.object({
  ok: z.boolean(),
  /** What was fetched ('' when there is no domain to try). */
  url: z.string(),
  /** Null when reachable. */
  reason: JitsiUnreachableReasonSchema.nullable(),
  /** A sentence for the admin: "Reached …", "Nothing answered within 3 s"… */
  message: z.string(),
  /** The sentence's stable code and dynamic parts, for a translated text (`jitsi.<code>`). */
  code: z.string().optional(),
  values: ProblemValuesSchema.optional(),
});
export type JitsiReachabilityResponse = z.infer<typeof JitsiReachabilityResponseSchema>;
