import { z } from 'zod';

/** The dynamic parts of a coded sentence (names, numbers), for a client that words it itself. */
const TextValuesSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/**
 * A sentence the server also gives as a stable `code` with its `values`, so a client can say it in
 * its own words and language; `message` is the English it stands for.
 */
const CodedTextSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  values: TextValuesSchema.optional(),
});

/**
 * One field's problem. `code` and `values` (when present) name the sentence; `cause` is the problem
 * behind it, itself coded (a refused Jitsi secret: the Jitsi problem the new value would cause).
 */
export const ErrorDetailSchema = CodedTextSchema.extend({
  path: z.string(),
  cause: CodedTextSchema.optional(),
});
export type ErrorDetailBody = z.infer<typeof ErrorDetailSchema>;

/** Every 4xx/5xx body the API sends has this shape. */
export const ApiErrorSchema = z.object({
  error: z.object({
    /** Stable, machine-readable code such as `validation_failed` or `not_found`. */
    code: z.string(),
    /** A sentence a person can read. */
    message: z.string(),
    /** Field-level problems for `validation_failed`. */
    details: z.array(ErrorDetailSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The error codes the API can answer with; clients may branch on them. */
export const ERROR_CODES = [
  'validation_failed',
  'bad_request',
  'request_timeout',
  'request_header_too_large',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_multipart',
  'authentication_required',
  'invalid_credentials',
  'csrf_failed',
  'forbidden',
  'insufficient_scope',
  'account_deactivated',
  'not_found',
  'conflict',
  'setup_already_done',
  'setup_required',
  'registration_closed',
  'username_taken',
  'room_name_taken',
  'room_archived',
  'unknown_command',
  'meetings_not_configured',
  'calls_disabled',
  'call_ended',
  'webhook_unauthorized',
  'invalid_logout_token',
  'slot_taken',
  'slot_unavailable',
  'consultation_state',
  'join_window_closed',
  'e2ee_unsupported',
  'rate_limited',
  'invalid_image',
  'password_sign_in_disabled',
  'mfa_code_invalid',
  'mfa_sign_in_expired',
  'mfa_setup_required',
  'mfa_recent_required',
  'internal_error',
  // Issue 19, call guests (S1): guest links and the lobby.
  'guest_link_invalid',
  'guest_link_expired',
  'guest_link_full',
  'guest_passcode_wrong',
  'guests_disabled',
  // Issue 19, guest sessions (S2): a guest's session outside what guests may use.
  'guest_not_allowed',
  // issue 19, public booking (S3)
  'mail_not_configured',
  // Issue 20, files: uploads over the size limit, of a type not allowed, or over the person's quota.
  'file_too_large',
  'file_type_not_allowed',
  'quota_exceeded',
  // Issue 20, reactions: too many different emoji from one person on one message.
  'reaction_limit',
  // Issue 21, Web Push: an endpoint that is not https:, or on a loopback or private address.
  'push_endpoint_refused',
  // Issue 21, Web Push: the server's VAPID keys cannot be opened (sealed under another SECRET_KEY).
  'push_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
