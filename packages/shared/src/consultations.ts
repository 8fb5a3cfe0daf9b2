import { z } from 'zod';
import { E2eeModeSchema, E2eeSupportSchema, JoinE2eeSchema } from './e2ee.js';
import { EmailSchema, GuestNameSchema, humanTextSchema } from './users.js';

/**
 * Consultations: booked, private client–provider video sessions (issue 10). Times on the wire are
 * ISO-8601 UTC instants (`2026-12-01T09:00:00.000Z`); a provider's hours are wall-clock times in
 * their own IANA timezone. The Jitsi room of a consultation is named by its id (a UUID).
 */

// ————————————————————————————————————————— providers —————————————————————————————————————————

/** An IANA timezone name (`Europe/Berlin`); checked against the runtime's zone database on the server. */
export const TimezoneSchema = z
  .string()
  .min(1, 'Choose a timezone')
  .max(64)
  .regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$|^UTC$/, 'Use an IANA timezone such as Europe/Berlin');

/** A wall-clock time `HH:MM` on a 5-minute grid; `24:00` is the end of the day. */
export const WallTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5][05]$|^24:00$/, 'Use HH:MM on a 5-minute grid (00:00–24:00)');

export const HoursRangeSchema = z
  .strictObject({ start: WallTimeSchema, end: WallTimeSchema })
  .refine((r) => r.start < r.end, 'A range ends after it starts');
export type HoursRange = z.infer<typeof HoursRangeSchema>;

export const WeeklyHoursSchema = z
  .strictObject({
    /** ISO weekday: Monday 1 … Sunday 7. */
    day: z.number().int().min(1).max(7),
    start: WallTimeSchema,
    end: WallTimeSchema,
  })
  .refine((r) => r.start < r.end, 'A range ends after it starts');
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

/** A calendar date `YYYY-MM-DD` in the provider's timezone. */
export const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-24');

/** The hours of one date replace that weekday's hours; no hours means the day is off. */
export const DateExceptionSchema = z.strictObject({
  date: LocalDateSchema,
  hours: z.array(HoursRangeSchema).max(12),
});
export type DateException = z.infer<typeof DateExceptionSchema>;

const minutes = (what: string, min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, `${what} is at least ${min} minutes`)
    .max(max, `${what} is at most ${max} minutes`)
    .refine((m) => m % 5 === 0, `${what} is a multiple of 5 minutes`);

export const AvailabilitySchema = z.strictObject({
  timezone: TimezoneSchema,
  sessionMinutes: minutes('A session', 15, 240),
  bufferMinutes: minutes('The buffer', 0, 120),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
  horizonDays: z.number().int().min(1).max(365),
  weekly: z.array(WeeklyHoursSchema).max(70),
  exceptions: z.array(DateExceptionSchema).max(366),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

export const DEFAULT_AVAILABILITY: Availability = {
  timezone: 'UTC',
  sessionMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 12 * 60,
  horizonDays: 60,
  weekly: [],
  exceptions: [],
};

export const SPECIALITY_MAX = 12;
export const ProviderProfileUpdateSchema = z.strictObject({
  bio: z.string().trim().max(2000, 'A bio has at most 2,000 characters'),
  specialities: z.array(humanTextSchema('A speciality', 60)).max(SPECIALITY_MAX),
  /** BCP 47 language tags (`en`, `de`, `pt-BR`). */
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en or pt-BR'))
    .max(20),
  /** Whether clients can find the provider and book new sessions. */
  accepting: z.boolean(),
  /**
   * Issue 19: a public booking page (`/book/<username>`) where people without an account book; only
   * effective while the admin allows public booking. Left unchanged when absent.
   */
  publicBooking: z.boolean().optional(),
});
export type ProviderProfileUpdate = z.infer<typeof ProviderProfileUpdateSchema>;

export const ProviderSchema = z.object({
  /** The provider's user id. */
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
  specialities: z.array(z.string()),
  languages: z.array(z.string()),
  timezone: z.string(),
  sessionMinutes: z.number().int(),
  accepting: z.boolean(),
  /** The provider's own public booking switch (issue 19): only in their own profile (`/providers/me`). */
  publicBooking: z.boolean().optional(),
});
export type Provider = z.infer<typeof ProviderSchema>;

export const ProviderResponseSchema = z.object({ provider: ProviderSchema });
export const ProvidersResponseSchema = z.object({ providers: z.array(ProviderSchema) });
export const ProvidersQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  speciality: z.string().trim().max(60).optional(),
  language: z.string().trim().max(20).optional(),
});

