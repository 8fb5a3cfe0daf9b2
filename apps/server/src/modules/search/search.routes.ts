import { SearchQuerySchema, SearchResponseSchema } from '@parley/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth-guards.js';

const tags = ['search'];

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      // Not for guests (no `guests: true`): the default-deny guard answers them 403.
      schema: {
        tags,
        summary:
          'Search messages and attachment names in my rooms, best match first (`from:@user in:#room has:file before: after:` inline)',
        querystring: SearchQuerySchema,
        response: { 200: SearchResponseSchema },
      },
    },
    async (request) => {
      const { user } = await requireUser(request);
      await app.services.limits.take(user.id, 'searchesPerMinute');
      return app.services.search.search(user.id, request.query);
    },
  );
};
