import { EmojiSchema, MessageResponseSchema } from '@parley/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth-guards.js';
import { presentPublicUser } from '../users/index.js';
import { MessageParamsSchema } from './chat.schema.js';

const tags = ['chat'];

/** `/messages/:id/reactions/:emoji`: the emoji is the path's last segment, percent-encoded. */
const ReactionParamsSchema = MessageParamsSchema.extend({ emoji: EmojiSchema });

/** Reactions (issue 20): members of the message's room; the same 404 for everyone else. */
export const reactionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { reactions } = app.services.chat;
  const { limits } = app.services;

  for (const [method, add] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/messages/:id/reactions/:emoji',
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary: add
          ? 'React to a message with one emoji (idempotent)'
          : 'Take back my reaction with this emoji (idempotent)',
        params: ReactionParamsSchema,
        response: { 200: MessageResponseSchema },
      },
      handler: async (request) => {
        const actor = presentPublicUser((await requireUser(request)).user);
        await limits.take(actor.id, 'reactionsPerMinute');
        return { message: await reactions.set(actor, request.params.id, request.params.emoji, add) };
      },
    });
  }
};
