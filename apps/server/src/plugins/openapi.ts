import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { ApiErrorSchema, CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without a signed-in principal (documented with `security: []`). */
    public?: boolean;
  }
}

const errorSchema = z.toJSONSchema(ApiErrorSchema, { target: 'openapi-3.0' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (`validation_failed`, `invalid_json`, …); `details` names the fields',
  401: 'Not signed in (`authentication_required`)',
  403: 'Not allowed: a role, a token scope (`insufficient_scope`), a missing CSRF token / foreign Origin (`csrf_failed`), or a guest’s session outside what guests may use (`guest_not_allowed`)',
  404: 'No such thing, or not yours to see (`not_found`)',
  409: 'Conflicts with the current state (`conflict`, `username_taken`, …)',
  413: 'The body is too large (`payload_too_large`)',
  415: 'Wrong Content-Type (`unsupported_media_type`)',
  429: 'Too many attempts (`rate_limited`); see `Retry-After`',
};

type RouteSchema = Record<string, unknown> & { response?: Record<string, unknown>; body?: unknown };

/**
 * Every operation documents its error answers (the one error shape), public ones say so with
 * `security: []`, and the rest accept a session cookie with the CSRF header, or a bearer token.
 */
function documentErrors(input: Parameters<typeof jsonSchemaTransform>[0]) {
  const result = jsonSchemaTransform(input);
  const schema = result.schema as RouteSchema;
  const route = input.route as {
    config?: { public?: boolean; rateLimit?: unknown };
    method: string | string[];
  };
  const isPublic = route.config?.public === true;
  const methods = ([] as string[]).concat(route.method);
  const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  const codes = [
    400,
    ...(isPublic ? [] : [401, 403]),
    ...(isPublic && writes ? [403] : []),
    404,
    ...(writes ? [409, 413, 415] : []),
    ...(route.config?.rateLimit || input.url === '/api/v1/auth/login' ? [429] : []),
  ];
  const response: Record<string, unknown> = { ...(schema.response ?? {}) };
  for (const code of codes) {
    response[code] ??= { description: ERROR_DESCRIPTIONS[code], ...errorSchema };
  }
  return {
    ...result,
    schema: { ...schema, response, ...(isPublic ? { security: [] } : {}) },
  };
}

/** The OpenAPI document is generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Parley',
        version,
        description:
          'The HTTP API of Parley: team chat and private consultations with Jitsi Meet calls.\n\n' +
          `**Authentication.** Browsers use the \`${SESSION_COOKIE}\` cookie set by sign-in, and send the session's ` +
          `CSRF token in the \`${CSRF_HEADER}\` header on every write (it is in the sign-in answer and the ` +
          "`parley_csrf` cookie); cookie writes must also come from Parley's own origin. Integrations send " +
          '`Authorization: Bearer prl_…` with a personal API token, whose scopes (`read`, `write`, `admin`) limit ' +
          'what it may do. Operations marked with no security are public.\n\n' +
          '**Errors** always look like `{ "error": { "code": "…", "message": "…", "details"?: [...] } }`.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'The browser session, set by sign-in, setup, registration or a password reset.',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description:
              'Required with the session cookie on writes (POST, PUT, PATCH, DELETE): the `csrfToken` of the session.',
          },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A personal API token (`prl_…`), created on the profile page; scopes read, write, admin.',
          },
        },
      },
      security: [{ session: [], csrf: [] }, { bearer: [] }],
      tags: [
        { name: 'auth', description: 'Setup, sign-in, registration, password resets' },
        { name: 'me', description: 'The signed-in person: profile, password, tokens' },
        { name: 'users', description: 'Finding people' },
        { name: 'admin', description: 'Administrators only (tokens need the admin scope)' },
        { name: 'health', description: 'For load balancers and monitoring' },
        { name: 'search', description: 'Searching the messages of my rooms (issue 20)' },
        {
          name: 'notifications',
          description:
            'Issue 21: the e-mail digest’s unsubscribe link (no sign-in; my settings are under `me`)',
        },
        {
          name: 'push',
          description: 'Web Push: the server key and my devices that receive pushes (issue 21)',
        },
      ],
    },
    transform: documentErrors,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', theme: { title: 'Parley API' } });
}
