import { z } from 'zod';

/** Every 4xx/5xx body the API sends has this shape. */
export const ApiErrorSchema = z.object({
  error: z.object({
    /** Stable, machine-readable code such as `validation_failed` or `not_found`. */
    code: z.string(),
    /** A sentence a person can read. */
    message: z.string(),
    /** Field-level problems for `validation_failed`. */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
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
