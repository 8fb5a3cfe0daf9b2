import { z } from 'zod';
import { SecretStateSchema } from './settings.js';
import { humanTextSchema } from './users.js';

/**
 * Single sign-on with OpenID Connect (issue 18): identity providers an administrator adds, the
 * "Sign in with …" buttons, the accounts people link, and their signed-in devices.
 */

/** `GET /auth/providers` (public): the buttons on the sign-in page. */
export const AuthProvidersSchema = z.object({
  providers: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AuthProviders = z.infer<typeof AuthProvidersSchema>;

/** The roles a group can give: `member` is a plain account, `provider` offers consultations. */
export const GROUP_ROLES = ['admin', 'provider', 'member'] as const;
export const GroupRoleSchema = z.enum(GROUP_ROLES);
export type GroupRole = z.infer<typeof GroupRoleSchema>;

/** Which ID-token / userinfo claims give what; each is a claim name. */
export const ClaimMappingSchema = z.strictObject({
  username: z.string().trim().min(1).max(128).default('preferred_username'),
  displayName: z.string().trim().min(1).max(128).default('name'),
  email: z.string().trim().min(1).max(128).default('email'),
  avatar: z.string().trim().min(1).max(128).default('picture'),
  /** No groups claim: roles are left to Parley's administrators. */
  groups: z.string().trim().min(1).max(128).nullable().default(null),
});
export type ClaimMapping = z.infer<typeof ClaimMappingSchema>;

const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'Enter a domain like example.org',
  );

const ScopeListSchema = z
  .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/, 'A scope is one word'))
  .max(20)
  .refine((s) => s.includes('openid'), 'The scopes must include openid');

/** `POST /admin/identity-providers` (the secret is write-only). */
export const IdentityProviderCreateRequestSchema = z.strictObject({
  name: humanTextSchema('The name', 64),
  /** The issuer URL; its `/.well-known/openid-configuration` is read (discovery). */
  issuer: z
    .url({ protocol: /^https?$/, error: 'Enter the issuer URL, like https://login.example.org/realms/staff' })
    .max(512, 'The issuer URL has at most 512 characters'),
  clientId: z
    .string()
    .trim()
    .min(1, 'Enter the client ID the provider gave you')
    .max(256, 'The client ID has at most 256 characters'),
  clientSecret: z
    .string()
    .min(1, 'Enter the client secret the provider gave you')
    .max(1024, 'The client secret has at most 1024 characters'),
  scopes: ScopeListSchema.default(['openid', 'profile', 'email']),
  claims: ClaimMappingSchema.partial().optional(),
  /** Group (from the groups claim) → role; re-applied at each sign-in. */
  groupRoles: z.record(z.string().trim().min(1).max(256), GroupRoleSchema).optional(),
  /** Only e-mail addresses in these domains may sign in; empty: any. */
  allowedDomains: z.array(DomainSchema).max(50).optional(),
  /** Create an account at first sign-in (true) or only let existing, linked accounts in (false). */
  autoCreate: z.boolean().optional(),
  /** Count the provider's own MFA (`amr`/`acr` claims) as Parley's second factor. */
  trustProviderMfa: z.boolean().optional(),
  /** Off: the button disappears and sign-ins through it are refused; links are kept. */
  enabled: z.boolean().optional(),
});
export type IdentityProviderCreateRequest = z.input<typeof IdentityProviderCreateRequestSchema>;

/** `PATCH /admin/identity-providers/:id`: any subset; `clientSecret` absent keeps it. */
export const IdentityProviderUpdateRequestSchema = IdentityProviderCreateRequestSchema.partial();
export type IdentityProviderUpdateRequest = z.input<typeof IdentityProviderUpdateRequestSchema>;

export const IdentityProviderSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecret: SecretStateSchema.pick({ set: true }).extend({ readable: z.boolean().optional() }),
  scopes: z.array(z.string()),
  claims: ClaimMappingSchema,
  groupRoles: z.record(z.string(), GroupRoleSchema),
  allowedDomains: z.array(z.string()),
  autoCreate: z.boolean(),
  trustProviderMfa: z.boolean(),
  enabled: z.boolean(),
  /** What to register at the provider as the redirect URI. */
  redirectUri: z.string(),
  /** What to register as the back-channel logout URI. */
  backchannelLogoutUri: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IdentityProvider = z.infer<typeof IdentityProviderSchema>;

export const IdentityProviderResponseSchema = z.object({ provider: IdentityProviderSchema });
export const IdentityProviderListSchema = z.object({ providers: z.array(IdentityProviderSchema) });

/**
 * Why an OIDC sign-in did not finish; the callback sends the browser to `/login?sso_error=<code>`
 * and the sign-in page explains it.
 */
export const OIDC_ERRORS = [
  'state_invalid',
  'code_rejected',
  'nonce_mismatch',
  'email_unverified',
  'email_missing',
  'domain_not_allowed',
  'provider_unreachable',
  'provider_disabled',
  'no_account',
  'account_deactivated',
  'already_linked',
  'provider_error',
] as const;
export const OidcErrorSchema = z.enum(OIDC_ERRORS);
export type OidcError = z.infer<typeof OidcErrorSchema>;

/** An account at an identity provider linked to the signed-in person. */
export const LinkedIdentitySchema = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  /** The provider's e-mail for this account, if it gave one. */
  email: z.string().nullable(),
  linkedAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type LinkedIdentity = z.infer<typeof LinkedIdentitySchema>;

/** `GET /me/identities`. */
export const LinkedIdentityListSchema = z.object({ identities: z.array(LinkedIdentitySchema) });
export type LinkedIdentityList = z.infer<typeof LinkedIdentityListSchema>;

/** `POST /me/identities/:providerId/link` → where to send the browser to link an account. */
export const RedirectSchema = z.object({ redirectTo: z.string() });
export type Redirect = z.infer<typeof RedirectSchema>;

/** `POST /auth/password-forgot`: always 202, whether or not the account exists. */
export const PasswordForgotRequestSchema = z.strictObject({
  usernameOrEmail: z.string().trim().min(1, 'Enter your username or e-mail address').max(254),
});
export type PasswordForgotRequest = z.infer<typeof PasswordForgotRequestSchema>;

/** One signed-in browser or device (`GET /me/sessions`). */
export const DeviceSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string().nullable(),
  /** The address it was last used from. */
  ip: z.string().nullable(),
  /** How it signed in: password, passkey, or the identity provider's name. */
  signedInWith: z.string().nullable(),
});
export type DeviceSession = z.infer<typeof DeviceSessionSchema>;

export const DeviceSessionListSchema = z.object({ sessions: z.array(DeviceSessionSchema) });
export type DeviceSessionList = z.infer<typeof DeviceSessionListSchema>;
