import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HealthRepository } from './health.repository.js';
import { LivenessSchema, ReadySchema, UnavailableSchema } from './health.schema.js';

/** Liveness says the process answers; readiness says it can serve (database reachable). */
export const healthRoutes =
  (health: HealthRepository): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      {
        config: { public: true },
        schema: {
          tags: ['health'],
          summary: 'Liveness: the process answers',
          response: { 200: LivenessSchema },
        },
      },
      () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        config: { public: true },
        schema: {
          tags: ['health'],
          summary: 'Readiness: the database is reachable (503 when it is not)',
          response: {
            200: ReadySchema,
            503: UnavailableSchema,
          },
        },
      },
      async (request, reply) => {
        try {
          await health.ping();
          return { status: 'ready' as const, database: health.kind };
        } catch (err) {
          request.log.warn({ err }, 'readiness check failed');
          return reply.status(503).send({ status: 'unavailable' as const, database: health.kind });
        }
      },
    );
  };
