import { z } from 'zod';
import { LocaleSchema } from './locales.js';
import {
  DisplayNameSchema,
  EmailSchema,
  PasswordSchema,
  PublicUserSchema,
  RoleSchema,
  UsernameSchema,
} from './users.js';

export const ProfileUpdateRequestSchema = z
  .strictObject({
    displayName: DisplayNameSchema.optional(),
    /** null removes the address. */
    email: EmailSchema.nullable().optional(),
    /** The person's language (issue 21); null follows the browser again. */
    locale: LocaleSchema.nullable().optional(),
  })
  .refine((v) => v.displayName !== undefined || v.email !== undefined || v.locale !== undefined, {
    message: 'Send at least one of displayName, email or locale',
  });
export type ProfileUpdateRequest = z.infer<typeof ProfileUpdateRequestSchema>;

/** 2 MB in decimal units, as people read file sizes (and as every message says). */
export const AVATAR_MAX_BYTES = 2_000_000;
export const AVATAR_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

export const UserSearchQuerySchema = z.strictObject({
  q: z.string().trim().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type UserSearchQuery = z.infer<typeof UserSearchQuerySchema>;

export const UserListSchema = z.object({ users: z.array(PublicUserSchema) });
export type UserList = z.infer<typeof UserListSchema>;

export const AdminUserCreateRequestSchema = z.strictObject({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  password: PasswordSchema,
  email: EmailSchema.optional(),
  role: RoleSchema.default('user'),
});
export type AdminUserCreateRequest = z.infer<typeof AdminUserCreateRequestSchema>;

/** Admin changes to an account: role and whether it may sign in. At least one field. */
export const AdminUserUpdateRequestSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    /** false deactivates: sessions, tokens and sockets end at once and sign-in is refused; messages stay. */
    active: z.boolean().optional(),
    /** Grants (true) or revokes (false) the provider role: providers offer consultations. */
    provider: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.active !== undefined || v.provider !== undefined, {
    message: 'Send at least one of role, active or provider',
  });
export type AdminUserUpdateRequest = z.infer<typeof AdminUserUpdateRequestSchema>;

/**
 * A one-time password-reset link for an account, made by an admin and handed to its owner. Only a
 * hash of its token is stored; it works once, until `expiresAt`.
 */
export const PasswordResetCreatedSchema = z.object({ resetUrl: z.string(), expiresAt: z.string() });
export type PasswordResetCreated = z.infer<typeof PasswordResetCreatedSchema>;
