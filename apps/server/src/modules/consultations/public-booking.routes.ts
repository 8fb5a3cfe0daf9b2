import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PublicHoldRequestSchema,
  PublicHoldResponseSchema,
  PublicProviderResponseSchema,
  SlotsQuerySchema,
  SlotsResponseSchema,
} from '@parley/shared';
import { negotiatedLocale } from '../../i18n/index.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { ProviderIdParamsSchema } from '../providers/index.js';
import { BookHandleParamsSchema, SlotUnavailableSchema } from './consultations.schema.js';

const tags = ['consultations'];

/**
 * A provider's public booking page (issue 19): public routes, no session. 404 while the admin's
 * `guests.publicBooking` or the provider's own switch is off.
 */
export const publicBookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { publicBooking } = app.services.consultations;

  app.get(
    '/book/:handle',
    {
      config: { public: true, rateLimit: RATE_LIMITS.publicBookingRead },
      schema: {
        tags,
        summary:
          "A provider's public booking page (public; handle = their username); `bookable` is false without e-mail. 404 when public booking is off",
        params: BookHandleParamsSchema,
        response: { 200: PublicProviderResponseSchema },
      },
    },
    async (request) => ({ provider: await publicBooking.page(request.params.handle) }),
  );

  app.get(
    '/book/:handle/slots',
    {
      config: { public: true, rateLimit: RATE_LIMITS.publicBookingRead },
      schema: {
        tags,
        summary:
          "A public booking page's free slots between from and to (public; the same slots a signed-in client sees)",
        params: BookHandleParamsSchema,
        querystring: SlotsQuerySchema,
        response: { 200: SlotsResponseSchema },
      },
    },
    async (request) => publicBooking.slots(request.params.handle, request.query),
  );

  app.post(
    '/providers/:id/public-holds',
    {
      config: { public: true, rateLimit: RATE_LIMITS.publicHold },
      schema: {
        tags,
        summary:
          'A visitor of a public booking page holds a free slot (public): 202, and an e-mail with the link that confirms it before heldUntil. 409 slot_taken or mail_not_configured, 422 slot_unavailable, 429 past 3 holds an hour for one e-mail address',
        params: ProviderIdParamsSchema,
        body: PublicHoldRequestSchema,
        response: { 202: PublicHoldResponseSchema, 422: SlotUnavailableSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await publicBooking.hold(
            request.params.id,
            request.body,
            request.body.locale ?? negotiatedLocale(request.headers['accept-language']),
          ),
        ),
  );
};
