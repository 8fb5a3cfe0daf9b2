import type { ErrorCode, Locale } from '@parley/shared';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { formatUtc, translator, type TextValues } from './i18n/index.js';
import type enCatalogue from './i18n/locales/en.json';

/**
 * One field's problem. Most carry only the English `message`; one a client should word itself also
 * carries a `code` with `values`, and `cause`, the coded problem behind it (ErrorDetailSchema).
 */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
  values?: Record<string, string | number>;
  cause?: { message: string; code?: string; values?: Record<string, string | number> };
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
  /** Instants (ms) filled in as `08:50 UTC on 1 December 2026`, in the language answered in. */
  instants?: Record<string, number>;
}

/** An error's catalogue message in `locale`, its values and instants filled in. */
export function errorText({ key, values, instants }: ErrorText, locale: Locale): string {
  const times = Object.fromEntries(
    Object.entries(instants ?? {}).map(([name, ms]) => [name, formatUtc(ms, locale)]),
  );
  return translator(locale).t(key, { ...values, ...times });
}

const en = translator('en');

/**
 * An error's message in `locale` (issue 21), for HTTP answers and socket acks alike. Codes never
 * change. English is the message as made; other languages translate the catalogue entry it came
 * from, or, for an error made outside the catalogue (a framework's own 4xx), give the code's general
 * message (`error.code.<code>`).
 */
export function localizedMessage(appError: AppError, locale: Locale): string {
  if (locale === 'en') return appError.message;
  if (appError.text) return errorText(appError.text, locale);
  const t = translator(locale);
  const general = `error.code.${appError.code}`;
  return t.has(general) ? t.t(general) : appError.message;
}

/**
 * The name of an error message in the catalogue: a key under `error` in en.json (the `code` group of
 * general messages excluded), so a misspelt name does not compile.
 */
export type ErrorName = Exclude<keyof (typeof enCatalogue)['error'], 'code'>;

/** A catalogue message and the values it is filled in with, for helpers that say what is wrong. */
export interface ErrorMessage {
  name: ErrorName;
  values?: TextValues;
}

/** An error whose message comes from the i18n catalogue (`error.<name>`), in English here. */
function keyed(
  status: number,
  code: ErrorCode,
  name: ErrorName,
  values?: TextValues,
  details?: ErrorDetail[],
  retryAfterSeconds?: number,
  instants?: Record<string, number>,
): AppError {
  const text = { key: `error.${name}`, values, instants };
  return new AppError(status, code, errorText(text, 'en'), details, retryAfterSeconds, text);
}

/**
 * The catalogue: every error the API answers with is made here, so codes and wording stay consistent.
 * Helpers that take a `name` (and `values`) say which catalogue message (`error.<name>`) to answer
 * with, so every caller gets it in their own language.
 */
