import { z } from 'zod';
import { humanTextSchema } from './users.js';

/**
 * Issue 21: notifications that reach a closed tab (Web Push), preferences people control, and the
 * languages Parley speaks. The Contract names (routes, fields) are fixed; add freely.
 */

// ── Web Push ─────────────────────────────────────────────────────────────────────────────────────

/** `GET /api/v1/push/public-key`: the server's VAPID public key (RFC 8292), base64url. */
export const PushPublicKeySchema = z.object({ key: z.string() });
export type PushPublicKey = z.infer<typeof PushPublicKeySchema>;

const base64url = (what: string, bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine(
      (s) => Math.floor((s.replace(/=+$/, '').length * 3) / 4) === bytes,
      `${what} must be ${bytes} bytes`,
    );

/**
 * `POST /api/v1/me/push-subscriptions`: what `PushManager.subscribe()` gave the browser
 * (`subscription.toJSON()`), plus a name for the device. The endpoint must be `https:`; the server
 * also refuses loopback and private addresses unless `PUSH_ALLOW_PRIVATE_ENDPOINTS=true`.
 */
export const PushSubscriptionRequestSchema = z.strictObject({
  endpoint: z
    .url({ protocol: /^https$/, error: 'The push endpoint must be an https: URL' })
    .max(2048, 'The push endpoint is at most 2,048 characters'),
  keys: z.strictObject({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64url('keys.p256dh', 65),
    /** The 16-byte authentication secret. */
    auth: base64url('keys.auth', 16),
  }),
  /** How the person will recognise this device in their list ("Firefox on Linux"). */
  device: humanTextSchema('A device name', 64).optional(),
});
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequestSchema>;

/** A device that receives pushes; the endpoint and keys are never sent back. */
export const PushSubscriptionSchema = z.object({
  id: z.string(),
  device: z.string().nullable(),
  /** The push service's host (e.g. `fcm.googleapis.com`), so a person can tell devices apart. */
  service: z.string(),
  createdAt: z.string(),
  /** The last push delivered to it (null: none yet). */
  lastUsedAt: z.string().nullable(),
});
export type PushSubscription = z.infer<typeof PushSubscriptionSchema>;

export const PushSubscriptionListSchema = z.object({ subscriptions: z.array(PushSubscriptionSchema) });
export type PushSubscriptionList = z.infer<typeof PushSubscriptionListSchema>;

/**
 * What a push carries to the service worker (encrypted end to end, RFC 8291). Without previews the
 * body names who and where, never the message text. `close` asks the worker to close the
 * notification with that tag (a call answered elsewhere, declined or over).
 */
export const PushPayloadSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['call', 'message', 'consultation']),
    title: z.string(),
    body: z.string(),
    /** The page a click opens, relative to Parley's origin. */
    url: z.string(),
    /** One notification per call, room or consultation: a newer one replaces it. */
    tag: z.string(),
  }),
  z.object({ kind: z.literal('close'), tag: z.string() }),
]);
export type PushPayload = z.infer<typeof PushPayloadSchema>;

/** Workspace push settings (admin): whether people may see message text in pushes. */
export const PushSettingsSchema = z.strictObject({
  /** False (the default): pushes say "New message from Bob", never what Bob wrote. */
  allowPreviews: z.boolean(),
});
export type PushSettings = z.infer<typeof PushSettingsSchema>;
export const DEFAULT_PUSH_SETTINGS: PushSettings = { allowPreviews: false };

// ── Preferences ──────────────────────────────────────────────────────────────────────────────────

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time such as 22:00');

/** An IANA time zone the server's `Intl` knows (e.g. `Europe/Kyiv`). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Choose a known time zone');

/**
 * Do not disturb every week: on `days` (0 Sunday … 6 Saturday) from `from` to `to` in `timezone`
 * (`to` before `from` runs past midnight). Calls from `allowFrom` still ring.
 */
export const DndScheduleSchema = z.strictObject({
  days: z
    .array(z.number().int().min(0).max(6))
    .min(1, 'Choose at least one day')
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'Each day once'),
  from: timeOfDay,
  to: timeOfDay,
  timezone: TimeZoneSchema,
  allowFrom: z.array(z.string().min(1).max(64)).max(50, 'At most 50 people may ring through').default([]),
});
export type DndSchedule = z.infer<typeof DndScheduleSchema>;

/** A person's notification settings, as read. */
export const NotificationSettingsSchema = z.object({
  dnd: z.object({
    /** Do not disturb until then (null: off). */
    until: z.string().nullable(),
    schedule: DndScheduleSchema.nullable(),
    /** Whether do not disturb holds now (either of the two). */
    active: z.boolean(),
  }),
  email: z.object({
    /** One e-mail for DMs and mentions left unread this many minutes (null: none). */
    digestMinutes: z.number().int().nullable(),
    /** An e-mail for each call that rang unanswered. */
    missedCalls: z.boolean(),
    /** False while the server has no `SMTP_URL`: the settings are kept but nothing is sent. */
    available: z.boolean(),
  }),
  /** Message text in pushes; only when the workspace allows previews. */
  preview: z.boolean(),
  /** Whether the workspace allows previews at all. */
  previewAllowed: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** `PATCH /api/v1/me/notification-settings`: any of the fields; null clears. */
export const NotificationSettingsUpdateSchema = z
  .strictObject({
    dnd: z
      .strictObject({
        until: z.iso.datetime({ offset: true }).nullable().optional(),
        schedule: DndScheduleSchema.nullable().optional(),
      })
      .optional(),
    email: z
      .strictObject({
        digestMinutes: z
          .number()
          .int()
          .min(5, 'Wait at least 5 minutes')
          .max(1440, 'Wait at most a day')
          .nullable()
          .optional(),
        missedCalls: z.boolean().optional(),
      })
      .optional(),
    preview: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one of dnd, email or preview');
export type NotificationSettingsUpdate = z.infer<typeof NotificationSettingsUpdateSchema>;

export const ROOM_NOTIFY_LEVELS = ['all', 'mentions', 'none'] as const;
export const RoomNotifyLevelSchema = z.enum(ROOM_NOTIFY_LEVELS);
export type RoomNotifyLevel = z.infer<typeof RoomNotifyLevelSchema>;

/** A member's notifications for one room (in every room summary). */
export const RoomNotificationsSchema = z.object({
  level: RoomNotifyLevelSchema,
  /** Muted until then: nothing but mentions counts or notifies (null: not muted). */
  muteUntil: z.string().nullable(),
});
export type RoomNotifications = z.infer<typeof RoomNotificationsSchema>;
export const DEFAULT_ROOM_NOTIFICATIONS: RoomNotifications = { level: 'all', muteUntil: null };

/** `PUT /api/v1/rooms/:id/notifications`. */
export const RoomNotificationsRequestSchema = z.strictObject({
  level: RoomNotifyLevelSchema,
  muteUntil: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type RoomNotificationsRequest = z.infer<typeof RoomNotificationsRequestSchema>;
