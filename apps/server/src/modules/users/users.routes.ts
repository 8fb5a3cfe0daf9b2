import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminUserCreateRequestSchema,
  AdminUserUpdateRequestSchema,
  PasswordResetCreatedSchema,
  passwordResetLink,
  AVATAR_MAX_BYTES,
  ProfileUpdateRequestSchema,
  UserListSchema,
  UserSearchQuerySchema,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import { parseSingleFileUpload } from '../../lib/multipart.js';
import { requireAdmin, requireUser } from '../../plugins/auth-guards.js';
import { presentAdminUser } from './users.presenter.js';
import {
  AdminUserListSchema,
  AdminUserResponseSchema,
  MeResponseSchema,
  PublicUserResponseSchema,
  UserIdParamsSchema,
} from './users.schema.js';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { users, auth, limits } = app.services;
  /** Profile changes reach everyone who shares a room with the person (and avatars cost a re-encode). */
  const profileChanger = async (request: Parameters<typeof requireUser>[0]) => {
    const { user } = await requireUser(request);
    await limits.take(user.id, 'profileChangesPerHour');
    return user;
  };

  // Only avatar uploads take multipart here. They are small, so the body is buffered whole (with room
  // for the framing) and parsed strictly, which turns every malformed upload into a clear 400.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES + 64 * 1024 },
    (_request, body, done) => done(null, body),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Update display name, email or language',
        body: ProfileUpdateRequestSchema,
        response: { 200: MeResponseSchema },
      },
    },
    async (request) => ({ user: await users.updateProfile(await profileChanger(request), request.body) }),
  );

  app.put(
    '/me/avatar',
    {
      schema: {
        tags: ['me'],
        summary:
          'Upload an avatar (multipart field "avatar": PNG, JPEG, WebP or GIF, at most 2 MB; stored re-encoded as a 256×256 WebP)',
        consumes: ['multipart/form-data'],
        response: { 200: MeResponseSchema },
      },
    },
    async (request) => {
      const user = await profileChanger(request);
      const contentType = request.headers['content-type'] ?? '';
      if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
        throw Errors.unsupportedMediaType('multipart/form-data');
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const file = parseSingleFileUpload(contentType, body);
      if (file.field !== 'avatar') {
        throw Errors.validation([{ path: 'avatar', message: 'Attach the image as the "avatar" field' }]);
      }
      if (file.bytes.length > AVATAR_MAX_BYTES) throw Errors.payloadTooLarge('imageTooLarge');
      return { user: await users.setAvatar(user, file.bytes) };
    },
  );

  app.delete(
    '/me/avatar',
    { schema: { tags: ['me'], summary: 'Remove the avatar', response: { 200: MeResponseSchema } } },
    async (request) => ({ user: await users.removeAvatar(await profileChanger(request)) }),
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Find people by username or display name',
        querystring: UserSearchQuerySchema,
        response: { 200: UserListSchema },
      },
    },
    async (request) => {
      const { user } = await requireUser(request);
      return { users: await users.search(request.query.q, request.query.limit, user.id) };
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One person',
        params: UserIdParamsSchema,
        response: { 200: PublicUserResponseSchema },
      },
    },
    async (request) => {
      const { user } = await requireUser(request);
      return { user: await users.get(request.params.id, user.id) };
    },
  );

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every account (administrators only)',
        response: { 200: AdminUserListSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return { users: await users.listForAdmin() };
    },
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an account with a password (administrators only)',
        body: AdminUserCreateRequestSchema,
        response: { 201: AdminUserResponseSchema },
      },
    },
    async (request, reply) => {
      await requireAdmin(request);
      const user = await auth.createUser(request.body);
      return reply.status(201).send({ user: presentAdminUser(user) });
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Change an account's role, grant or revoke the provider role (a revoked provider is hidden and takes no new bookings; the profile stays), or deactivate/reactivate it (deactivation ends its sessions, tokens and sockets at once)",
        params: UserIdParamsSchema,
        body: AdminUserUpdateRequestSchema,
        response: { 200: AdminUserResponseSchema },
      },
    },
    async (request) => {
      const actor = await requireAdmin(request);
      const row = await auth.changeAccount(actor, request.params.id, request.body);
      return { user: await users.accountChanged(row) };
    },
  );

  app.post(
    '/admin/users/:id/password-reset',
    {
      schema: {
        tags: ['admin'],
        summary: "Make a one-time link (valid 24 h) for the account's owner to choose a new password",
        params: UserIdParamsSchema,
        response: { 201: PasswordResetCreatedSchema },
      },
    },
    async (request, reply) => {
      const actor = await requireAdmin(request);
      const { token, expiresAt } = await auth.createPasswordReset(actor, request.params.id);
      const resetUrl = passwordResetLink(app.config.http.publicUrl, token);
      return reply.status(201).send({ resetUrl, expiresAt });
    },
  );
};
