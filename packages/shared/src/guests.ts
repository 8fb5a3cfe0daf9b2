import { z } from 'zod';
import { LocaleSchema } from './locales.js';
import { JoinCallResponseSchema } from './calls.js';
import { ConsultationSchema, GuestInviteSchema, ProviderSchema } from './consultations.js';
import { SessionResponseSchema } from './auth.js';
import { EmailSchema, GuestNameSchema, PasswordSchema, UsernameSchema } from './users.js';
import { ROOM_TYPES } from './chat.js';

/**
 * Guests (issue 19): people without an account, let in by the people who invited them. A guest is an
 * account row marked `guest` (so calls, consultations, chat and the access log treat them like anyone),
 * which cannot sign in, is never listed, and reaches only what its link names.
 */

export { GuestNameSchema } from './users.js';

/** Room types an admin may open to call guests (consultations have their own guests). */
export const GUEST_CALL_ROOM_TYPES = ROOM_TYPES.filter((t) => t !== 'consultation') as [
  Exclude<(typeof ROOM_TYPES)[number], 'consultation'>,
  ...Exclude<(typeof ROOM_TYPES)[number], 'consultation'>[],
];

/** `PATCH /admin/settings { guests }`. */
export const GuestSettingsSchema = z.strictObject({
  /** Room types whose owners and moderators may invite guests into calls (none by default). */
  callRoomTypes: z.array(z.enum(GUEST_CALL_ROOM_TYPES)).max(GUEST_CALL_ROOM_TYPES.length),
  /** Providers may open a public booking page (`/book/<username>`). */
  publicBooking: z.boolean(),
  /** A new call guest link's lifetime unless its creator says otherwise. */
  linkMinutes: z
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60),
});
export type GuestSettings = z.infer<typeof GuestSettingsSchema>;
export const DEFAULT_GUEST_SETTINGS: GuestSettings = {
  callRoomTypes: [],
  publicBooking: false,
  linkMinutes: 24 * 60,
};

// ---- Call guest links -------------------------------------------------------------------------

export const GUEST_PASSCODE_MAX = 64;

export const CreateGuestLinkRequestSchema = z.strictObject({
  /** Defaults to the admin's `linkMinutes`. */
  expiresInMinutes: z
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60)
    .optional(),
  /** How many guests may join through it (each join counts); unlimited when absent. */
  maxUses: z.number().int().min(1).max(1000).optional(),
  /** Guests must type it; stored hashed. */
  passcode: z
    .string()
    .trim()
    .min(4, 'A passcode has at least 4 characters')
    .max(GUEST_PASSCODE_MAX, `A passcode has at most ${GUEST_PASSCODE_MAX} characters`)
    .optional(),
  /** True (the default): guests wait until someone in the call lets them in. */
  lobby: z.boolean().optional(),
});
export type CreateGuestLinkRequest = z.infer<typeof CreateGuestLinkRequestSchema>;

