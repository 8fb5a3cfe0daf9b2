import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, Errors, toAppError } from '../errors.js';

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
