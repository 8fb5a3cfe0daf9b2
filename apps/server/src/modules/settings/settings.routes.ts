import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SettingsUpdateRequestSchema, SettingsViewSchema } from '@parley/shared';
import { z } from 'zod';
import { requireAdmin } from '../../plugins/auth.js';

const SettingsResponseSchema = z.object({ settings: SettingsViewSchema });

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { settings } = app.services;

  app.get(
    '/admin/settings',
    { schema: { tags: ['admin'], summary: 'Workspace settings; secrets appear only as { set }', response: { 200: SettingsResponseSchema } } },
    async (request) => {
      await requireAdmin(request);
      return { settings: await settings.view() };
    },
  );

  app.patch(
    '/admin/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change settings; each section is validated whole and nothing is saved if any part is invalid',
        body: SettingsUpdateRequestSchema,
        response: { 200: SettingsResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return { settings: await settings.update(request.body) };
    },
  );
};
