import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiTokenCreatedSchema, ApiTokenCreateRequestSchema } from '@parley/shared';
import { requireRecentSecondFactor, requireSession, requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { NoContentSchema, TokenIdParamsSchema, TokenListSchema } from './tokens.schema.js';

export const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  const { tokens } = app.services;

  app.get(
    '/me/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Personal API tokens (secrets are never listed)',
        response: { 200: TokenListSchema },
      },
    },
    async (request) => ({ tokens: await tokens.list((await requireUser(request)).user.id) }),
  );

  app.post(
    '/me/tokens',
    {
      config: { rateLimit: RATE_LIMITS.tokenCreate },
      schema: {
        tags: ['me'],
        summary:
          'Create a personal API token for integrations (use as "Authorization: Bearer <secret>"); needs a signed-in session',
        body: ApiTokenCreateRequestSchema,
        response: { 201: ApiTokenCreatedSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireSession(request);
      // Minting a credential that skips the second factor needs one proven recently.
      await requireRecentSecondFactor(request);
      return reply
        .status(201)
        .send(await tokens.create(user.id, request.body, { isAdmin: user.role === 'admin' }));
    },
  );

  app.delete(
    '/me/tokens/:id',
    {
      schema: {
        tags: ['me'],
        summary: 'Revoke a personal API token',
        params: TokenIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireUser(request);
      await tokens.revoke(user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
