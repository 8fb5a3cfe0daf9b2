import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AccessLogQuerySchema,
  AccessLogResponseSchema,
  ConsultationEventRequestSchema,
  ConsultationEventResponseSchema,
  ConsultationResponseSchema,
  EraseChatResponseSchema,
  FeedbackListQuerySchema,
  FeedbackListResponseSchema,
  FeedbackRequestSchema,
  JoinConsultationRequestSchema,
  JoinConsultationResponseSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { requireAdmin, requireUser } from '../../plugins/auth-guards.js';
import type { Actor } from '../chat/index.js';
import { presentPublicUser } from '../users/index.js';
import { ConsultationIdParamsSchema } from './consultations.schema.js';

const tags = ['consultations'];

async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

/**
 * A consultation's session: joining its meeting, what the browsers saw, the client's erasure of the
 * chat, feedback, and the admins' access log. Identity comes from the session; anyone but the
 * consultation's client and provider gets 404, administrators included.
 */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { session, records } = app.services.consultations;

  app.post(
    '/consultations/:id/join',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary:
          'A meeting token and IFrame options for its client or provider inside the join window (409 join_window_closed outside it)',
        params: ConsultationIdParamsSchema,
        body: JoinConsultationRequestSchema.optional(),
        response: { 200: JoinConsultationResponseSchema },
      },
    },
    async (request) => session.join(await actorOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/consultations/:id/events',
    {
      config: { guests: true, rateLimit: RATE_LIMITS.consultationReport },
      schema: {
        tags,
        summary:
          "What my embedded meeting saw (my joining, leaving, camera and microphone; the other party's joining and leaving)",
        params: ConsultationIdParamsSchema,
        body: ConsultationEventRequestSchema,
        response: { 200: ConsultationEventResponseSchema },
      },
    },
    async (request) => session.report(await actorOf(request), request.params.id, request.body.type),
  );

  app.delete(
    '/consultations/:id/messages',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary: "The client erases the consultation's chat for good (403 for the provider)",
        params: ConsultationIdParamsSchema,
        response: { 200: EraseChatResponseSchema },
      },
    },
    async (request) => records.eraseChat(await actorOf(request), request.params.id),
  );

  app.post(
    '/consultations/:id/feedback',
    {
      // Guests (issue 19): a guest client's consultation page.
      config: { guests: true },
      schema: {
        tags,
        summary: 'Short feedback after the session (rating 1–5, needs addressed, comment), once per person',
        params: ConsultationIdParamsSchema,
        body: FeedbackRequestSchema,
        response: { 201: ConsultationResponseSchema },
      },
    },
    async (request, reply) => {
      const consultation = await records.feedback(await actorOf(request), request.params.id, request.body);
      return reply.status(201).send({ consultation });
    },
  );

  app.get(
    '/admin/consultations/access-log',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Who opened which consultation and when (never the chat), newest first; by consultation, person, provider, client and date',
        querystring: AccessLogQuerySchema,
        response: { 200: AccessLogResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return records.accessLog(request.query);
    },
  );

  app.get(
    '/admin/consultations/feedback',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Feedback given after consultations, newest first, by provider and date; clients appear only under their nickname',
        querystring: FeedbackListQuerySchema,
        response: { 200: FeedbackListResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return records.feedbackList(request.query);
    },
  );
};