export const SlotSchema = z.object({ start: z.string(), end: z.string() });
export type Slot = z.infer<typeof SlotSchema>;

/**
 * `from`/`to`: ISO instants, or dates (`2026-12-01`) read in `tz` (`to` inclusive). `tz` defaults to
 * UTC; slots come back as UTC instants either way (clients show them in local time).
 */
export const SlotsQuerySchema = z.strictObject({
  from: z.string().max(40),
  to: z.string().max(40),
  tz: z.string().max(64).optional(),
});
export const SlotsResponseSchema = z.object({
  slots: z.array(SlotSchema),
  /** The provider's timezone, to show "their time" beside the client's. */
  timezone: z.string(),
});
export type SlotsResponse = z.infer<typeof SlotsResponseSchema>;

// ——————————————————————————————————————— consultations ———————————————————————————————————————

/**
 * `held`: a slot kept for a client to confirm (expires after a few minutes) or a provider's proposal
 * awaiting the client; `scheduled`: booked; `active`: someone joined; then one of the endings.
 */
export const CONSULTATION_STATUSES = [
  'held',
  'scheduled',
  'active',
  'finished',
  'canceled',
  'late_canceled',
  'no_show_client',
  'no_show_provider',
  'expired',
] as const;
export const ConsultationStatusSchema = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatusSchema>;
export const ENDED_CONSULTATION_STATUSES: readonly ConsultationStatus[] = [
  'finished',
  'canceled',
  'late_canceled',
  'no_show_client',
  'no_show_provider',
  'expired',
];

export const ConsultationRoleSchema = z.enum(['client', 'provider']);
export type ConsultationRole = z.infer<typeof ConsultationRoleSchema>;

/** A party as the other side sees them (a client with a nickname appears under it, without avatar). */
export const ConsultationPartySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  /** A client without an account (issue 19): present and true only then. */
  guest: z.boolean().optional(),
});

export const ConsultationTransitionSchema = z.object({
  from: ConsultationStatusSchema.nullable(),
  to: ConsultationStatusSchema,
  /** Who caused it; null for the server's timers. */
  by: z.string().nullable(),
  at: z.string(),
  /** `reschedule` and `proposal_accepted` keep the status and move the time: the old start is kept. */
  reason: z.string().nullable(),
  previousStart: z.string().nullable(),
});
export type ConsultationTransition = z.infer<typeof ConsultationTransitionSchema>;

/** A personal link sent to a guest client or a third participant: `<PUBLIC_URL>/visit/<token>` (issue 19). */
export const GuestInviteSchema = z.object({
  url: z.string(),
  /** True when it went out by e-mail; false without `SMTP_URL` (the provider copies it). */
  emailed: z.boolean(),
  expiresAt: z.string(),
});
export type GuestInvite = z.infer<typeof GuestInviteSchema>;

/** A third participant in a consultation (interpreter, family member). */
export const ConsultationParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Only the parties see it. */
  email: z.string().nullable(),
  proposedBy: z.enum(['client', 'provider']),
  proposedAt: z.string(),
  /** When and by whom (the client's user id) consent was given; null while awaiting it. */
  consentAt: z.string().nullable(),
  consentBy: z.string().nullable(),
  /** Whether the client let them read and write the consultation's chat. */
  chat: z.boolean(),
  removedAt: z.string().nullable(),
  joinedAt: z.string().nullable(),
});
export type ConsultationParticipant = z.infer<typeof ConsultationParticipantSchema>;

