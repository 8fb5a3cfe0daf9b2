import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, Errors } from '../errors.js';

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

export function errorBody(appError: AppError) {
  return {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details?.length ? { details: appError.details } : {}),
    },
  };
}

/** Errors Fastify raises before routing (a malformed URL): the same shape, never its own. */
export function answerFrameworkError(err: Error, reply: FastifyReply): void {
  const appError = toAppError(err) ?? Errors.validation([], 'The request is not valid');
  void reply.status(appError.status).send(errorBody(appError));
}

/**
 * Requests Node rejects before Fastify sees them (malformed framing, headers too large, a body that
 * never finishes) get the same error shape as everything else, written straight to the socket.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, appError] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, new AppError(408, 'request_timeout', 'The request took too long to arrive')]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, new AppError(431, 'request_header_too_large', 'The request headers are too large')]
        : [400, new AppError(400, 'bad_request', 'The request is not valid HTTP')];
  const body = JSON.stringify(errorBody(appError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const known = isResponseSerializationError(err)
      ? null
      : toAppError(err, request.routeOptions.schema?.consumes);
    const appError = known ?? Errors.internal();
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    if (appError.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(appError.retryAfterSeconds));
    }
    return reply.status(appError.status).send(errorBody(appError));
  });
}
