import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DeviceSessionListSchema } from '@parley/shared';
import { z } from 'zod';
import { requireSession, requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { NoContentSchema } from './auth.schema.js';
import { clearSessionCookies } from './session-cookies.js';

const DeviceSessionParamsSchema = z.strictObject({
  id: z.string().regex(/^[\w-]{1,64}$/, 'Not a session id'),
});

/** The signed-in devices on the profile, and signing one out. */
export const deviceSessionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { devices } = app.services;

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'My signed-in devices (live sessions), newest first, with when and where each was last used',
        response: { 200: DeviceSessionListSchema },
      },
    },
    async (request) => ({ sessions: await devices.list(await requireUser(request)) }),
  );

  app.delete(
    '/me/sessions/:id',
    {
      config: { rateLimit: RATE_LIMITS.sessionEnd },
      schema: {
        tags: ['me'],
        summary:
          'Sign one of my devices out at once (its sockets too); this one signs out like logout; needs a signed-in session',
        params: DeviceSessionParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const { current } = await devices.end(await requireSession(request), request.params.id);
      if (current) clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );
};
