import {
  IdSchema,
  NotificationSettingsSchema,
  NotificationSettingsUpdateSchema,
  RoomNotificationsRequestSchema,
  RoomNotificationsSchema,
} from '@parley/shared';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';

const RoomParamsSchema = z.object({ id: IdSchema });

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { notifications } = app.services;

  app.get(
    '/me/notification-settings',
    {
      schema: {
        tags: ['me'],
        summary: 'My notification settings: do not disturb, e-mail for missed messages and calls, previews',
        response: { 200: NotificationSettingsSchema },
      },
    },
    async (request) => notifications.settings.get((await requireUser(request)).user.id),
  );

  app.patch(
    '/me/notification-settings',
    {
      config: { rateLimit: RATE_LIMITS.notificationChange },
      schema: {
        tags: ['me'],
        summary:
          'Change my notification settings (fields left out stay, null clears); my other tabs get `notifications:settings`',
        body: NotificationSettingsUpdateSchema,
        response: { 200: NotificationSettingsSchema },
      },
    },
    async (request) => notifications.settings.update((await requireUser(request)).user.id, request.body),
  );

  app.put(
    '/rooms/:id/notifications',
    {
      config: { rateLimit: RATE_LIMITS.notificationChange },
      schema: {
        tags: ['chat'],
        summary:
          'My notifications for a room: all messages, mentions only or nothing, and muted until a time; my other tabs get `room:notifications`',
        params: RoomParamsSchema,
        body: RoomNotificationsRequestSchema,
        response: { 200: RoomNotificationsSchema },
      },
    },
    async (request) =>
      notifications.settings.setRoom((await requireUser(request)).user.id, request.params.id, request.body),
  );
};
