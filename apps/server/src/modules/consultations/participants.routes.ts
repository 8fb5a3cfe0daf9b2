import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConsultationParticipantResponseSchema,
  ConsultationParticipantsResponseSchema,
  ParticipantConsentRequestSchema,
  ProposeParticipantRequestSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { requireUser } from '../../plugins/auth-guards.js';
import { ConsultationIdParamsSchema, ParticipantParamsSchema } from './consultations.schema.js';

const tags = ['consultations'];

async function actorOf(request: FastifyRequest): Promise<{ id: string }> {
  return { id: (await requireUser(request)).user.id };
}

/**
 * Third participants in a consultation (issue 19): proposed by either party, let in by the client
 * alone, removed by the client (or withdrawn by the provider before consent). Anyone but the two
 * parties gets 404.
 */
export const participantsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { participants } = app.services.consultations;

  app.get(
    '/consultations/:id/participants',
    {
      // Guests (issue 19): a guest client decides about participants like any client.
      config: { guests: true },
      schema: {
        tags,
        summary: 'Third participants of a consultation of mine (removed ones too), for its two parties',
        params: ConsultationIdParamsSchema,
        response: { 200: ConsultationParticipantsResponseSchema },
      },
    },
    async (request) => ({
      participants: await participants.list(await actorOf(request), request.params.id),
    }),
  );

  app.post(
    '/consultations/:id/participants',
    {
      config: { guests: true, rateLimit: RATE_LIMITS.participantChange },
      schema: {
        tags,
        summary:
          'Either party proposes a third participant by name (and e-mail); a client proposing consents at once and gets the invite. 409 consultation_state unless scheduled or active',
        params: ConsultationIdParamsSchema,
        body: ProposeParticipantRequestSchema,
        response: { 201: ConsultationParticipantResponseSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await participants.propose(await actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/consultations/:id/participants/:pid/consent',
    {
      config: { guests: true, rateLimit: RATE_LIMITS.participantChange },
      schema: {
        tags,
        summary:
          'The client lets a proposed participant in ({ chat }: whether they read the chat); their personal link is e-mailed when possible and returned. Again: a new link and chat choice. 403 for the provider',
        params: ParticipantParamsSchema,
        body: ParticipantConsentRequestSchema.nullish(),
        response: { 200: ConsultationParticipantResponseSchema },
      },
    },
    async (request) =>
      participants.consent(await actorOf(request), request.params.id, request.params.pid, request.body ?? {}),
  );

  app.delete(
    '/consultations/:id/participants/:pid',
    {
      config: { guests: true, rateLimit: RATE_LIMITS.participantChange },
      schema: {
        tags,
        summary:
          'The client removes a participant (their link and sessions end); the provider may only withdraw someone not yet consented to (403 after)',
        params: ParticipantParamsSchema,
        response: { 200: ConsultationParticipantResponseSchema },
      },
    },
    async (request) => participants.remove(await actorOf(request), request.params.id, request.params.pid),
  );
};
