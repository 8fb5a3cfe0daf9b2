import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminGuestLinksResponseSchema,
  CreateGuestLinkRequestSchema,
  GuestLinkResponseSchema,
  GuestLinksResponseSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { requireAdmin, requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import type { Actor } from '../chat/index.js';
import { presentPublicUser } from '../users/index.js';
import { IdParamsSchema } from './guest-calls.schema.js';

const tags = ['guests'];

async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

/** Call guest links (issue 19): make one from a call, list a room's, revoke, the admin's list. */
export const guestLinksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { links } = app.services.guestCalls;

  app.post(
    '/calls/:id/guest-links',
    {
      config: { rateLimit: RATE_LIMITS.guestLinkChange },
      schema: {
        tags,
        summary:
          "Invite guests: a link (shown once) into whichever call is live in this call's room; the caller and the room's owners and moderators, where the admin allows guests for the room's type (else 403 guests_disabled)",
        params: IdParamsSchema,
        body: CreateGuestLinkRequestSchema.nullish(),
        response: { 201: GuestLinkResponseSchema },
      },
    },
    async (request, reply) => {
      const link = await links.create(await actorOf(request), request.params.id, request.body ?? {});
      return reply.status(201).send({ link });
    },
  );

  app.get(
    '/rooms/:id/guest-links',
    {
      schema: {
        tags,
        summary: "The room's active guest links (not revoked, not expired), for its owners and moderators",
        params: IdParamsSchema,
        response: { 200: GuestLinksResponseSchema },
      },
    },
    async (request) => ({ links: await links.listForRoom(await actorOf(request), request.params.id) }),
  );

  app.delete(
    '/guest-links/:id',
    {
      config: { rateLimit: RATE_LIMITS.guestLinkChange },
      schema: {
        tags,
        summary:
          'Revoke a guest link (its creator, the room’s owners and moderators, administrators): nobody joins through it any more and its guests’ admissions end',
        params: IdParamsSchema,
        response: { 200: GuestLinkResponseSchema },
      },
    },
    async (request) => ({ link: await links.revoke(await actorOf(request), request.params.id) }),
  );

  app.get(
    '/admin/guest-links',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every active call guest link, with its room and creator',
        response: { 200: AdminGuestLinksResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return { links: await links.listAll() };
    },
  );
};