export const ProposeParticipantRequestSchema = z.strictObject({
  name: GuestNameSchema,
  email: EmailSchema.optional(),
});
export const ParticipantConsentRequestSchema = z.strictObject({
  /** The client lets them see the chat (default false). */
  chat: z.boolean().optional(),
});
export const ConsultationParticipantResponseSchema = z.object({
  participant: ConsultationParticipantSchema,
  /** After consent: their personal link (e-mailed when possible). */
  invite: GuestInviteSchema.optional(),
});
export const ConsultationParticipantsResponseSchema = z.object({
  participants: z.array(ConsultationParticipantSchema),
});

/** The caller's part in a consultation: a party, or a third participant the client let in (issue 19). */
export const ConsultationViewerRoleSchema = z.enum(['client', 'provider', 'participant']);
export type ConsultationViewerRole = z.infer<typeof ConsultationViewerRoleSchema>;

export const ConsultationSchema = z.object({
  /** A UUID; also the Jitsi room name and the path segment. */
  id: z.string(),
  status: ConsultationStatusSchema,
  /**
   * The caller's part in it. A `participant` sees a reduced form: no history, proposal or
   * cancellation reason, and the chat room only when the client let them into the chat.
   */
  role: ConsultationViewerRoleSchema,
  provider: ConsultationPartySchema,
  client: ConsultationPartySchema,
  start: z.string(),
  end: z.string(),
  /** Until when a `held` consultation waits to be confirmed (or accepted, for a proposal). */
  heldUntil: z.string().nullable(),
  /** Who created it: the client booking, or the provider proposing it. */
  bookedBy: ConsultationRoleSchema,
  /** A new time the provider proposed for a scheduled consultation, awaiting the client. */
  proposal: z.object({ start: z.string(), end: z.string(), at: z.string() }).nullable(),
  /** The consultation's chat room (type `consultation`); null while held. */
  roomId: z.string().nullable(),
  /** When the join window opens and closes (start minus the lead, end plus the grace). */
  joinOpensAt: z.string(),
  joinClosesAt: z.string(),
  providerJoinedAt: z.string().nullable(),
  clientJoinedAt: z.string().nullable(),
  providerLeftAt: z.string().nullable(),
  clientLeftAt: z.string().nullable(),
  canceledBy: ConsultationRoleSchema.nullable(),
  cancelReason: z.string().nullable(),
  /** Whether the caller already sent feedback. */
  feedbackGiven: z.boolean(),
  createdAt: z.string(),
  history: z.array(ConsultationTransitionSchema),
  /** Third participants (issue 19), for the two parties; absent for others. */
  participants: z.array(ConsultationParticipantSchema).optional(),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ConsultationResponseSchema = z.object({
  consultation: ConsultationSchema,
  /** A provider's booking for a guest client (issue 19): the guest's personal link, once. */
  invite: GuestInviteSchema.optional(),
});
export const ConsultationsResponseSchema = z.object({ consultations: z.array(ConsultationSchema) });
export type ConsultationsResponse = z.infer<typeof ConsultationsResponseSchema>;

export const ConsultationsQuerySchema = z.strictObject({
  role: ConsultationRoleSchema.optional(),
  /** One status or several, comma-separated (`scheduled,active`). */
  status: z.string().max(200).optional(),
  /** `upcoming` (not ended, by start) or `past` (ended, newest first). */
  when: z.enum(['upcoming', 'past']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.string().max(40).optional(),
});

const NicknameSchema = humanTextSchema('A nickname', 40);

/** A person without an account, by name and e-mail (a guest client, issue 19). */
export const GuestContactSchema = z.strictObject({
  name: GuestNameSchema,
  email: EmailSchema,
});
export type GuestContact = z.infer<typeof GuestContactSchema>;

/**
 * A client holds a slot (`providerId` + `start`); a provider proposes one to a client (`clientId` +
 * `start`, `providerId` omitted or theirs).
 */
export const CreateConsultationRequestSchema = z.strictObject({
  providerId: z.string().max(64).optional(),
  clientId: z.string().max(64).optional(),
  /** An ISO instant; a provider's proposal may say `now` (the next 5-minute mark). */
  start: z.string().max(40),
  /** Shown to the provider instead of the client's name. */
  nickname: NicknameSchema.optional(),
  /**
   * A provider's session for a person without an account (issue 19), instead of `clientId`: they get
   * a personal link (e-mailed when `SMTP_URL` is set) to confirm and join.
   */
  guest: GuestContactSchema.optional(),
});
export type CreateConsultationRequest = z.infer<typeof CreateConsultationRequestSchema>;

export const CancelConsultationRequestSchema = z.strictObject({
  reason: z.string().trim().max(500).optional(),
});
export const RescheduleRequestSchema = z.strictObject({ start: z.string().max(40) });
export const ProposeRequestSchema = z.strictObject({ start: z.string().max(40) });

/** Who is in the consultation's call now (both browsers' reports, or Jitsi's own events once they arrive). */
export const ConsultationPresenceSchema = z.object({
  consultationId: z.string(),
  providerInCall: z.boolean(),
  clientInCall: z.boolean(),
  /**
   * Parties whose browser joined an encrypted ("offered") session without being able to encrypt:
   * their media is not end-to-end encrypted, and both sides are shown that. Absent when none.
   */
  unencrypted: z.array(ConsultationRoleSchema).optional(),
});
export type ConsultationPresence = z.infer<typeof ConsultationPresenceSchema>;

/** The caller's choices before joining; they set the IFrame's start-muted options. */
export const JoinConsultationRequestSchema = z.strictObject({
  audioMuted: z.boolean().optional(),
  videoMuted: z.boolean().optional(),
  /** False when this browser cannot encrypt media; absent: unknown (treated as able). */
  e2eeSupported: E2eeSupportSchema.optional(),
});
export const JoinConsultationResponseSchema = z.object({
  consultation: ConsultationSchema,
  roomName: z.string(),
  url: z.string(),
  jwt: z.string().nullable(),
  iframe: z.record(z.string(), z.unknown()),
  domain: z.string(),
  scriptUrl: z.string(),
  /** Who is in the call right now (so the page shows "waiting for your provider" at once). */
  presence: ConsultationPresenceSchema.optional(),
  /** The session's media key when end-to-end encryption is on; absent when it is off. */
  e2ee: JoinE2eeSchema.optional(),
});
export type JoinConsultationResponse = z.infer<typeof JoinConsultationResponseSchema>;

/**
 * What the caller's browser saw: its own join/leave and camera/microphone changes, and the other
 * party entering or leaving (IFrame participant events). They become chat system messages and presence.
 */
export const CONSULTATION_EVENT_TYPES = [
  'joined',
  'left',
  'camera_on',
  'camera_off',
  'microphone_on',
  'microphone_off',
  'other_joined',
  'other_left',
] as const;
export const ConsultationEventRequestSchema = z.strictObject({
  type: z.enum(CONSULTATION_EVENT_TYPES),
});
export type ConsultationEventType = (typeof CONSULTATION_EVENT_TYPES)[number];
export const ConsultationEventResponseSchema = z.object({
  consultation: ConsultationSchema,
  presence: ConsultationPresenceSchema,
});
export type ConsultationEventResponse = z.infer<typeof ConsultationEventResponseSchema>;

/** `DELETE /consultations/:id/messages`: how many messages the client's erasure removed. */
export const EraseChatResponseSchema = z.object({ erased: z.number().int() });

export const FeedbackRequestSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  needsAddressed: z.enum(['yes', 'partly', 'no']),
  comment: z.string().trim().max(2000).optional(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

export const AccessLogEntrySchema = z.object({
  consultationId: z.string(),
  user: ConsultationPartySchema.nullable(),
  /** `participant`: a third participant the client agreed to (issue 19). */
  role: z.enum(['client', 'provider', 'participant']),
  /** `view` (opened the page), `join` (got a meeting token), `chat` (read the chat). */
  action: z.enum(['view', 'join', 'chat']),
  at: z.string(),
});
export const AccessLogResponseSchema = z.object({
  entries: z.array(AccessLogEntrySchema),
  nextBefore: z.string().nullable(),
});
/** A date (`2026-11-23`, a whole UTC day) or an ISO instant, for the admin lists' `from`/`to`. */
const AdminDateSchema = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/,
    'Use a date such as 2026-11-23 or an ISO instant such as 2026-11-23T09:00:00.000Z',
  );

export const AccessLogQuerySchema = z.strictObject({
  consultationId: z.string().max(64).optional(),
  /** Anyone's own entries (as client or provider). */
  userId: z.string().max(64).optional(),
  /** Entries about consultations with this provider / this client (whoever opened them). */
  providerId: z.string().max(64).optional(),
  clientId: z.string().max(64).optional(),
  /** From this instant (a bare date: its start, UTC) up to `to` (a bare date: through its end). */
  from: AdminDateSchema.optional(),
  to: AdminDateSchema.optional(),
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** `GET /admin/consultations/feedback`: what clients and providers said after their sessions. */
export const FeedbackListQuerySchema = z.strictObject({
  providerId: z.string().max(64).optional(),
  /** Given from / up to (same rules as the access log's). */
  from: AdminDateSchema.optional(),
  to: AdminDateSchema.optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const FeedbackEntrySchema = z.object({
  consultationId: z.string(),
  /** When the consultation was to start. */
  start: z.string(),
  provider: ConsultationPartySchema,
  /** The client only as the nickname they chose, if any: never their name, username or email. */
  clientNickname: z.string().nullable(),
  /** Who gave it (clients are asked; a provider may send some through the API). */
  by: ConsultationRoleSchema,
  rating: z.number().int(),
  needsAddressed: z.enum(['yes', 'partly', 'no']),
  comment: z.string().nullable(),
  at: z.string(),
});
export type FeedbackEntry = z.infer<typeof FeedbackEntrySchema>;
export const FeedbackListResponseSchema = z.object({
  entries: z.array(FeedbackEntrySchema),
  /** Over every entry the filters match (not just this page). */
  summary: z.object({ count: z.number().int(), averageRating: z.number().nullable() }),
  nextBefore: z.string().nullable(),
});
export type FeedbackListResponse = z.infer<typeof FeedbackListResponseSchema>;

/** The in-app reminder (socket `reminder`); email goes out too when SMTP is configured. */
export const ReminderEventSchema = z.object({
  consultation: ConsultationSchema,
  /** Minutes until the start, as the reminder offset says (1440, 15…). */
  startsIn: z.number().int(),
});
export type ReminderEvent = z.infer<typeof ReminderEventSchema>;

// ——————————————————————————————————————— admin settings ——————————————————————————————————————

export const ConsultationsSettingsSchema = z.strictObject({
  /** How long a held slot waits for confirmation. */
  holdMinutes: z.number().int().min(1).max(60),
  /** How long a provider's proposal waits for the client (never past the proposed start). */
  proposalHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14),
  /** The join window opens this long before the start … */
  joinLeadMinutes: z.number().int().min(0).max(120),
  /** … and closes this long after the end; an active consultation finishes then at the latest. */
  graceMinutes: z.number().int().min(0).max(240),
  /** A party not in the call this long after the start is a no-show. */
  noShowMinutes: z.number().int().min(1).max(120),
  /** Cancelling this close to the start is a late cancellation. */
  lateCancelHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14),
  /** Minutes before the start; in the app, and by email when SMTP_URL is set. */
  reminderOffsetsMinutes: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 14),
    )
    .max(5),
  /** Consultation chat is purged this long after the consultation ends. */
  retentionDays: z.number().int().min(1).max(3650),
  /** End-to-end encrypted media for consultations; fixed for each session at its first join. */
  e2ee: E2eeModeSchema,
});
export type ConsultationsSettings = z.infer<typeof ConsultationsSettingsSchema>;

export const DEFAULT_CONSULTATIONS_SETTINGS: ConsultationsSettings = {
  holdMinutes: 5,
  proposalHours: 48,
  joinLeadMinutes: 10,
  graceMinutes: 15,
  noShowMinutes: 10,
  lateCancelHours: 24,
  reminderOffsetsMinutes: [24 * 60, 15],
  retentionDays: 30,
  e2ee: 'off',
};
