import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { negotiatedLocale } from '../../i18n/index.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { unsubscribePage } from './digest-mail.js';

const QuerySchema = z.object({ token: z.string().min(1).max(256) });

/**
 * The digest's unsubscribe link, without signing in (the token is signed). GET shows a confirmation
 * form, so a mail scanner that follows links changes nothing; POST (the form, or a mail client's
 * RFC 8058 one-click `List-Unsubscribe=One-Click`) turns the digest off.
 */
export const unsubscribeRoutes: FastifyPluginAsyncZod = async (app) => {
  // The one-click POST is a form body; its content is not needed (the token says who).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, _body, done) =>
    done(null, null),
  );
  const digest = () => app.services.notifications.digest;
  const path = '/notifications/unsubscribe';
  const route = (summary: string) => ({
    config: { public: true, rateLimit: RATE_LIMITS.unsubscribe },
    schema: { tags: ['notifications'], summary, querystring: QuerySchema },
  });
  /** The page, in the visitor's browser language (nobody is signed in here). */
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: 'confirm' | 'done' | 'invalid',
    action = '',
  ) =>
    reply
      .status(state === 'invalid' ? 404 : 200)
      .type('text/html; charset=utf-8')
      .send(unsubscribePage(state, action, negotiatedLocale(request.headers['accept-language'])));

  app.get(
    path,
    route('The unsubscribe link of the e-mail digest: a page asking to confirm (HTML)'),
    async (request, reply) => {
      const { token } = request.query;
      return (digest()?.verify(token) ?? false)
        ? page(request, reply, 'confirm', `/api/v1${path}?token=${token}`)
        : page(request, reply, 'invalid');
    },
  );

  app.post(
    path,
    route('Stop the e-mail digest (RFC 8058 one-click, or the confirmation form); no sign-in needed'),
    async (request, reply) => {
      const done = (await digest()?.unsubscribe(request.query.token)) ?? false;
      return page(request, reply, done ? 'done' : 'invalid');
    },
  );
};
