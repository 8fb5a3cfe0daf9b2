import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CancelConsultationRequestSchema,
  ConsultationResponseSchema,
  ConsultationsQuerySchema,
  ConsultationsResponseSchema,
  CreateConsultationRequestSchema,
  isLocale,
  ProposeRequestSchema,
  RescheduleRequestSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { negotiatedLocale } from '../../i18n/index.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { requireUser } from '../../plugins/auth-guards.js';
import type { BookingActor } from './consultation-changes.js';
import { ConsultationIdParamsSchema, SlotUnavailableSchema } from './consultations.schema.js';

const tags = ['consultations'];

async function actorOf(request: FastifyRequest): Promise<BookingActor> {
  const { user } = await requireUser(request);
  return {
    id: user.id,
    displayName: user.display_name,
    locale: isLocale(user.locale) ? user.locale : negotiatedLocale(request.headers['accept-language']),
  };
}

/** Booking consultations: hold, confirm, propose, accept/decline, cancel, reschedule, lists, calendar files. */
export const consultationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { booking, proposals, queries, guestClients } = app.services.consultations;

  app.post(
    '/consultations',
    {
      config: { rateLimit: RATE_LIMITS.consultationCreate },
      schema: {
        tags,
        summary:
          'Hold a free slot ({ providerId, start }: held for a few minutes until confirmed), or as a provider propose a session to a client ({ clientId, start }, start may be `now`: the next 5-minute mark) or to someone without an account ({ guest: { name, email }, start }: they get a personal link, in `invite`); 409 slot_taken, 422 slot_unavailable',
        body: CreateConsultationRequestSchema,
        response: {
          200: ConsultationResponseSchema.describe(
            'The client repeated a live hold of theirs on the same slot: the same hold, unchanged',
          ),
          201: ConsultationResponseSchema,
          422: SlotUnavailableSchema,
        },
      },
    },
    async (request, reply) => {
      if (request.body.guest !== undefined) {
        return reply.status(201).send(await guestClients.offer(await actorOf(request), request.body));
      }
      const { consultation, created } = await booking.book(await actorOf(request), request.body);
      return reply.status(created ? 201 : 200).send({ consultation });
    },
  );

  app.get(
    '/consultations',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary: 'My consultations, as client or provider, by status (comma-separated) and upcoming/past',
        querystring: ConsultationsQuerySchema,
        response: { 200: ConsultationsResponseSchema },
      },
    },
    async (request) => ({ consultations: await queries.list(await actorOf(request), request.query) }),
  );

  app.get(
    '/consultations/:id',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary:
          'A consultation of mine, with its chat room and history (404 for anyone else, admins included)',
        params: ConsultationIdParamsSchema,
        response: { 200: ConsultationResponseSchema },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      const consultation = await queries.get(actor, request.params.id);
      // Who opened which consultation and when (admins see this, never the chat).
      await app.services.consultations.session.logAccess(
        consultation.id,
        actor.id,
        consultation.role,
        'view',
      );
      return { consultation };
    },
  );

  const actions = {
    confirm: {
      summary: 'The client confirms a hold: it is scheduled and its chat room is made',
      run: (actor: BookingActor, id: string) => booking.confirm(actor, id),
    },
    accept: {
      summary:
        "The client accepts the provider's proposal (a new session, or a new time for a scheduled one)",
      run: (actor: BookingActor, id: string) => proposals.accept(actor, id),
    },
    decline: {
      summary:
        "The client declines the provider's proposal (a new session is canceled; a new time is dropped)",
      run: (actor: BookingActor, id: string) => proposals.decline(actor, id),
    },
  };
  for (const [action, { summary, run }] of Object.entries(actions)) {
    app.post(
      `/consultations/:id/${action}`,
      {
        // Guests (issue 19): a guest client's consultation page.
        config: { guests: true },
        schema: {
          tags,
          summary,
          params: ConsultationIdParamsSchema,
          response: { 200: ConsultationResponseSchema, 422: SlotUnavailableSchema },
        },
      },
      async (request) => ({
        consultation: await run(await actorOf(request), request.params.id),
      }),
    );
  }

  app.post(
    '/consultations/:id/cancel',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary:
          'Either party cancels before the start (late_canceled inside the late-cancellation window); the time is free again',
        params: ConsultationIdParamsSchema,
        body: CancelConsultationRequestSchema.nullish(),
        response: { 200: ConsultationResponseSchema },
      },
    },
    async (request) => ({
      consultation: await booking.cancel(await actorOf(request), request.params.id, request.body?.reason),
    }),
  );

  app.post(
    '/consultations/:id/reschedule',
    {
      config: { rateLimit: RATE_LIMITS.consultationChange },
      schema: {
        tags,
        summary:
          'Either party moves a scheduled consultation to another free slot before it starts (same id)',
        params: ConsultationIdParamsSchema,
        body: RescheduleRequestSchema,
        response: { 200: ConsultationResponseSchema, 422: SlotUnavailableSchema },
      },
    },
    async (request) => ({
      consultation: await booking.reschedule(await actorOf(request), request.params.id, request.body.start),
    }),
  );

  app.post(
    '/consultations/:id/propose',
    {
      config: { rateLimit: RATE_LIMITS.consultationChange },
      schema: {
        tags,
        summary:
          'The provider proposes a new time for a scheduled consultation; it is kept for the client to answer',
        params: ConsultationIdParamsSchema,
        body: ProposeRequestSchema,
        response: { 200: ConsultationResponseSchema, 422: SlotUnavailableSchema },
      },
    },
    async (request) => ({
      consultation: await proposals.propose(await actorOf(request), request.params.id, request.body.start),
    }),
  );

  app.get(
    '/consultations/:id/calendar.ics',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary: 'The calendar file (text/calendar, RFC 5545) of a scheduled consultation',
        params: ConsultationIdParamsSchema,
        response: { 200: z.string().describe('An iCalendar file with one VEVENT') },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const ics = await queries.calendar(actor, request.params.id);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-language', actor.locale ?? 'en')
        .header('content-disposition', `attachment; filename="consultation-${request.params.id}.ics"`)
        .send(ics);
    },
  );
};
