import { z } from 'zod';
import { CALL_TITLE_MAX_LENGTH } from './constants.js';
import { E2eeSupportSchema, JoinE2eeSchema } from './e2ee.js';
import { IdSchema } from './chat.js';
import { PublicUserSchema } from './users.js';

/**
 * Conference calls in rooms. A call belongs to one chat room; its state lives on the server (the
 * clients only report what they see) and moves one way: ringing → ongoing → ended, or ringing →
 * missed / declined / canceled.
 */
export const CallStatusSchema = z.enum(['ringing', 'ongoing', 'ended', 'missed', 'declined', 'canceled']);
export type CallStatus = z.infer<typeof CallStatusSchema>;

/** `direct`: a call in a direct message; `group`: any other room. */
export const CallTypeSchema = z.enum(['direct', 'group']);
export type CallType = z.infer<typeof CallTypeSchema>;

/**
 * One person's part in a call. `invited`: in the room but not rung (ringing off or a big room);
 * `ringing` → `accepted` / `declined` / `missed`; `joined` while in the meeting, `left` after.
 */
export const ParticipantStateSchema = z.enum([
  'invited',
  'ringing',
  'accepted',
  'declined',
  'missed',
  'joined',
  'left',
]);
export type ParticipantState = z.infer<typeof ParticipantStateSchema>;

export const CallParticipantSchema = z.object({
  user: PublicUserSchema,
  state: ParticipantStateSchema,
  /** When they first entered the meeting (null if they never did). */
  joinedAt: z.string().nullable(),
  /** When they last left it (null while in it, or if they never joined). */
  leftAt: z.string().nullable(),
  moderator: z.boolean(),
  /** True when they joined an encrypted call from a browser that cannot encrypt (mode "offered"). */
  unencrypted: z.boolean().optional(),
  /** A guest let in through a guest link (issue 19): present and true only then. */
  guest: z.boolean().optional(),
});
export type CallParticipant = z.infer<typeof CallParticipantSchema>;

export const CallSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  type: CallTypeSchema,
  status: CallStatusSchema,
  title: z.string(),
  /** The caller's user id (their details are among `participants`); null once the account is gone. */
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** When the call became ongoing (a direct call: when it was answered; a group call: at once). */
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Why it ended: everyone left, Jitsi closed the room, the maximum length, someone ended it. */
  endReason: z
    .enum(['hangup', 'empty', 'destroyed', 'max_duration', 'timeout', 'declined', 'canceled'])
    .nullable(),
  /** The Jitsi room: random (≥ 128 bits), never derived from the chat room. */
  roomName: z.string(),
  /** Whether callees are rung (false for rooms above the size limit or with ringing off). */
  ringing: z.boolean(),
  /** When ringing stops and the unanswered become `missed`. */
  ringUntil: z.string().nullable(),
  participants: z.array(CallParticipantSchema),
  /** The room's name, for lists outside the room (history pages). */
  roomDisplayName: z.string(),
});
export type Call = z.infer<typeof CallSchema>;

export const StartCallRequestSchema = z.strictObject({
  title: z
    .string()
    .trim()
    .max(CALL_TITLE_MAX_LENGTH, `A call title has at most ${CALL_TITLE_MAX_LENGTH} characters`)
    .refine((t) => !t.includes('\0'), 'A call title cannot contain NUL characters')
    .optional(),
  /** False when the caller's browser cannot encrypt media: a required call is then not started. */
  e2eeSupported: E2eeSupportSchema.optional(),
});
export type StartCallRequest = z.infer<typeof StartCallRequestSchema>;

export const CallResponseSchema = z.object({ call: CallSchema });
export type CallResponse = z.infer<typeof CallResponseSchema>;

/**
 * Someone a new call did not ring (it still started): the caller has rung them as often as the
 * limit allows in the last few minutes (`recently_rung`, `limits.ringsOfOnePersonPer10Minutes`), or
 * they declined this caller's last call a short while ago (`declined`).
 */
export const NotRungSchema = z.object({
  userId: z.string(),
  reason: z.enum(['recently_rung', 'declined']),
});
export type NotRung = z.infer<typeof NotRungSchema>;

/** Starting a call: the call, and whom it did not ring (empty for an existing call). */
export const StartCallResponseSchema = CallResponseSchema.extend({ notRung: z.array(NotRungSchema) });
export type StartCallResponse = z.infer<typeof StartCallResponseSchema>;

/** A join's body: false when this browser cannot encrypt media; absent: unknown (treated as able). */
export const JoinCallRequestSchema = z.strictObject({ e2eeSupported: E2eeSupportSchema.optional() });
export type JoinCallRequest = z.infer<typeof JoinCallRequestSchema>;

/** What a client needs to enter the meeting; `jwt` is null when token auth is off. */
export const JoinCallResponseSchema = z.object({
  call: CallSchema,
  roomName: z.string(),
  url: z.string(),
  jwt: z.string().nullable(),
  /** Options for `new JitsiMeetExternalAPI(domain, options)` (domain, roomName, jwt, configOverwrite, userInfo). */
  iframe: z.record(z.string(), z.unknown()),
  /** The host `JitsiMeetExternalAPI` is constructed with. */
  domain: z.string(),
  /** Where to load the IFrame API from: `<scheme>://<domain>/external_api.js` (never a third host). */
  scriptUrl: z.string(),
  /** The Chrome extension id for screen sharing on old Jitsi installs, when set. */
  chromeExtensionId: z.string().nullable(),
  /** The call's media key when end-to-end encryption is on; absent when it is off. */
  e2ee: JoinE2eeSchema.optional(),
});
export type JoinCallResponse = z.infer<typeof JoinCallResponseSchema>;

/** Who a call would ring, shown to the caller before they confirm. */
export const CallPreviewSchema = z.object({
  /** An existing ringing or ongoing call in the room: starting answers with it. */
  current: CallSchema.nullable(),
  type: CallTypeSchema,
  ringing: z.boolean(),
  /** Everyone else in the room (at most 50 are listed; `total` counts them all). */
  callees: z.array(PublicUserSchema),
  total: z.number().int(),
});
export type CallPreview = z.infer<typeof CallPreviewSchema>;

/** What the embedded Jitsi client saw, reported by the web (server events win over these). */
export const CallClientEventSchema = z.strictObject({
  type: z.enum(['videoConferenceJoined', 'videoConferenceLeft', 'participantJoined', 'participantLeft']),
  /** For participant events: the participant's Parley user id, when the client knows it. */
  userId: IdSchema.optional(),
});
export type CallClientEvent = z.infer<typeof CallClientEventSchema>;

export const CallListQuerySchema = z.strictObject({
  before: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const CallListResponseSchema = z.object({
  calls: z.array(CallSchema),
  /** Pass as `before` for the next page; null at the end. */
  nextBefore: z.string().nullable(),
});
export type CallListResponse = z.infer<typeof CallListResponseSchema>;

/** `GET /me/calls?direction=`: calls I made, calls to me, or the ones I missed. */
export const MyCallsQuerySchema = CallListQuerySchema.extend({
  direction: z.enum(['all', 'incoming', 'outgoing', 'missed']).default('all'),
});

const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use a date such as 2026-11-23 or an ISO time');

/** `GET /admin/calls`: filters for the call log. */
export const AdminCallsQuerySchema = CallListQuerySchema.extend({
  roomId: IdSchema.optional(),
  userId: IdSchema.optional(),
  status: CallStatusSchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
