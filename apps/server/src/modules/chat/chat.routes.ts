import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AddMembersRequestSchema,
  ChangeRoleRequestSchema,
  CommandListSchema,
  CommandRequestSchema,
  CommandResultSchema,
  CreateRoomRequestSchema,
  DirectoryQuerySchema,
  DirectorySchema,
  EditMessageRequestSchema,
  ListMessagesQuerySchema,
  MemberListSchema,
  MessageListSchema,
  MessageResponseSchema,
  ReadRequestSchema,
  ReadStateSchema,
  RoomListSchema,
  RoomResponseSchema,
  SendMessageRequestSchema,
  UpdateRoomRequestSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import type { LimitName } from '../../lib/personal-limits.js';
import { requireUser } from '../../plugins/auth-guards.js';
import { presentPublicUser } from '../users/index.js';
import type { Actor } from './chat.access.js';
import {
  MemberParamsSchema,
  MemberResponseSchema,
  MessageParamsSchema,
  NoContentSchema,
  RoomParamsSchema,
} from './chat.schema.js';

const tags = ['chat'];

/** The signed-in person as chat sees them (identity from the session, never from the body). */
async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

export const chatRoutes: FastifyPluginAsyncZod = async (app) => {
  const { rooms, membership, messages, commands } = app.services.chat;
  const { limits } = app.services;

  /** The signed-in person, once `cost` more of `limit` is within their per-person limit (else 429). */
  const limitedActor = async (request: FastifyRequest, limit: LimitName, cost = 1): Promise<Actor> => {
    const actor = await actorOf(request);
    await limits.take(actor.id, limit, cost);
    return actor;
  };

  app.post(
    '/rooms',
    {
      schema: {
        tags,
        summary: 'Create a room (201), or find the existing DM with the same people (200)',
        body: CreateRoomRequestSchema,
        response: { 200: RoomResponseSchema, 201: RoomResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = await limitedActor(request, 'roomsPerHour');
      const added = new Set(request.body.memberIds ?? []);
      added.delete(actor.id);
      if (added.size > 0) await limits.take(actor.id, 'membersAddedPerHour', added.size);
      const { room, created } = await rooms.create(actor, request.body);
      return reply.status(created ? 201 : 200).send({ room });
    },
  );

  app.get(
    '/rooms',
    {
      // Guests (issue 19): only their consultation's room is theirs.
      config: { guests: true },
      schema: { tags, summary: 'My rooms with unread and mention counts', response: { 200: RoomListSchema } },
    },
    async (request) => ({ rooms: await rooms.listMine((await actorOf(request)).id) }),
  );

  app.get(
    '/rooms/directory',
    {
      schema: {
        tags,
        summary: 'Public channels and teams (and my teams’ channels) to browse and join',
        querystring: DirectoryQuerySchema,
        response: { 200: DirectorySchema },
      },
    },
    async (request) => ({
      rooms: await rooms.directory(await actorOf(request), request.query.q ?? '', request.query.teamId),
    }),
  );

  app.get(
    '/rooms/:id',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: { tags, summary: 'One room', params: RoomParamsSchema, response: { 200: RoomResponseSchema } },
    },
    async (request) => ({ room: await rooms.get(await actorOf(request), request.params.id) }),
  );

  app.patch(
    '/rooms/:id',
    {
      schema: {
        tags,
        summary: 'Rename, set the topic, archive or unarchive',
        params: RoomParamsSchema,
        body: UpdateRoomRequestSchema,
        response: { 200: RoomResponseSchema },
      },
    },
    async (request) => ({
      room: await rooms.update(
        await limitedActor(request, 'roomChangesPerMinute'),
        request.params.id,
        request.body,
      ),
    }),
  );

  app.post(
    '/rooms/:id/join',
    {
      schema: {
        tags,
        summary: 'Join a room I can see',
        params: RoomParamsSchema,
        response: { 200: RoomResponseSchema },
      },
    },
    async (request) => ({
      room: await membership.join(await limitedActor(request, 'roomChangesPerMinute'), request.params.id),
    }),
  );

  app.post(
    '/rooms/:id/leave',
    {
      schema: { tags, summary: 'Leave a room', params: RoomParamsSchema, response: { 204: NoContentSchema } },
    },
    async (request, reply) => {
      await membership.leave(await limitedActor(request, 'roomChangesPerMinute'), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/rooms/:id/members',
    {
      schema: {
        tags,
        summary: 'Members and their roles',
        params: RoomParamsSchema,
        response: { 200: MemberListSchema },
      },
    },
    async (request) => ({ members: await membership.members(await actorOf(request), request.params.id) }),
  );

  app.post(
    '/rooms/:id/members',
    {
      schema: {
        tags,
        summary: 'Add people',
        params: RoomParamsSchema,
        body: AddMembersRequestSchema,
        response: { 200: MemberListSchema },
      },
    },
    async (request) => ({
      members: await membership.addMembers(
        await limitedActor(request, 'membersAddedPerHour', new Set(request.body.userIds).size),
        request.params.id,
        request.body.userIds,
      ),
    }),
  );

  app.patch(
    '/rooms/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (owners)',
        params: MemberParamsSchema,
        body: ChangeRoleRequestSchema,
        response: { 200: MemberResponseSchema },
      },
    },
    async (request) => ({
      member: await membership.setRole(
        await limitedActor(request, 'roomChangesPerMinute'),
        request.params.id,
        request.params.userId,
        request.body.role,
      ),
    }),
  );

  app.delete(
    '/rooms/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member (owners, moderators)',
        params: MemberParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await membership.removeMember(
        await limitedActor(request, 'roomChangesPerMinute'),
        request.params.id,
        request.params.userId,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/rooms/:id/messages',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary: 'Send a message (201); a retried clientMsgId answers 200 with the first one',
        params: RoomParamsSchema,
        body: SendMessageRequestSchema,
        response: { 200: MessageResponseSchema, 201: MessageResponseSchema },
      },
    },
    async (request, reply) => {
      const { message, created } = await messages.send(
        await limitedActor(request, 'messagesPerMinute'),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ message });
    },
  );

  app.get(
    '/rooms/:id/messages',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary:
          'History by seq, oldest first: the newest page, `before` a seq (older), `after` a seq (catch-up), or `around` a seq (half before, half from it on; `hasMore`: older ones remain)',
        params: RoomParamsSchema,
        querystring: ListMessagesQuerySchema,
        response: { 200: MessageListSchema },
      },
    },
    async (request) => messages.list(await actorOf(request), request.params.id, request.query),
  );

  app.patch(
    '/messages/:id',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary: 'Edit a message (author, room moderators and owners, admins)',
        params: MessageParamsSchema,
        body: EditMessageRequestSchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => ({
      message: await messages.edit(
        await limitedActor(request, 'messageChangesPerMinute'),
        request.params.id,
        request.body.text,
      ),
    }),
  );

  app.delete(
    '/messages/:id',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary: 'Delete a message (its text is erased; it shows as "message deleted")',
        params: MessageParamsSchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => ({
      message: await messages.delete(
        await limitedActor(request, 'messageChangesPerMinute'),
        request.params.id,
      ),
    }),
  );

  app.post(
    '/rooms/:id/read',
    {
      // Guests (issue 19): the consultation chat of a guest's consultation (membership still decides).
      config: { guests: true },
      schema: {
        tags,
        summary: 'Mark read up to a seq (synced to my other devices)',
        params: RoomParamsSchema,
        body: ReadRequestSchema,
        response: { 200: ReadStateSchema },
      },
    },
    async (request) => ({
      roomId: request.params.id,
      seq: await membership.markRead(
        await limitedActor(request, 'readMarksPerMinute'),
        request.params.id,
        request.body.seq,
      ),
    }),
  );

  app.post(
    '/rooms/:id/commands',
    {
      schema: {
        tags,
        summary: 'Run a slash command in a room (`/topic`, `/invite`, `/leave`, `/me`)',
        params: RoomParamsSchema,
        body: CommandRequestSchema,
        response: { 200: CommandResultSchema },
      },
    },
    async (request) => {
      // A command posts or changes something in the room (/me, /topic, /invite): counted as a message.
      const actor = await limitedActor(request, 'messagesPerMinute');
      await membership.requireMembership(actor, request.params.id);
      return commands.run(actor, request.params.id, request.body.text, request.body.clientMsgId);
    },
  );

  app.get(
    '/commands',
    { schema: { tags, summary: 'Slash commands, for autocompletion', response: { 200: CommandListSchema } } },
    async (request) => {
      await requireUser(request);
      return { commands: commands.list() };
    },
  );
};
