import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthProvidersSchema } from '@parley/shared';
import type { Config } from '../../config.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { setMfaPendingCookie, setSessionCookies } from '../auth/index.js';
import { failurePage, OIDC_BROWSER_COOKIE, setOidcBrowserCookie } from './oidc-cookie.js';
import { OidcFailure } from './oidc-client.js';
import { safeReturnTo } from './oidc-sign-in.service.js';

const ProviderParams = z.object({ id: z.string().min(1).max(64) });
const Redirect = z.null().describe('302 to the provider or back to the web app');

/** Strings only: a repeated parameter counts as its first value. */
const firstValues = (query: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).flatMap(([key, value]) => {
      const first = Array.isArray(value) ? (value as unknown[])[0] : value;
      return typeof first === 'string' ? [[key, first]] : [];
    }),
  );

/** The public half of single sign-on: the buttons, the redirect to the provider and back, its logout. */
export const identityRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { identity } = app.services;

    // Back-channel logout posts a form; this plugin's routes are the only ones that take one.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 32 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    app.get(
      '/auth/providers',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'The identity providers people may sign in with (the "Sign in with …" buttons)',
          response: { 200: AuthProvidersSchema },
        },
      },
      async () => ({ providers: await identity.providers.listPublic() }),
    );

    app.get(
      '/auth/oidc/:id/start',
      {
        config: { public: true, rateLimit: RATE_LIMITS.oidcStart },
        schema: {
          tags: ['auth'],
          summary: 'Start single sign-on: 302 to the provider (code flow with PKCE S256, state, nonce)',
          params: ProviderParams,
          querystring: z.looseObject({ returnTo: z.string().max(512).optional() }),
          response: { 302: Redirect },
        },
      },
      async (request, reply) => {
        try {
          const { url, browserCookie } = await identity.signIn.start(request.params.id, {
            purpose: 'sign-in',
            userId: null,
            returnTo: safeReturnTo(request.query.returnTo, '/'),
            browserCookie: request.cookies[OIDC_BROWSER_COOKIE],
          });
          setOidcBrowserCookie(reply, browserCookie, config);
          return reply.redirect(url, 302);
        } catch (err) {
          if (!(err instanceof OidcFailure)) throw err;
          return reply.redirect(failurePage('sign-in', err.code), 302);
        }
      },
    );

    app.get(
      '/auth/oidc/:id/callback',
      {
        config: { public: true, rateLimit: RATE_LIMITS.oidcCallback },
        schema: {
          tags: ['auth'],
          summary: 'Where the provider sends the browser back; signs in (or links) and redirects',
          params: ProviderParams,
          response: { 302: Redirect },
        },
      },
      async (request, reply) => {
        const result = await identity.signIn.callback(
          request.params.id,
          firstValues(request.query),
          request.cookies[OIDC_BROWSER_COOKIE],
          { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        );
        reply.header('cache-control', 'no-store');
        if (result.kind === 'failed') return reply.redirect(failurePage(result.purpose, result.error), 302);
        if (result.kind === 'linked') return reply.redirect(result.returnTo, 302);
        if ('challenge' in result.outcome) {
          setMfaPendingCookie(reply, result.outcome.challenge, config);
          // The page goes on to `returnTo` once the second factor is in (it checks the path again).
          const next =
            result.returnTo === '/'
              ? ''
              : `?${new URLSearchParams({ returnTo: result.returnTo }).toString()}`;
          return reply.redirect(`/login/mfa${next}`, 302);
        }
        setSessionCookies(reply, result.outcome.session, config);
        return reply.redirect(result.returnTo, 302);
      },
    );

    app.post(
      '/auth/oidc/:id/backchannel-logout',
      {
        config: { public: true, rateLimit: RATE_LIMITS.backchannelLogout },
        schema: {
          tags: ['auth'],
          summary: 'OIDC back-channel logout: the provider ends sessions and sockets (form logout_token)',
          params: ProviderParams,
          consumes: ['application/x-www-form-urlencoded'],
          response: { 200: z.null() },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        reply.header('cache-control', 'no-store');
        await identity.logout.logout(request.params.id, body.logout_token);
        return reply.status(200).send(null);
      },
    );
  };
