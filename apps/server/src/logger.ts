import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * Query parameters that carry credentials and must never reach a log: Jitsi's `?jwt=`, socket/API
 * tokens, and single sign-on's callback (`code`, `state`) and logout hints.
 */
const SECRET_QUERY_PARAMS =
  /([?&](?:jwt|token|access_token|auth|password|code|state|id_token_hint|logout_token)=)[^&#]*/gi;

/**
 * Paths whose segment is a credential (issue 19): a call guest link's token (`/guest/<token>`, the
 * page and its API) and a guest's personal visit link (`/visit/<token>`).
 */
const SECRET_PATH_SEGMENTS = /(\/(?:guest|visit)\/)[^/?#]+/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH_SEGMENTS, '$1[REDACTED]').replace(SECRET_QUERY_PARAMS, '$1[REDACTED]');
}

/** Header names and body keys whose values are credentials. Paths follow pino's redact syntax. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.appSecret',
  '*.jaasPrivateKey',
  '*.secret',
  '*.jwt',
  '*.token',
  '*.secretKey',
  // Single sign-on and second factors.
  '*.clientSecret',
  '*.logout_token',
  '*.recoveryCodes',
  // A meeting's media key (join answers carry it; nothing logs them today, and nothing should).
  '*.e2ee.key',
  '*.e2eeKey',
  '*.e2ee_key',
  // Call guests' secrets (issue 19; sent as "Authorization: Guest <secret>", redacted with the header).
  '*.guestSecret',
  // The S3 store's secret key (issue 20: config.storage.s3), should its settings ever be logged.
  '*.secretAccessKey',
  '*.S3_SECRET_ACCESS_KEY',
];

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string; headers?: Record<string, unknown> }) {
        return { id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
      },
    },
    ...(stream ? { stream } : {}),
  };
}

/** Load balancers poll these every few seconds; logging each would drown everything else. */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One line per finished request (method, redacted URL, status, time), none for health checks at
 * info level. `enabled: false` (LOG_REQUESTS=false) leaves only errors and events.
 */
export function registerRequestLog(app: FastifyInstance, enabled: boolean): void {
  if (!enabled) return;
  app.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const level = QUIET_PATHS.has(path) ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
