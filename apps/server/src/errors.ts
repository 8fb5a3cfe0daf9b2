import type { ErrorCode } from '@parley/shared';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { translator, type TextValues } from './i18n/index.js';

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
    /**
     * The catalogue entry `message` was made from, so the answer can be given in the caller's
     * language; without it, other languages get the code's general message (`error.code.<code>`).
     */
    readonly text?: ErrorText,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorText {
  key: string;
  values?: TextValues;
}

const en = translator('en');

/** An error whose message comes from the i18n catalogue (`error.<name>`), in English here. */
function keyed(
  status: number,
  code: ErrorCode,
  name: string,
  values?: TextValues,
  details?: ErrorDetail[],
  retryAfterSeconds?: number,
): AppError {
  const key = `error.${name}`;
  return new AppError(status, code, en.t(key, values), details, retryAfterSeconds, { key, values });
}

/** Catalogue text for the default wording, a caller's own (English-only) wording otherwise. */
function keyedOr(status: number, code: ErrorCode, name: string, message: string | undefined): AppError {
  return message === undefined ? keyed(status, code, name) : new AppError(status, code, message);
}

/** The catalogue: every error the API answers with is made here, so codes and wording stay consistent. */
export const Errors = {
  validation: (details: ErrorDetail[], message?: string) =>
    message === undefined
      ? keyed(400, 'validation_failed', 'validation', undefined, details)
      : new AppError(400, 'validation_failed', message, details),
  invalidJson: () => keyed(400, 'invalid_json', 'invalidJson'),
  payloadTooLarge: (what?: string) =>
    what === undefined
      ? keyed(413, 'payload_too_large', 'payloadTooLarge')
      : what === 'The file'
        ? keyed(413, 'payload_too_large', 'fileTooLargeUpload')
        : what === 'The upload'
          ? keyed(413, 'payload_too_large', 'uploadTooLarge')
          : new AppError(413, 'payload_too_large', `${what} is too large`),
  unsupportedMediaType: (expected: string) =>
    keyed(415, 'unsupported_media_type', 'unsupportedMediaType', { expected }),
  invalidMultipart: (reason: string) => keyed(400, 'invalid_multipart', 'invalidMultipart', { reason }),
  authenticationRequired: () => keyed(401, 'authentication_required', 'authenticationRequired'),
  invalidCredentials: (message?: string) =>
    keyedOr(401, 'invalid_credentials', 'invalidCredentials', message),
  csrfFailed: () => keyed(403, 'csrf_failed', 'csrfFailed'),
  foreignOrigin: (publicUrl: string) => keyed(403, 'csrf_failed', 'foreignOrigin', { publicUrl }),
  forbidden: (message?: string) =>
    message === 'Only administrators can do this'
      ? keyed(403, 'forbidden', 'adminOnly')
      : keyedOr(403, 'forbidden', 'forbidden', message),
  missingScope: (scope: 'read' | 'write' | 'admin') =>
    keyed(403, 'insufficient_scope', 'missingScope', { scope }),
  resetLinkInvalid: () => keyed(404, 'not_found', 'resetLinkInvalid'),
  accountDeactivated: () => keyed(403, 'account_deactivated', 'accountDeactivated'),
  notFound: (what?: string) =>
    what === undefined
      ? keyed(404, 'not_found', 'notFound')
      : what === 'That file'
        ? keyed(404, 'not_found', 'fileNotFound')
        : what === 'The user'
          ? keyed(404, 'not_found', 'userNotFound')
          : new AppError(404, 'not_found', `${what} does not exist`),
  conflict: (message: string) => new AppError(409, 'conflict', message),
  setupAlreadyDone: () => keyed(409, 'setup_already_done', 'setupAlreadyDone'),
  setupRequired: () => keyed(409, 'setup_required', 'setupRequired'),
  registrationClosed: () => keyed(403, 'registration_closed', 'registrationClosed'),
  usernameTaken: (username: string) => keyed(409, 'username_taken', 'usernameTaken', { username }),
  roomNotFound: () => keyed(404, 'not_found', 'roomNotFound'),
  messageNotFound: () => keyed(404, 'not_found', 'messageNotFound'),
  roomNameTaken: (name: string) => keyed(409, 'room_name_taken', 'roomNameTaken', { name }),
  roomArchived: () => keyed(409, 'room_archived', 'roomArchived'),
  unknownCommand: (name: string, known: string[]) =>
    keyed(400, 'unknown_command', 'unknownCommand', {
      name,
      known: known.map((k) => `/${k}`).join(', '),
    }),
  meetingsNotConfigured: () => keyed(409, 'meetings_not_configured', 'meetingsNotConfigured'),
  callNotFound: () => keyed(404, 'not_found', 'callNotFound'),
  callsDisabled: (what: string) => keyed(403, 'calls_disabled', 'callsDisabled', { what }),
  callEnded: () => keyed(409, 'call_ended', 'callEnded'),
  /** /providers/me and the like for someone who is not a provider. */
  notAProvider: () => keyed(404, 'not_found', 'notAProvider'),
  /** Missing, or not one of the caller's (the same answer, so ids reveal nothing). */
  consultationNotFound: () => keyed(404, 'not_found', 'consultationNotFound'),
  /** Someone else holds or booked an overlapping time (the database refused the claim). */
  slotTaken: () => keyed(409, 'slot_taken', 'slotTaken'),
  /** A time that is not one of the provider's free slots (outside hours, too soon, past the horizon). */
  slotUnavailable: (message: string) => new AppError(422, 'slot_unavailable', message),
  /** The consultation is not in a state that allows this (e.g. confirming an expired hold). */
  consultationState: (message: string) => new AppError(409, 'consultation_state', message),
  /** Joining before the window opens or after it closes. */
  joinWindowClosed: (message: string) => new AppError(409, 'join_window_closed', message),
  /** The meeting requires end-to-end encryption and the joining browser said it cannot encrypt. */
  e2eeUnsupported: () => keyed(422, 'e2ee_unsupported', 'e2eeUnsupported'),
  webhookUnauthorized: (message: string) => new AppError(401, 'webhook_unauthorized', message),
  /** OIDC back-channel logout (the answer its specification asks for: 400 with an error). */
  invalidLogoutToken: (message: string) => new AppError(400, 'invalid_logout_token', message),
  rateLimited: (retryAfterSeconds: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return keyed(429, 'rate_limited', 'rateLimited', { seconds }, undefined, seconds);
  },
  invalidImage: () => keyed(400, 'invalid_image', 'invalidImage'),
  /** Password sign-in is off and this account is not a break-glass administrator. */
  passwordSignInDisabled: () => keyed(403, 'password_sign_in_disabled', 'passwordSignInDisabled'),
  /** A wrong, used or replayed second-factor code or passkey. */
  mfaCodeInvalid: () => keyed(401, 'mfa_code_invalid', 'mfaCodeInvalid'),
  /** The half-done sign-in is gone: expired, finished, or ended after too many wrong codes. */
  mfaSignInExpired: () => keyed(401, 'mfa_sign_in_expired', 'mfaSignInExpired'),
  /** Policy requires a second factor and the grace period is over. */
  mfaSetupRequired: () => keyed(403, 'mfa_setup_required', 'mfaSetupRequired'),
  /** A sensitive change needs a second factor proven in the last few minutes (step-up). */
  mfaRecentRequired: (message?: string) => keyedOr(403, 'mfa_recent_required', 'mfaRecentRequired', message),
  internal: () => keyed(500, 'internal_error', 'internal'),
  // Issue 19, call guests (S1).
  /** A guest link that does not exist or was revoked. */
  guestLinkInvalid: (message?: string) => keyedOr(404, 'guest_link_invalid', 'guestLinkInvalid', message),
  guestLinkExpired: (message?: string) => keyedOr(410, 'guest_link_expired', 'guestLinkExpired', message),
  guestLinkFull: () => keyed(409, 'guest_link_full', 'guestLinkFull'),
  guestPasscodeWrong: () => keyed(403, 'guest_passcode_wrong', 'guestPasscodeWrong'),
  guestsDisabled: () => keyed(403, 'guests_disabled', 'guestsDisabled'),
  // Issue 19, guest sessions (S2).
  /** A guest's session (a personal link) on a route guests may not use. */
  guestNotAllowed: (message?: string) => keyedOr(403, 'guest_not_allowed', 'guestNotAllowed', message),
  // issue 19, public booking (S3)
  /** A booking that only an e-mail can confirm, on a server that sends none. */
  mailNotConfigured: () => keyed(409, 'mail_not_configured', 'mailNotConfigured'),
  // Issue 20, files.
  fileTooLarge: (maxMb: number) => keyed(413, 'file_too_large', 'fileTooLarge', { maxMb }),
  fileTypeNotAllowed: (type: string) => keyed(415, 'file_type_not_allowed', 'fileTypeNotAllowed', { type }),
  quotaExceeded: (quotaMb: number) => keyed(413, 'quota_exceeded', 'quotaExceeded', { quotaMb }),
  /** Uploads named on a send that are not the sender's unsent uploads into this room. */
  attachmentsInvalid: () =>
    keyed(422, 'validation_failed', 'attachmentsInvalid', undefined, [
      { path: 'attachments', message: en.t('error.attachmentsInvalid') },
    ]),
  // Issue 20, reactions and threads.
  reactionLimit: (max: number) => keyed(409, 'reaction_limit', 'reactionLimit', { max }),
  /** A send's `threadId` that is not a live, ordinary message of this room (or is itself a reply). */
  threadRootInvalid: () =>
    keyed(422, 'validation_failed', 'threadRootInvalid', undefined, [
      { path: 'threadId', message: en.t('error.threadRootInvalid') },
    ]),
  /** Node's own rejections before Fastify sees a request (see plugins/error-handler.ts). */
  requestTimeout: () => keyed(408, 'request_timeout', 'requestTimeout'),
  requestHeaderTooLarge: () => keyed(431, 'request_header_too_large', 'requestHeaderTooLarge'),
  badRequest: () => keyed(400, 'bad_request', 'badRequest'),
  // Issue 21, Web Push.
  /** A push endpoint the server will not send to (not https:, unresolvable, or on a private address). */
  pushEndpointRefused: (reason: string) =>
    new AppError(400, 'push_endpoint_refused', `This push endpoint cannot be used: ${reason}`),
  /** The VAPID keys were sealed under a SECRET_KEY this server does not have. */
  pushUnavailable: () => keyed(503, 'push_unavailable', 'pushUnavailable'),
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
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => keyed(400, 'validation_failed', 'contentLength', undefined, []),
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
    return keyed(
      400,
      'validation_failed',
      'validationOf',
      {
        context: err.validationContext ?? 'request',
        details: details.map((d) => `${d.path}: ${d.message}`).join('; '),
      },
      details,
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
  if (code === 'FST_ERR_BAD_URL') return keyed(400, 'validation_failed', 'malformedUrl', undefined, []);
  if (status && status >= 400 && status < 500) {
    return new AppError(status, 'validation_failed', (err as Error).message);
  }
  // A backstop for input the schemas let through but PostgreSQL cannot hold (a NUL character,
  // a number beyond its column): the client's input, so a 400, not a 500.
  if (typeof code === 'string' && UNSTORABLE_PG_CODES.has(code)) {
    return keyed(400, 'validation_failed', 'unstorable', undefined, []);
  }
  return null;
}

/** invalid_byte_sequence (NUL in text), untranslatable_character, numeric_value_out_of_range. */
const UNSTORABLE_PG_CODES = new Set(['22021', '22P05', '22003']);