export const Errors = {
  validation: (details: ErrorDetail[], name: ErrorName = 'validation', values?: TextValues) =>
    keyed(400, 'validation_failed', name, values, details),
  /** One field's problem: the message is both the answer and the field's detail. */
  invalidField: (path: string, name: ErrorName, values?: TextValues) =>
    keyed(400, 'validation_failed', name, values, [{ path, message: en.t(`error.${name}`, values) }]),
  invalidJson: () => keyed(400, 'invalid_json', 'invalidJson'),
  /** `name`: what is too large (`fileTooLargeUpload`, `uploadTooLarge`, `imageTooLarge`). */
  payloadTooLarge: (name: ErrorName = 'payloadTooLarge') => keyed(413, 'payload_too_large', name),
  unsupportedMediaType: (expected: string) =>
    keyed(415, 'unsupported_media_type', 'unsupportedMediaType', { expected }),
  /**
   * Broken multipart framing: `name` says how (`multipartNoBoundary`, …); a parser's own complaint
   * (English, from the library) goes in as `invalidMultipart` with `{ reason }`.
   */
  invalidMultipart: (name: ErrorName, values?: TextValues) => keyed(400, 'invalid_multipart', name, values),
  authenticationRequired: (name: ErrorName = 'authenticationRequired') =>
    keyed(401, 'authentication_required', name),
  invalidCredentials: (name: ErrorName = 'invalidCredentials') => keyed(401, 'invalid_credentials', name),
  csrfFailed: () => keyed(403, 'csrf_failed', 'csrfFailed'),
  foreignOrigin: (publicUrl: string) => keyed(403, 'csrf_failed', 'foreignOrigin', { publicUrl }),
  forbidden: (name: ErrorName = 'forbidden', values?: TextValues) => keyed(403, 'forbidden', name, values),
  missingScope: (scope: 'read' | 'write' | 'admin') =>
    keyed(403, 'insufficient_scope', 'missingScope', { scope }),
  resetLinkInvalid: () => keyed(404, 'not_found', 'resetLinkInvalid'),
  accountDeactivated: () => keyed(403, 'account_deactivated', 'accountDeactivated'),
  /** `name`: what does not exist (`userNotFound`, `fileNotFound`, …). */
  notFound: (name: ErrorName = 'notFound', values?: TextValues) => keyed(404, 'not_found', name, values),
  conflict: (name: ErrorName, values?: TextValues) => keyed(409, 'conflict', name, values),
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
  /** `type`: the kind of room (`direct`, `channel`, …) calls are off in. */
  callsDisabled: (type: string) => keyed(403, 'calls_disabled', 'callsDisabled', { type }),
  callEnded: () => keyed(409, 'call_ended', 'callEnded'),
  /** /providers/me and the like for someone who is not a provider. */
  notAProvider: () => keyed(404, 'not_found', 'notAProvider'),
  /** Missing, or not one of the caller's (the same answer, so ids reveal nothing). */
  consultationNotFound: () => keyed(404, 'not_found', 'consultationNotFound'),
  /** Someone else holds or booked an overlapping time (the database refused the claim). */
  slotTaken: () => keyed(409, 'slot_taken', 'slotTaken'),
  /** A time that is not one of the provider's free slots (outside hours, too soon, past the horizon). */
  slotUnavailable: (name: ErrorName, values?: TextValues) => keyed(422, 'slot_unavailable', name, values),
  /** The consultation is not in a state that allows this (e.g. confirming an expired hold). */
  consultationState: (name: ErrorName, values?: TextValues) => keyed(409, 'consultation_state', name, values),
  /** Joining before the window opens or after it closes. */
  joinWindowClosed: (name: ErrorName, values: TextValues, instants: Record<string, number>) =>
    keyed(409, 'join_window_closed', name, values, undefined, undefined, instants),
  /** The meeting requires end-to-end encryption and the joining browser said it cannot encrypt. */
  e2eeUnsupported: () => keyed(422, 'e2ee_unsupported', 'e2eeUnsupported'),
  webhookUnauthorized: (name: ErrorName, values?: TextValues) =>
    keyed(401, 'webhook_unauthorized', name, values),
  /** OIDC back-channel logout (the answer its specification asks for: 400 with an error). */
  invalidLogoutToken: (name: ErrorName) => keyed(400, 'invalid_logout_token', name),
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
  mfaRecentRequired: () => keyed(403, 'mfa_recent_required', 'mfaRecentRequired'),
  internal: () => keyed(500, 'internal_error', 'internal'),
  // Issue 19, call guests (S1).
  /** A guest link that does not exist or was revoked. */
  guestLinkInvalid: () => keyed(404, 'guest_link_invalid', 'guestLinkInvalid'),
  guestLinkExpired: () => keyed(410, 'guest_link_expired', 'guestLinkExpired'),
  guestLinkFull: () => keyed(409, 'guest_link_full', 'guestLinkFull'),
  guestPasscodeWrong: () => keyed(403, 'guest_passcode_wrong', 'guestPasscodeWrong'),
  guestsDisabled: () => keyed(403, 'guests_disabled', 'guestsDisabled'),
  // Issue 19, guest sessions (S2).
  /** A guest's session (a personal link) on a route guests may not use. */
  guestNotAllowed: () => keyed(403, 'guest_not_allowed', 'guestNotAllowed'),
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
  /**
   * A push endpoint the server will not send to (not https:, unresolvable, or on a private address);
   * `name` says why (`pushEndpointNotUrl`, …).
   */
  pushEndpointRefused: (name: ErrorName, values?: TextValues) =>
    keyed(400, 'push_endpoint_refused', name, values),
  /** The VAPID keys were sealed under a SECRET_KEY this server does not have. */
  pushUnavailable: () => keyed(503, 'push_unavailable', 'pushUnavailable'),
} as const;

/** Fastify's own error codes for bad requests, mapped onto the catalogue. */
const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: Errors.invalidJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.invalidJson,
  FST_ERR_CTP_BODY_TOO_LARGE: () => Errors.payloadTooLarge(),
  FST_REQ_FILE_TOO_LARGE: () => Errors.payloadTooLarge('fileTooLargeUpload'),
  FST_PARTS_LIMIT: () => Errors.payloadTooLarge('uploadTooLarge'),
  FST_FILES_LIMIT: () => Errors.payloadTooLarge('uploadTooLarge'),
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
    return Errors.notFound('fileNotFound');
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
