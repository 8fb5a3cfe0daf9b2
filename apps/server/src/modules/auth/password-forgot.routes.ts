import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PasswordForgotRequestSchema } from '@parley/shared';
import type { Config } from '../../config.js';
import { requireTrustedOrigin } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { NoContentSchema } from './auth.schema.js';

/** "Forgot password?": the same 202 for every request; the e-mail, if any, goes out after it. */
export const passwordForgotRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { passwordForgot } = app.services;

    app.post(
      '/auth/password-forgot',
      {
        config: { public: true, rateLimit: RATE_LIMITS.passwordForgot },
        schema: {
          tags: ['auth'],
          summary:
            'Ask for a password-reset link by e-mail (valid 1 h, once); always 202 with no body, whether or not the account exists',
          body: PasswordForgotRequestSchema,
          response: { 202: NoContentSchema.optional() },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        passwordForgot.request(request.body);
        return reply.status(202).send(undefined);
      },
    );
  };
