import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  InstanceInfoSchema,
  LOCALES,
  LoginRequestSchema,
  LoginResponseSchema,
  PasswordChangeRequestSchema,
  PasswordResetCompleteRequestSchema,
  PasswordResetInfoSchema,
  PasswordResetInspectRequestSchema,
  RedirectSchema,
  RegisterRequestSchema,
  SessionResponseSchema,
  SessionStateSchema,
  SetupRequestSchema,
} from '@parley/shared';
import type { Config } from '../../config.js';
import { DEVICE_COOKIE } from '../../lib/device-cookie.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import {
  currentPrincipal,
  requireSession,
  requireTrustedOrigin,
  requireUser,
} from '../../plugins/auth-guards.js';
import { presentMe } from '../users/index.js';
import { MeResponseSchema, NoContentSchema } from './auth.schema.js';
import { secondFactorRoutes } from './second-factor.routes.js';
import { answerSignIn, clearSessionCookies, sessionResponse, setSessionCookies } from './session-cookies.js';

export const authRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { auth, settings } = app.services;
    await app.register(secondFactorRoutes(config));

    app.get(
      '/instance',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Public facts about this instance',
          response: { 200: InstanceInfoSchema },
        },
      },
      async () => {
        const workspace = await settings.get('workspace');
        const security = await settings.get('security');
        return {
          workspaceName: workspace.name,
          needsSetup: await auth.needsSetup(),
          registrationOpen: workspace.registrationOpen,
          passwordSignIn: security.passwordSignIn,
          passwordReset: config.mail.smtpUrl !== null,
          locales: [...LOCALES],
        };
      },
    );

    app.post(
      '/setup',
      {
        config: { public: true, rateLimit: RATE_LIMITS.setup },
        schema: {
          tags: ['auth'],
          summary: 'Create the first administrator (only while none exists)',
          body: SetupRequestSchema,
          response: { 201: SessionResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const session = await auth.setup(request.body, request.headers['user-agent'] ?? null, request.ip);
        setSessionCookies(reply, session, config);
        return reply.status(201).send(sessionResponse(session));
      },
    );

    app.post(
      '/auth/register',
      {
        config: { public: true, rateLimit: RATE_LIMITS.register },
        schema: {
          tags: ['auth'],
          summary: 'Create an account (when registration is open)',
          body: RegisterRequestSchema,
          response: { 201: SessionResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const session = await auth.register(request.body, request.headers['user-agent'] ?? null, request.ip);
        setSessionCookies(reply, session, config);
        return reply.status(201).send(sessionResponse(session));
      },
    );

    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary:
            'Sign in with username and password; sets the session cookie, or answers { mfaRequired, methods } to finish with POST /auth/mfa',
          body: LoginRequestSchema,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const outcome = await auth.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          deviceCookie: request.cookies[DEVICE_COOKIE],
        });
        return answerSignIn(reply, outcome, config);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { guests: true },
        schema: {
          tags: ['auth'],
          summary: 'End this session; signed in through a provider, 200 with where to end its session too',
          response: { 204: NoContentSchema, 200: RedirectSchema },
        },
      },
      async (request, reply) => {
        const principal = await requireUser(request);
        // RP-initiated logout: asked before the session (and with it its provider) is gone.
        const redirectTo = principal.sessionId
          ? await app.services.identity.signIn.logoutRedirect(principal.sessionId)
          : null;
        await auth.logout(principal);
        clearSessionCookies(reply);
        if (redirectTo) return reply.status(200).send({ redirectTo });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/session',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in, or null: the web app asks this on load (no 401 when signed out)',
          response: { 200: SessionStateSchema },
        },
      },
      async (request) => {
        const principal = await currentPrincipal(request);
        return {
          user: principal ? presentMe(principal.user) : null,
          mfaSetup: principal?.mfaSetup ?? null,
        };
      },
    );

    app.get(
      '/me',
      {
        config: { guests: true },
        schema: {
          tags: ['me'],
          summary: 'The signed-in user',
          response: { 200: MeResponseSchema },
        },
      },
      async (request) => ({ user: presentMe((await requireUser(request)).user) }),
    );

    app.post(
      '/me/password',
      {
        config: { rateLimit: RATE_LIMITS.passwordChange },
        schema: {
          tags: ['me'],
          summary: 'Change the password; every other session is signed out',
          body: PasswordChangeRequestSchema,
          response: { 204: NoContentSchema },
        },
      },
      async (request, reply) => {
        const principal = await requireUser(request);
        await auth.changePassword(principal, request.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/sign-out-everywhere',
      {
        schema: {
          tags: ['me'],
          summary: 'End every other session and revoke every API token; needs a signed-in session',
          response: { 204: NoContentSchema },
        },
      },
      async (request, reply) => {
        await auth.signOutEverywhere(await requireSession(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset/inspect',
      {
        config: { public: true, rateLimit: RATE_LIMITS.passwordReset },
        schema: {
          tags: ['auth'],
          summary: 'Who a password-reset link is for, while it is still usable',
          body: PasswordResetInspectRequestSchema,
          response: { 200: PasswordResetInfoSchema },
        },
      },
      async (request) => {
        requireTrustedOrigin(request, config);
        const { user, expiresAt } = await auth.inspectPasswordReset(request.body.token);
        return { username: user.username, displayName: user.display_name, expiresAt };
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: { public: true, rateLimit: RATE_LIMITS.passwordReset },
        schema: {
          tags: ['auth'],
          summary:
            'Choose a new password with a one-time reset link; signs in (or asks for the second factor) and ends other sessions',
          body: PasswordResetCompleteRequestSchema,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const outcome = await auth.completePasswordReset(request.body.token, request.body.newPassword, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        return answerSignIn(reply, outcome, config);
      },
    );
  };
