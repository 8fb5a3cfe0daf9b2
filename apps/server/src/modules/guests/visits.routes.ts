import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ClaimAccountRequestSchema,
  MeSchema,
  VisitInfoSchema,
  VisitSessionResponseSchema,
} from '@parley/shared';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { currentPrincipal, requireTrustedOrigin, requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { sessionResponse, setSessionCookies } from '../auth/index.js';
import { presentMe } from '../users/index.js';

/** Any string up to a sane length: a wrong token is a 404 like a revoked one, never a 400 telling them apart. */
const TokenParamsSchema = z.strictObject({ token: z.string().min(1).max(200) });

/**
 * Personal links (issue 19): `GET /visit/:token` says what the link opens, `POST /visit/:token/session`
 * signs its guest in (the session cookie and CSRF token of any session), `POST /me/claim` turns a guest
 * into an account holder.
 */
export const visitsRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { visits } = app.services.guests;
    const tags = ['guests'];

    app.get(
      '/visit/:token',
      {
        config: { public: true, rateLimit: RATE_LIMITS.visit },
        schema: {
          tags,
          summary:
            'What a personal link opens (workspace, guest, provider, time); 404 guest_link_invalid, 410 guest_link_expired',
          params: TokenParamsSchema,
          response: { 200: VisitInfoSchema },
        },
      },
      async (request) => visits.info(request.params.token),
    );

    app.post(
      '/visit/:token/session',
      {
        config: { public: true, rateLimit: RATE_LIMITS.visitSession },
        schema: {
          tags,
          summary:
            "Sign in as the link's guest (session cookie, CSRF token); a browser signed in as someone else is signed out first",
          params: TokenParamsSchema,
          response: { 200: VisitSessionResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config, { strict: true });
        const { session } = await visits.startSession(request.params.token, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          current: await currentPrincipal(request),
        });
        setSessionCookies(reply, session, config);
        return sessionResponse(session);
      },
    );

    app.post(
      '/me/claim',
      {
        config: { guests: true, rateLimit: RATE_LIMITS.claimAccount },
        schema: {
          tags: ['me'],
          summary:
            'A guest turns their link into an account (username, password, optional e-mail) and keeps their consultations; 409 username_taken',
          body: ClaimAccountRequestSchema,
          response: { 200: z.object({ user: MeSchema }) },
        },
      },
      async (request) => {
        const principal = await requireUser(request);
        return { user: presentMe(await visits.claim(principal, request.body)) };
      },
    );
  };
