import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  JitsiCheckResponseSchema,
  JitsiReachabilityResponseSchema,
  SettingsResponseSchema,
} from '@parley/shared';
import { SettingsUpdateBodySchema } from './settings.schema.js';
import { JitsiCheckService } from './jitsi-check.service.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { requireAdmin, requireRecentSecondFactor } from '../../plugins/auth-guards.js';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { settings } = app.services;
  const jitsiCheck = new JitsiCheckService({ settings });

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
      const actor = await requireAdmin(request);
      // Who must prove a second factor and how people sign in: a recent second factor first.
      if (request.body.security) await requireRecentSecondFactor(request);
      await settings.update(request.body, actor.user.id);
      return settings.viewWithProblems();
    },
  );

  app.get(
    '/admin/settings/jitsi/check',
    {
      schema: {
        tags: ['admin'],
        summary:
          'What the stored Jitsi settings produce: problems, warnings, a sample token (decoded, unsigned) and the docker-jitsi-meet environment (secret masked)',
        response: { 200: JitsiCheckResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return jitsiCheck.check();
    },
  );

  app.post(
    '/admin/settings/jitsi/reachability',
    {
      config: { rateLimit: RATE_LIMITS.jitsiReachability },
      schema: {
        tags: ['admin'],
        summary:
          "Fetches the Jitsi domain's external_api.js from the server (3 s timeout, no redirect to another host, 10 a minute) and says whether it is reachable or, briefly, why not",
        response: { 200: JitsiReachabilityResponseSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return jitsiCheck.reachability();
    },
  );
};
