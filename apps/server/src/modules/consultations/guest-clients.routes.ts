import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GuestInviteResponseSchema } from '@parley/shared';
import { requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { ConsultationIdParamsSchema } from './consultations.schema.js';

/** Issue 19: a provider sends their guest client (no account) a fresh personal link. */
export const guestClientsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { guestClients } = app.services.consultations;

  app.post(
    '/consultations/:id/guest-invite',
    {
      config: { rateLimit: RATE_LIMITS.guestInvite },
      schema: {
        tags: ['consultations'],
        summary:
          'The provider sends a client without an account a new personal link (e-mailed again when possible; the old one stops working); 409 when the client has an account',
        params: ConsultationIdParamsSchema,
        response: { 200: GuestInviteResponseSchema },
      },
    },
    async (request) => {
      const { user } = await requireUser(request);
      const invite = await guestClients.reinvite(
        { id: user.id, displayName: user.display_name },
        request.params.id,
      );
      return { invite };
    },
  );
};
