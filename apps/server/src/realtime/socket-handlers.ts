import type { AckResult, ClientToServerEvents, Locale } from '@parley/shared';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { AppError, Errors, localizedMessage, toAppError } from '../errors.js';

/** Who sent an event: always from the handshake (the session or token), never from the payload. */
export interface SocketContext {
  userId: string;
  username: string;
  sessionId: string | null;
  tokenId: string | null;
  /** An API token's scopes; null for browser sessions. */
  scopes: ('read' | 'write' | 'admin')[] | null;
  /** This connection (presence is per socket: each tab or device counts). */
  socketId: string;
  /**
   * The language acks answer errors in, fixed at the handshake: the person's `users.locale`, else the
   * handshake's `Accept-Language`, else English (guests: `Accept-Language`).
   */
  locale: Locale;
  log: FastifyBaseLogger;
}

/** A validated handler: takes the raw event arguments (payload, then ack) and answers the ack. */
export type SocketHandler = (context: SocketContext, args: unknown[]) => Promise<void>;

/** One module's client → server events (`<feature>.socket.ts` exports one of these). */
export type SocketModule = Partial<Record<keyof ClientToServerEvents, SocketHandler>>;

/** An error ack, its message in the socket's language (as HTTP answers are in the caller's). */
const failure = (error: AppError, locale: Locale): AckResult<never> => ({
  ok: false,
  error: { code: error.code, message: localizedMessage(error, locale) },
});

/**
 * Wraps an event handler: validates the payload with `schema` (events without a payload use
 * `z.undefined()`), runs `fn` with the sender's context, and answers the ack with the result or with
 * an error from the catalogue. Unexpected errors are logged and answered as `internal_error`; a
 * missing ack is allowed (fire-and-forget events), a non-function one is ignored.
 */
export function handle<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, context: SocketContext) => T | Promise<T>,
  /** `write` for events that change stored data: a socket opened with a read-only token may not. */
  { needs = 'read' }: { needs?: 'read' | 'write' } = {},
): SocketHandler {
  return async (context, args) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (result: AckResult<T>) => void) : null;
    const payload = ack ? args.slice(0, -1) : args;
    const answer = (result: AckResult<T>) => ack?.(result);
    const fail = (error: AppError) => answer(failure(error, context.locale));
    if (context.scopes && !context.scopes.includes(needs)) return fail(Errors.missingScope(needs));
    if (payload.length > 1) return fail(Errors.validation([], 'payloadOneObject'));
    const parsed = schema.safeParse(payload[0]);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({
        path: i.path.join('.') || 'payload',
        message: i.message,
      }));
      return fail(
        Errors.validation(details, 'payloadInvalid', {
          details: details.map((d) => `${d.path}: ${d.message}`).join('; '),
        }),
      );
    }
    try {
      answer({ ok: true, data: await fn(parsed.data, context) });
    } catch (err) {
      const known = toAppError(err);
      if (!known || known.status >= 500) context.log.error({ err }, 'socket event failed');
      fail(known && known.status < 500 ? known : Errors.internal());
    }
  };
}
