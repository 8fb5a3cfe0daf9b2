import { z } from 'zod';
import { MeSchema } from './users.js';

/**
 * Second factors (issue 18). A person may have one TOTP authenticator app and any number of passkeys;
 * ten single-use recovery codes come with the first factor. `recovery` is a method, not a factor.
 */
export const MFA_FACTOR_TYPES = ['totp', 'passkey'] as const;
export const MfaFactorTypeSchema = z.enum(MFA_FACTOR_TYPES);
export type MfaFactorType = z.infer<typeof MfaFactorTypeSchema>;

/** Ways to finish a sign-in that asked for a second factor. */
export const MFA_METHODS = ['totp', 'passkey', 'recovery'] as const;
export const MfaMethodSchema = z.enum(MFA_METHODS);
export type MfaMethod = z.infer<typeof MfaMethodSchema>;

/** A six-digit TOTP code or a recovery code (`xxxxx-xxxxx`); spaces and dashes are forgiven. */
export const MfaCodeSchema = z
  .string()
  .trim()
  .min(6, 'Enter the code from your app or a recovery code')
  .max(32, 'That code is too long');

/**
 * A WebAuthn response as `@simplewebauthn/browser` produces it (registration or authentication). The
 * server's WebAuthn library checks everything inside; this only bounds its size and shape.
 */
export const WebAuthnResponseSchema = z.looseObject({
  id: z.string().min(1).max(1366),
  rawId: z.string().min(1).max(1366),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(32).optional(),
});
export type WebAuthnResponse = z.infer<typeof WebAuthnResponseSchema>;

/** Options for `navigator.credentials.create/get`, as JSON (`@simplewebauthn/browser` takes them as they are). */
export const WebAuthnOptionsSchema = z.object({ options: z.record(z.string(), z.unknown()) });
export type WebAuthnOptions = z.infer<typeof WebAuthnOptionsSchema>;

/** Proof of a second factor: a code (TOTP or recovery) or a passkey assertion. */
export const MfaProofSchema = z.union([
  z.strictObject({ code: MfaCodeSchema }),
  z.strictObject({ assertion: WebAuthnResponseSchema }),
]);
export type MfaProof = z.infer<typeof MfaProofSchema>;

export const MfaFactorSchema = z.object({
  id: z.string(),
  type: MfaFactorTypeSchema,
  /** "Authenticator app", or the name given to a passkey. */
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type MfaFactor = z.infer<typeof MfaFactorSchema>;

/** `GET /me/mfa`: the person's factors and whether policy requires one of them. */
export const MfaStateSchema = z.object({
  factors: z.array(MfaFactorSchema),
  recoveryCodesLeft: z.number().int(),
  /** An administrator's policy requires a second factor of this person. */
  required: z.boolean(),
  /** Until when they may still sign in without one (null: not required, or already enrolled). */
  enrollBy: z.string().nullable(),
});
export type MfaState = z.infer<typeof MfaStateSchema>;

/** `POST /me/mfa/totp`: a new, unconfirmed secret (SHA-1, 6 digits, 30 s). */
export const TotpSetupSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

export const TotpConfirmRequestSchema = z.strictObject({ code: MfaCodeSchema });
export type TotpConfirmRequest = z.infer<typeof TotpConfirmRequestSchema>;

/** Shown once; only their hashes are stored. */
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;

/** `POST /me/mfa/passkeys`: the browser's registration response and a name for the passkey. */
export const PasskeyRegisterRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the passkey').max(64).default('Passkey'),
  response: WebAuthnResponseSchema,
});
export type PasskeyRegisterRequest = z.input<typeof PasskeyRegisterRequestSchema>;

export const MfaFactorCreatedSchema = z.object({
  factor: MfaFactorSchema,
  /** Present when this was the person's first factor: the recovery codes, shown once. */
  recoveryCodes: z.array(z.string()).optional(),
});
export type MfaFactorCreated = z.infer<typeof MfaFactorCreatedSchema>;

/** `POST /auth/login` (and OIDC) when a second factor is still needed: finish with `POST /auth/mfa`. */
export const MfaChallengeSchema = z.object({
  mfaRequired: z.literal(true),
  methods: z.array(MfaMethodSchema),
});
export type MfaChallenge = z.infer<typeof MfaChallengeSchema>;

/** `POST /auth/passkey`: passwordless sign-in with a discoverable passkey. */
export const PasskeySignInRequestSchema = z.strictObject({ assertion: WebAuthnResponseSchema });
export type PasskeySignInRequest = z.infer<typeof PasskeySignInRequestSchema>;

/** `POST /admin/users/:id/mfa/reset` result and what the security record lists. */
export const SecurityEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  userId: z.string(),
  actor: MeSchema.pick({ id: true, username: true, displayName: true }).nullable(),
  createdAt: z.string(),
});
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

/** `GET /admin/users/:id/security-events`: newest first. */
export const SecurityEventListSchema = z.object({ events: z.array(SecurityEventSchema) });
export type SecurityEventList = z.infer<typeof SecurityEventListSchema>;
