import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Locale } from '@parley/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, Errors, localizedMessage, toAppError } from '../errors.js';
import { localeOf, negotiatedLocale } from '../i18n/index.js';
import { currentPrincipal } from './auth-guards.js';

export { localizedMessage };

/**
 * The answer's body (issue 21): the message in `locale` (see `localizedMessage`); details from the
 * catalogue follow the message, details from schema validation (zod) stay as the schema wrote them.
 */
export function errorBody(appError: AppError, locale: Locale = 'en') {
  const message = localizedMessage(appError, locale);
  const details = appError.details?.map((d) =>
    d.message === appError.message && message !== appError.message ? { ...d, message } : d,
  );
  return {
    error: {
      code: appError.code,
      message,
      ...(details?.length ? { details } : {}),
    },
  };
}

/** The signed-in person's chosen language, if the request carries credentials and they chose one. */
async function signedInLocale(request: FastifyRequest): Promise<string | null> {
  return (await currentPrincipal(request))?.user.locale ?? null;
}

/** Errors Fastify raises before routing (a malformed URL): the same shape, never its own. */
export function answerFrameworkError(err: Error, reply: FastifyReply): void {
  const appError = toAppError(err) ?? Errors.validation([]);
  const locale = negotiatedLocale(reply.request.headers['accept-language']);
  void reply.status(appError.status).header('content-language', locale).send(errorBody(appError, locale));
}

/**
 * Requests Node rejects before Fastify sees them (malformed framing, headers too large, a body that
 * never finishes) get the same error shape as everything else, written straight to the socket.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, appError] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, Errors.requestTimeout()]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, Errors.requestHeaderTooLarge()]
        : [400, Errors.badRequest()];
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
  app.setErrorHandler(async (err, request, reply) => {
    const known = isResponseSerializationError(err)
      ? null
      : toAppError(err, request.routeOptions.schema?.consumes);
    const appError = known ?? Errors.internal();
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    if (appError.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(appError.retryAfterSeconds));
    }
    const locale = await localeOf(request, signedInLocale);
    return reply.status(appError.status).header('content-language', locale).send(errorBody(appError, locale));
  });
}
