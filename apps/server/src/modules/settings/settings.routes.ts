import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SettingsResponseSchema } from '@parley/shared';
import { SettingsUpdateBodySchema } from './settings.schema.js';
import { requireAdmin } from '../auth/auth.guards.js';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { settings } = app.services;

  app.get(
    '/admin/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Workspace settings; secrets appear only as { set }',
        response: { 200: SettingsResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return settings.viewWithProblems();
    },
  );

  app.patch(
    '/admin/settings',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Change settings; each section is validated whole and nothing is saved if any part is invalid',
        body: SettingsUpdateBodySchema,
        response: { 200: SettingsResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      await settings.update(request.body);
      return settings.viewWithProblems();
    },
  );
};
