import { z } from 'zod';
import { LocaleSchema } from './locales.js';

export const ROLES = ['admin', 'user'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Lowercase handle people are mentioned and found by. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Usernames have at least 2 characters')
  .max(32, 'Usernames have at most 32 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'Use letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );

/** A UTF-16 surrogate without its pair: not text, and it would be stored as U+FFFD garbage. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Control characters (NUL, escapes, line breaks…) never belong in a name. */
const CONTROL = /\p{Cc}/u;
/** Bidi overrides and isolates can make a name display as something else ("evil‮gpj.exe"). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Something a person can see: not white space, not a format/zero-width or combining mark, not a filler. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * Text people see next to others' (display names, workspace name): well-formed Unicode normalised
 * to NFC and trimmed, without control or bidi-override characters, with at least one visible
 * character, at most `max` characters.
 */
export function humanTextSchema(what: string, max: number) {
  // `overwrite`, not `transform`: it stays a plain string schema, so it can also describe responses.
  return z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), `${what} contains text that is not valid Unicode`)
    .overwrite((s) => s.normalize('NFC').trim())
    .min(1, `${what} is required`)
    .max(max, `${what} has at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${what} cannot contain control characters`)
    .refine((s) => !BIDI_CONTROL.test(s), `${what} cannot contain text-direction override characters`)
    .refine((s) => VISIBLE.test(s), `${what} needs at least one visible character`);
}

export const DisplayNameSchema = humanTextSchema('A display name', 64);

/** What a guest (issue 19) calls themselves; "(guest)" is added wherever others see it. */
export const GuestNameSchema = humanTextSchema('A name', 64);

export const PasswordSchema = z
  .string()
  .min(10, 'Passwords have at least 10 characters')
  .max(256, 'Passwords have at most 256 characters');

export const EmailSchema = z.email('Enter a valid email address').max(254);

/** What anyone signed in may see of another person. */
export const PublicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Absolute path on this server, or null when the user has no avatar. */
  avatarUrl: z.string().nullable(),
  role: RoleSchema,
  /** A guest without an account (issue 19): present and true only for guests. */
  guest: z.boolean().optional(),
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

/** What a person sees of themselves. */
export const MeSchema = PublicUserSchema.extend({
  email: z.string().nullable(),
  createdAt: z.string(),
  /** Offers consultations (an admin grants it with `PATCH /admin/users/:id { provider }`). */
  provider: z.boolean(),
  /** The language the person chose (null: the browser's). E-mails and pushes use it. */
  locale: LocaleSchema.nullable(),
});
export type Me = z.infer<typeof MeSchema>;

/** What administrators see of an account. */
export const AdminUserSchema = MeSchema.extend({
  /** false: deactivated, cannot sign in. */
  active: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
