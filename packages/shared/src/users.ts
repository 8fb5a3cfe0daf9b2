import { z } from 'zod';

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
    'Use letters, digits, dots, dashes and underscores, starting with a letter or digit',
  );

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'A display name is required')
  .max(64, 'Display names have at most 64 characters');

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
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

/** What a person sees of themselves. */
export const MeSchema = PublicUserSchema.extend({
  email: z.string().nullable(),
  createdAt: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

/** What administrators see of an account. */
export const AdminUserSchema = MeSchema.extend({
  /** false: deactivated, cannot sign in. */
  active: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
