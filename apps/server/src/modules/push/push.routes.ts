import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PushPublicKeySchema,
  PushSubscriptionListSchema,
  PushSubscriptionRequestSchema,
  PushSubscriptionSchema,
} from '@parley/shared';
import { requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { NoContentSchema, PushSubscriptionIdParamsSchema } from './push.schema.js';

export const pushRoutes: FastifyPluginAsyncZod = async (app) => {
  const { push } = app.services;

  app.get(
    '/push/public-key',
    {
      schema: {
        tags: ['push'],
        summary:
          "The server's VAPID public key (RFC 8292, base64url): the applicationServerKey browsers subscribe with; signed-in people only",
        response: { 200: PushPublicKeySchema },
      },
    },
    async (request) => {
      await requireUser(request);
      return push.subscriptions.publicKey();
    },
  );

  app.get(
    '/me/push-subscriptions',
    {
      schema: {
        tags: ['push'],
        summary: 'My devices that receive pushes (endpoints and keys are never listed)',
        response: { 200: PushSubscriptionListSchema },
      },
    },
    async (request) => ({
      subscriptions: await push.subscriptions.list((await requireUser(request)).user.id),
    }),
  );

  app.post(
    '/me/push-subscriptions',
    {
      config: { rateLimit: RATE_LIMITS.pushSubscriptionChange },
      schema: {
        tags: ['push'],
        summary:
          "Receive pushes on this device: the browser's PushSubscription (https: endpoint, not on a private address); the same endpoint again replaces its row",
        body: PushSubscriptionRequestSchema,
        response: { 201: PushSubscriptionSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireUser(request);
      return reply.status(201).send(await push.subscriptions.subscribe(user.id, request.body));
    },
  );

  app.delete(
    '/me/push-subscriptions/:id',
    {
      config: { rateLimit: RATE_LIMITS.pushSubscriptionChange },
      schema: {
        tags: ['push'],
        summary: 'Stop pushes to one of my devices',
        params: PushSubscriptionIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireUser(request);
      await push.subscriptions.remove(user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
