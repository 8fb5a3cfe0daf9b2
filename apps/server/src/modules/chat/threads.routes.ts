import {
  ThreadListSchema,
  ThreadQuerySchema,
  ThreadReadRequestSchema,
  ThreadResponseSchema,
  ThreadStateSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth-guards.js';
import { presentPublicUser } from '../users/index.js';
import type { Actor } from './chat.access.js';
import { MessageParamsSchema } from './chat.schema.js';

const tags = ['chat'];

async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

/**
 * Threads (issue 20): replies are sent with `POST /rooms/:id/messages { threadId }`. Members of the
 * root's room only; the same 404 for everyone else. Guests (issue 19): their consultation's chat.
 */
export const threadsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { threads } = app.services.chat;
  const { limits } = app.services;

  const changingActor = async (request: FastifyRequest): Promise<Actor> => {
    const actor = await actorOf(request);
    await limits.take(actor.id, 'threadChangesPerMinute');
    return actor;
  };

  app.get(
    '/messages/:id/thread',
    {
      schema: {
        tags,
        summary:
          'A thread: its root and replies, oldest first (`after` a seq: catch-up); a reply opens its root',
        params: MessageParamsSchema,
        querystring: ThreadQuerySchema,
        response: { 200: ThreadResponseSchema },
      },
    },
    async (request) => threads.thread(await actorOf(request), request.params.id, request.query),
  );

  for (const [method, following] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/messages/:id/thread/follow',
      schema: {
        tags,
        summary: following
          ? 'Follow a thread (its replies count in my unread threads)'
          : 'Unfollow a thread (remembered: replying again does not follow it again)',
        params: MessageParamsSchema,
        response: { 200: ThreadStateSchema },
      },
      handler: async (request) => threads.follow(await changingActor(request), request.params.id, following),
    });
  }

  app.put(
    '/messages/:id/thread/read',
    {
      schema: {
        tags,
        summary: 'Mark a thread read up to a seq (synced to my other devices)',
        params: MessageParamsSchema,
        body: ThreadReadRequestSchema,
        response: { 200: ThreadStateSchema },
      },
    },
    async (request) => threads.read(await changingActor(request), request.params.id, request.body.seq),
  );

  app.get(
    '/threads',
    {
      schema: {
        tags,
        summary: 'Threads I follow, newest reply first, with unread replies and the unread-threads count',
        response: { 200: ThreadListSchema },
      },
    },
    async (request) => threads.list(await actorOf(request)),
  );
};
