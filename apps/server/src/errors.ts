import type { ErrorCode } from '@parley/shared';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one error type services throw; the error handler turns it into `{ error: { code, message } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Sent as `Retry-After` (seconds) with 429 answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The catalogue: every error the API answers with is made here, so codes and wording stay consistent. */
export const Errors = {
  validation: (details: ErrorDetail[], message = 'The request is not valid') =>
    new AppError(400, 'validation_failed', message, details),
  invalidJson: () => new AppError(400, 'invalid_json', 'The request body is not valid JSON'),
  payloadTooLarge: (what = 'The request body') =>
    new AppError(413, 'payload_too_large', `${what} is too large`),
  unsupportedMediaType: (expected: string) =>
    new AppError(415, 'unsupported_media_type', `Send the request as ${expected}`),
  invalidMultipart: (reason: string) =>
    new AppError(400, 'invalid_multipart', `The upload is not valid multipart/form-data: ${reason}`),
  authenticationRequired: () => new AppError(401, 'authentication_required', 'Sign in to continue'),
  invalidCredentials: (message = 'The username or password is wrong') =>
    new AppError(401, 'invalid_credentials', message),
  csrfFailed: () =>
    new AppError(403, 'csrf_failed', 'This request is missing its CSRF token; reload the page and try again'),
  foreignOrigin: (publicUrl: string) =>
    new AppError(
      403,
      'csrf_failed',
      `This request came from another site; changes made with a browser session must come from ${publicUrl}`,
    ),
  forbidden: (message = 'You are not allowed to do this') => new AppError(403, 'forbidden', message),
  missingScope: (scope: 'read' | 'write' | 'admin') =>
    new AppError(403, 'insufficient_scope', `This API token does not have the "${scope}" scope`),
  resetLinkInvalid: () => new AppError(404, 'not_found', 'This reset link is invalid, used or expired'),
  accountDeactivated: () =>
    new AppError(403, 'account_deactivated', 'This account is deactivated; ask an administrator'),
  notFound: (what = 'The resource') => new AppError(404, 'not_found', `${what} does not exist`),
  conflict: (message: string) => new AppError(409, 'conflict', message),
  setupAlreadyDone: () =>
    new AppError(409, 'setup_already_done', 'This Parley already has an administrator; sign in instead'),
  setupRequired: () =>
    new AppError(409, 'setup_required', 'Create the first administrator before signing in'),
  registrationClosed: () =>
    new AppError(403, 'registration_closed', 'Registration is closed; ask an administrator for an account'),
  usernameTaken: (username: string) =>
    new AppError(409, 'username_taken', `The username "${username}" is taken`),
  roomNotFound: () => new AppError(404, 'not_found', 'This room does not exist or you are not in it'),
  messageNotFound: () => new AppError(404, 'not_found', 'This message does not exist or you cannot see it'),
  roomNameTaken: (name: string) =>
    new AppError(409, 'room_name_taken', `The name "${name}" is taken; choose another`),
  roomArchived: () =>
    new AppError(409, 'room_archived', 'This room is archived: it can be read but not changed'),
  unknownCommand: (name: string, known: string[]) =>
    new AppError(
      400,
      'unknown_command',
      `There is no command /${name}. Available: ${known.map((k) => `/${k}`).join(', ')}`,
    ),
  meetingsNotConfigured: () =>
    new AppError(
      409,
      'meetings_not_configured',
      'Video calls are not set up yet: an administrator needs to configure Jitsi in Administration → Video calls',
    ),
  callNotFound: () => new AppError(404, 'not_found', 'This call does not exist or you are not in its room'),
  callsDisabled: (what: string) =>
    new AppError(403, 'calls_disabled', `Calls are turned off in ${what} on this workspace`),
  callEnded: () => new AppError(409, 'call_ended', 'This call has ended; start a new one to talk again'),
  /** /providers/me and the like for someone who is not a provider. */
  notAProvider: () =>
    new AppError(404, 'not_found', 'You are not a provider; an administrator can make you one'),
  /** Missing, or not one of the caller's (the same answer, so ids reveal nothing). */
  consultationNotFound: () =>
    new AppError(404, 'not_found', 'This consultation does not exist or is not yours'),
  /** Someone else holds or booked an overlapping time (the database refused the claim). */
  slotTaken: () => new AppError(409, 'slot_taken', 'Someone else just took this time; choose another slot'),
  /** A time that is not one of the provider's free slots (outside hours, too soon, past the horizon). */
  slotUnavailable: (message: string) => new AppError(422, 'slot_unavailable', message),
  /** The consultation is not in a state that allows this (e.g. confirming an expired hold). */
  consultationState: (message: string) => new AppError(409, 'consultation_state', message),
  /** Joining before the window opens or after it closes. */
  joinWindowClosed: (message: string) => new AppError(409, 'join_window_closed', message),
  /** The meeting requires end-to-end encryption and the joining browser said it cannot encrypt. */
  e2eeUnsupported: () =>
    new AppError(
      422,
      'e2ee_unsupported',
      'This meeting requires end-to-end encryption, which this browser cannot do; join from a current Chrome, Edge, Firefox or Safari',
    ),
  webhookUnauthorized: (message: string) => new AppError(401, 'webhook_unauthorized', message),
  /** OIDC back-channel logout (the answer its specification asks for: 400 with an error). */
  invalidLogoutToken: (message: string) => new AppError(400, 'invalid_logout_token', message),
  rateLimited: (retryAfterSeconds: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new AppError(
      429,
      'rate_limited',
      `Too many attempts; try again in ${seconds} s`,
      undefined,
      seconds,
    );
  },
  invalidImage: () =>
    new AppError(
      400,
      'invalid_image',
      'That file is not an image we can use: send a PNG, JPEG, WebP or GIF of at most 2 MB',
    ),
  /** Password sign-in is off and this account is not a break-glass administrator. */
  passwordSignInDisabled: () =>
    new AppError(
      403,
      'password_sign_in_disabled',
      'Password sign-in is turned off here; sign in with single sign-on or a passkey',
    ),
  /** A wrong, used or replayed second-factor code or passkey. */
  mfaCodeInvalid: () => new AppError(401, 'mfa_code_invalid', 'That code or passkey did not work; try again'),
  /** The half-done sign-in is gone: expired, finished, or ended after too many wrong codes. */
  mfaSignInExpired: () => new AppError(401, 'mfa_sign_in_expired', 'This sign-in has expired; sign in again'),
  /** Policy requires a second factor and the grace period is over. */
  mfaSetupRequired: () =>
    new AppError(
      403,
      'mfa_setup_required',
      'Set up a second factor to continue: your administrator requires one',
    ),
  /** A sensitive change needs a second factor proven in the last few minutes (step-up). */
  mfaRecentRequired: (message = 'Confirm it is you with your second factor') =>
    new AppError(403, 'mfa_recent_required', message),
  internal: () => new AppError(500, 'internal_error', 'Something went wrong on our side; please try again'),
  // Issue 19, call guests (S1).
  /** A guest link that does not exist or was revoked. */
  guestLinkInvalid: (
    message = 'This link does not work: it was revoked or never existed. Ask whoever sent it for a new one',
  ) => new AppError(404, 'guest_link_invalid', message),
  guestLinkExpired: (message = 'This link has expired. Ask whoever sent it for a new one') =>
    new AppError(410, 'guest_link_expired', message),
  guestLinkFull: () =>
    new AppError(
      409,
      'guest_link_full',
      'This guest link has been used as often as it may be. Ask whoever sent it for a new one',
    ),
  guestPasscodeWrong: () =>
    new AppError(403, 'guest_passcode_wrong', 'That passcode is wrong; check it and try again'),
  guestsDisabled: () =>
    new AppError(403, 'guests_disabled', 'Guests are not allowed in calls of this kind of room here'),
  // Issue 19, guest sessions (S2).
  /** A guest's session (a personal link) on a route guests may not use. */
  guestNotAllowed: (message = 'Guests cannot do this; create an account to use the rest of Parley') =>
    new AppError(403, 'guest_not_allowed', message),
  // issue 19, public booking (S3)
  /** A booking that only an e-mail can confirm, on a server that sends none. */
  mailNotConfigured: () =>
    new AppError(
      409,
      'mail_not_configured',
      'Bookings on this page cannot be confirmed right now because this server sends no e-mail',
    ),
  // Issue 20, files.
  fileTooLarge: (maxMb: number) =>
    new AppError(413, 'file_too_large', `This file is too large: files may have at most ${maxMb} MB here`),
  fileTypeNotAllowed: (type: string) =>
    new AppError(415, 'file_type_not_allowed', `Files of this type (${type}) cannot be uploaded here`),
  quotaExceeded: (quotaMb: number) =>
    new AppError(
      413,
      'quota_exceeded',
      `Your files would take more than your ${quotaMb} MB here; delete some messages with files first`,
    ),
  /** Uploads named on a send that are not the sender's unsent uploads into this room. */
  attachmentsInvalid: () =>
    new AppError(
      422,
      'validation_failed',
      'Attach only files you uploaded into this room and have not sent yet',
      [
        {
          path: 'attachments',
          message: 'Attach only files you uploaded into this room and have not sent yet',
        },
      ],
    ),
  // Issue 20, reactions and threads.
  reactionLimit: (max: number) =>
    new AppError(409, 'reaction_limit', `One person can add at most ${max} different reactions to a message`),
  /** A send's `threadId` that is not a live, ordinary message of this room (or is itself a reply). */
  threadRootInvalid: () =>
    new AppError(422, 'validation_failed', 'Reply in the thread of a message of this room', [
      { path: 'threadId', message: 'Reply in the thread of a message of this room' },
    ]),
  // Issue 21, Web Push.
  /** A push endpoint the server will not send to (not https:, unresolvable, or on a private address). */
  pushEndpointRefused: (reason: string) =>
    new AppError(400, 'push_endpoint_refused', `This push endpoint cannot be used: ${reason}`),
  /** The VAPID keys were sealed under a SECRET_KEY this server does not have. */
  pushUnavailable: () =>
    new AppError(
      503,
      'push_unavailable',
      'Push notifications are not available on this server right now; an administrator can see why in its log',
    ),
} as const;

/** Fastify's own error codes for bad requests, mapped onto the catalogue. */
const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: Errors.invalidJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.invalidJson,
  FST_ERR_CTP_BODY_TOO_LARGE: () => Errors.payloadTooLarge(),
  FST_REQ_FILE_TOO_LARGE: () => Errors.payloadTooLarge('The file'),
  FST_PARTS_LIMIT: () => Errors.payloadTooLarge('The upload'),
  FST_FILES_LIMIT: () => Errors.payloadTooLarge('The upload'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => Errors.unsupportedMediaType('application/json'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => Errors.unsupportedMediaType('multipart/form-data'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => Errors.validation([], 'The Content-Length header is wrong'),
};

/**
 * What a thrown error means to a client, for HTTP answers and socket acks alike: the catalogue's own
 * errors, Fastify's and schema validation's, unstorable input; null for a fault on our side.
 */
export function toAppError(err: unknown, consumes?: readonly string[]): AppError | null {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: [err.validationContext ?? 'request', ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is not valid',
    }));
    return Errors.validation(
      details,
      `The ${err.validationContext ?? 'request'} is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    );
  }
  const code = (err as FastifyError | undefined)?.code;
  // Name what this route takes (multipart for uploads), not always JSON.
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return Errors.unsupportedMediaType(consumes?.join(' or ') ?? 'application/json');
  }
  if (code && FASTIFY_CODES[code]) return FASTIFY_CODES[code]();
  const status = (err as FastifyError | undefined)?.statusCode;
  if (status === 403 || status === 404) {
    // @fastify/static answers a path outside its folder with 403: to a client it simply is not there.
    return Errors.notFound('That file');
  }
  if (code === 'FST_ERR_BAD_URL') return Errors.validation([], 'The URL is malformed');
  if (status && status >= 400 && status < 500) {
    return new AppError(status, 'validation_failed', (err as Error).message);
  }
  // A backstop for input the schemas let through but PostgreSQL cannot hold (a NUL character,
  // a number beyond its column): the client's input, so a 400, not a 500.
  if (typeof code === 'string' && UNSTORABLE_PG_CODES.has(code)) {
    return Errors.validation([], 'The request contains a value that cannot be stored');
  }
  return null;
}

/** invalid_byte_sequence (NUL in text), untranslatable_character, numeric_value_out_of_range. */
const UNSTORABLE_PG_CODES = new Set(['22021', '22P05', '22003']);
