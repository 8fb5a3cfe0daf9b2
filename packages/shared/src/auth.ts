import { z } from 'zod';
import {
  DisplayNameSchema,
  EmailSchema,
  humanTextSchema,
  MeSchema,
  PasswordSchema,
  UsernameSchema,
} from './users.js';
import { MfaChallengeSchema } from './mfa.js';
import { LocaleSchema } from './locales.js';

/** Public facts about this Parley instance, readable before signing in. */
export const InstanceInfoSchema = z.object({
  workspaceName: z.string(),
  needsSetup: z.boolean(),
  registrationOpen: z.boolean(),
  /** False: the password form is only for break-glass administrators (single sign-on or passkeys). */
  passwordSignIn: z.boolean().default(true),
  /** "Forgot password?" works (outgoing mail is configured). */
  passwordReset: z.boolean().default(false),
  /** The languages this server speaks (issue 21), the default first. */
  locales: z.array(LocaleSchema).default(['en']),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;

export const SetupRequestSchema = z
  .strictObject({
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    password: PasswordSchema,
    email: EmailSchema.optional(),
    workspaceName: humanTextSchema('The workspace name', 64).optional(),
  })
  .meta({
    example: {
      username: 'ada',
      displayName: 'Ada Lovelace',
      password: 'correct horse battery staple',
      email: 'ada@example.org',
      workspaceName: 'Acme Consulting',
    },
  });
export type SetupRequest = z.infer<typeof SetupRequestSchema>;

export const RegisterRequestSchema = z
  .strictObject({
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    password: PasswordSchema,
    email: EmailSchema.optional(),
  })
  .meta({ example: { username: 'grace', displayName: 'Grace Hopper', password: 'a long enough password' } });
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z
  .strictObject({
    username: z.string().trim().toLowerCase().min(1, 'Enter your username').max(64),
    password: z.string().min(1, 'Enter your password').max(256),
  })
  .meta({ example: { username: 'ada', password: 'correct horse battery staple' } });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/**
 * Set when policy requires a second factor this person has not set up: until `enrollBy` they are
 * reminded; past it (`blocked`) the session can only set one up or sign out.
 */
export const MfaSetupDueSchema = z.object({ enrollBy: z.string().nullable(), blocked: z.boolean() });
export type MfaSetupDue = z.infer<typeof MfaSetupDueSchema>;

/** Answer to setup, register and login: the signed-in person and the CSRF token for their session. */
export const SessionResponseSchema = z.object({
  user: MeSchema,
  csrfToken: z.string(),
  mfaSetup: MfaSetupDueSchema.nullable().default(null),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** `POST /auth/login`: a session, or `{ mfaRequired, methods }` to finish with `POST /auth/mfa`. */
export const LoginResponseSchema = z.union([SessionResponseSchema, MfaChallengeSchema]);
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** `GET /auth/session`: who is signed in, or null; never a 401, so a signed-out page load is quiet. */
export const SessionStateSchema = z.object({
  user: MeSchema.nullable(),
  mfaSetup: MfaSetupDueSchema.nullable().default(null),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

export const PasswordChangeRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
  /**
   * Also revoke every personal API token (and disconnect their sockets). Other sessions are always
   * signed out by a password change; tokens survive it unless this is true.
   */
  revokeTokens: z.boolean().default(false),
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

/**
 * What a personal API token may do: `read` (GET), `write` (everything a signed-in member may change),
 * `admin` (administrator actions, only for tokens of administrators; account, role and security
 * changes need it explicitly).
 */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(TokenScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenCreateRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Name the token after what uses it').max(64),
    /** Days until the token stops working; omit for a token that does not expire. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    /** Defaults to read + write; `admin` must be asked for explicitly and only administrators may. */
    scopes: z
      .array(TokenScopeSchema)
      .min(1, 'Choose at least one scope')
      .max(3)
      .refine((s) => new Set(s).size === s.length, 'List each scope once')
      .default(['read', 'write']),
  })
  .meta({ example: { name: 'Deploy script', expiresInDays: 90, scopes: ['read', 'write'] } });
export type ApiTokenCreateRequest = z.infer<typeof ApiTokenCreateRequestSchema>;

/** `secret` is shown exactly once, at creation. */
export const ApiTokenCreatedSchema = z.object({ token: ApiTokenSchema, secret: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreatedSchema>;

export const PasswordResetInspectRequestSchema = z.strictObject({ token: z.string().min(1).max(200) });
export type PasswordResetInspectRequest = z.infer<typeof PasswordResetInspectRequestSchema>;

/** Whose link it is, shown on the reset page before the person types. */
export const PasswordResetInfoSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  expiresAt: z.string(),
});
export type PasswordResetInfo = z.infer<typeof PasswordResetInfoSchema>;

/** Sets a new password with a one-time reset link's token; signs in on success. */
export const PasswordResetCompleteRequestSchema = z.strictObject({
  token: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});
export type PasswordResetCompleteRequest = z.infer<typeof PasswordResetCompleteRequestSchema>;
