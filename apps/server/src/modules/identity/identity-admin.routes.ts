import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdentityProviderCreateRequestSchema,
  IdentityProviderListSchema,
  IdentityProviderResponseSchema,
  IdentityProviderUpdateRequestSchema,
  LinkedIdentityListSchema,
  RedirectSchema,
} from '@parley/shared';
import type { Config } from '../../config.js';
import { Errors } from '../../errors.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import {
  requireAdmin,
  requireRecentSecondFactor,
  requireSession,
  requireUser,
} from '../../plugins/auth-guards.js';
import { OIDC_BROWSER_COOKIE, setOidcBrowserCookie } from './oidc-cookie.js';
import { OidcFailure } from './oidc-client.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ProviderIdParams = z.object({ providerId: z.string().min(1).max(64) });

/** Administration → Sign-in (the providers) and the profile's linked accounts. */
export const identityAdminRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { identity } = app.services;
    const write = { rateLimit: RATE_LIMITS.identityChange };

    app.get(
      '/admin/identity-providers',
      {
        schema: {
          tags: ['admin'],
          summary: 'The identity providers (client secrets appear only as { set })',
          response: { 200: IdentityProviderListSchema },
        },
      },
      async (request) => {
        await requireAdmin(request);
        return { providers: await identity.providers.list() };
      },
    );

    app.post(
      '/admin/identity-providers',
      {
        config: write,
        schema: {
          tags: ['admin'],
          summary: 'Add an identity provider; needs a recent second factor',
          body: IdentityProviderCreateRequestSchema,
          response: { 201: IdentityProviderResponseSchema },
        },
      },
      async (request, reply) => {
        await requireAdmin(request);
        await requireRecentSecondFactor(request);
        return reply.status(201).send({ provider: await identity.providers.create(request.body) });
      },
    );

    app.get(
      '/admin/identity-providers/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'One identity provider',
          params: IdParams,
          response: { 200: IdentityProviderResponseSchema },
        },
      },
      async (request) => {
        await requireAdmin(request);
        return { provider: await identity.providers.get(request.params.id) };
      },
    );

    app.patch(
      '/admin/identity-providers/:id',
      {
        config: write,
        schema: {
          tags: ['admin'],
          summary: 'Change an identity provider (no clientSecret keeps it); needs a recent second factor',
          params: IdParams,
          body: IdentityProviderUpdateRequestSchema,
          response: { 200: IdentityProviderResponseSchema },
        },
      },
      async (request) => {
        await requireAdmin(request);
        await requireRecentSecondFactor(request);
        return { provider: await identity.providers.update(request.params.id, request.body) };
      },
    );

    app.delete(
      '/admin/identity-providers/:id',
      {
        config: write,
        schema: {
          tags: ['admin'],
          summary: 'Remove an identity provider and its links; needs a recent second factor',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await requireAdmin(request);
        await requireRecentSecondFactor(request);
        await identity.providers.delete(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/identities',
      {
        schema: {
          tags: ['me'],
          summary: 'The accounts at identity providers linked to mine',
          response: { 200: LinkedIdentityListSchema },
        },
      },
      async (request) => {
        const principal = await requireUser(request);
        return { identities: await identity.linked.list(principal.user.id) };
      },
    );

    app.delete(
      '/me/identities/:id',
      {
        config: write,
        schema: {
          tags: ['me'],
          summary: 'Unlink an account (409 when it is the last way to sign in)',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await identity.linked.unlink(await requireSession(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/identities/:providerId/link',
      {
        config: write,
        schema: {
          tags: ['me'],
          summary: 'Where to send the browser to link an account at this provider',
          params: ProviderIdParams,
          response: { 200: RedirectSchema },
        },
      },
      async (request, reply) => {
        const principal = await requireSession(request);
        try {
          const { url, browserCookie } = await identity.linked.startLink(
            principal,
            request.params.providerId,
            request.cookies[OIDC_BROWSER_COOKIE],
          );
          setOidcBrowserCookie(reply, browserCookie, config);
          return { redirectTo: url };
        } catch (err) {
          if (err instanceof OidcFailure && err.code === 'provider_disabled') {
            throw Errors.notFound('identityProviderNotFound');
          }
          if (err instanceof OidcFailure) {
            throw Errors.conflict('identityProviderUnreachable');
          }
          throw err;
        }
      },
    );
  };