export const GuestLinkSchema = z.object({
  id: z.string(),
  /** `<PUBLIC_URL>/guest/<token>`: shown once, at creation (lists carry null). */
  url: z.string().nullable(),
  expiresAt: z.string(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  lobby: z.boolean(),
  roomId: z.string(),
  /** The call it was made from; the link leads into whichever call is live in the room. */
  callId: z.string().nullable(),
  passcode: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** Set once revoked (revoked links are left out of lists). */
  revokedAt: z.string().nullable(),
});
export type GuestLink = z.infer<typeof GuestLinkSchema>;
export const GuestLinkResponseSchema = z.object({ link: GuestLinkSchema });
export const GuestLinksResponseSchema = z.object({ links: z.array(GuestLinkSchema) });

/** `GET /admin/guest-links`: every active link, with where it leads. */
export const AdminGuestLinkSchema = GuestLinkSchema.extend({
  roomDisplayName: z.string(),
  createdByName: z.string().nullable(),
});
export const AdminGuestLinksResponseSchema = z.object({ links: z.array(AdminGuestLinkSchema) });

/** `GET /guest/:token` (public). */
export const GuestLinkInfoSchema = z.object({
  workspace: z.string(),
  /** The call's title, or the room's name when the call has none. */
  title: z.string(),
  needsPasscode: z.boolean(),
  lobby: z.boolean(),
  /** `live`: a call is going on in the room; `ended`: none is now (one may start later). */
  call: z.enum(['live', 'ended']),
});
export type GuestLinkInfo = z.infer<typeof GuestLinkInfoSchema>;

export const GuestJoinRequestSchema = z.strictObject({
  name: GuestNameSchema,
  passcode: z.string().max(GUEST_PASSCODE_MAX).optional(),
});
export type GuestJoinRequest = z.infer<typeof GuestJoinRequestSchema>;

export const GUEST_STATUSES = ['waiting', 'admitted', 'denied', 'ended'] as const;
export const GuestStatusSchema = z.enum(GUEST_STATUSES);
export type GuestStatus = z.infer<typeof GuestStatusSchema>;

export const GuestJoinResponseSchema = z.object({
  guestId: z.string(),
  /** Sent back as `Authorization: Guest <guestSecret>` (and as the socket's `auth.guest`); shown once. */
  guestSecret: z.string(),
  status: z.enum(['waiting', 'admitted']),
});
export type GuestJoinResponse = z.infer<typeof GuestJoinResponseSchema>;

/** What an admitted guest enters the meeting with: the same shape as a member's join, minus the call. */
export const GuestMeetingJoinSchema = JoinCallResponseSchema.omit({ call: true });
export type GuestMeetingJoin = z.infer<typeof GuestMeetingJoinSchema>;

/** `GET /guest/:token/session`; also pushed on the guest's socket as `guest:status`. */
export const GuestSessionSchema = z.object({
  status: GuestStatusSchema,
  /** Present once admitted, while the call is live: a fresh, short-lived, non-moderator token. */
  join: GuestMeetingJoinSchema.optional(),
});
export type GuestSession = z.infer<typeof GuestSessionSchema>;

/** A guest waiting in (or let through) a call's lobby, as members in the call see it. */
export const GuestRequestSchema = z.object({
  id: z.string(),
  callId: z.string(),
  roomId: z.string(),
  name: z.string(),
  status: GuestStatusSchema,
  requestedAt: z.string(),
  /** Who admitted or denied them (user id), when someone did. */
  decidedBy: z.string().nullable(),
});
export type GuestRequest = z.infer<typeof GuestRequestSchema>;
export const GuestRequestResponseSchema = z.object({ guest: GuestRequestSchema });
export const GuestRequestsResponseSchema = z.object({ guests: z.array(GuestRequestSchema) });

/** `POST /guest/:token/events`: what the guest's embedded meeting saw (like `/calls/:id/events`). */
export const GuestMeetingEventSchema = z.strictObject({ type: z.enum(['joined', 'left']) });

// ---- Consultation guests (clients without an account, third participants, public booking) ------

export const GuestInviteResponseSchema = z.object({ invite: GuestInviteSchema });

/** `GET /visit/:token` (public): what the link opens, before signing in with it. */
export const VisitInfoSchema = z.object({
  workspace: z.string(),
  /** Whom the link is for (their name). */
  guestName: z.string(),
  purpose: z.enum(['client', 'participant']),
  consultationId: z.string(),
  providerName: z.string(),
  start: z.string(),
  end: z.string(),
  status: ConsultationSchema.shape.status,
});
export type VisitInfo = z.infer<typeof VisitInfoSchema>;
/** `POST /visit/:token/session`: a guest session (cookie) for the link's person. */
export const VisitSessionResponseSchema = SessionResponseSchema;

/** `POST /me/claim`: a guest client turns their link into an account and keeps their consultations. */
export const ClaimAccountRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  email: EmailSchema.optional(),
});
export type ClaimAccountRequest = z.infer<typeof ClaimAccountRequestSchema>;

/**
 * A provider's public booking page (`GET /api/v1/book/:handle`, public): their profile as signed-in
 * people see it, under `handle` (their username), without whether they take bookings (`bookable` says
 * what a visitor can do).
 */
export const PublicProviderSchema = ProviderSchema.omit({
  username: true,
  accepting: true,
  publicBooking: true,
}).extend({
  handle: z.string(),
  /** False when e-mail is not configured: bookings could not be confirmed, so the page says so. */
  bookable: z.boolean(),
});
export type PublicProvider = z.infer<typeof PublicProviderSchema>;
export const PublicProviderResponseSchema = z.object({ provider: PublicProviderSchema });

/** `POST /providers/:id/public-holds`. */
export const PublicHoldRequestSchema = z.strictObject({
  start: z.string().max(40),
  name: GuestNameSchema,
  email: EmailSchema,
  /** The visitor's IANA time zone, for the e-mail's times. */
  timeZone: z.string().max(64).optional(),
  /**
   * The language of the page the visitor booked on (issue 21): their e-mails and reminders use it.
   * Without it, the request's `Accept-Language` decides.
   */
  locale: LocaleSchema.optional(),
});
export type PublicHoldRequest = z.infer<typeof PublicHoldRequestSchema>;
/** 202: the hold exists; the e-mail carries the link that confirms it before `heldUntil`. */
export const PublicHoldResponseSchema = z.object({ heldUntil: z.string() });
