import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  LoginResponseSchema,
  MfaProofSchema,
  PasskeySignInRequestSchema,
  SessionResponseSchema,
  WebAuthnOptionsSchema,
} from '@parley/shared';
import type { Config } from '../../config.js';
import { DEVICE_COOKIE } from '../../lib/device-cookie.js';
import { requireSession, requireTrustedOrigin } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { NoContentSchema } from './auth.schema.js';
import {
  answerSignIn,
  clearMfaCookie,
  MFA_COOKIE,
  sessionResponse,
  setSessionCookies,
} from './session-cookies.js';

/**
 * Issue 18's sign-in routes: the second step (`parley_mfa` cookie), passwordless passkeys, and
 * step-up (`/me/mfa/verify`) for a signed-in session.
 */
export const secondFactorRoutes =
  (config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const { auth } = app.services;
    const context = (request: {
      ip: string;
      headers: { 'user-agent'?: string | undefined };
      cookies: Record<string, string | undefined>;
    }) => ({
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceCookie: request.cookies[DEVICE_COOKIE],
    });

    app.post(
      '/auth/mfa',
      {
        config: { public: true, rateLimit: RATE_LIMITS.mfaSignIn },
        schema: {
          tags: ['auth'],
          summary:
            'Finish a sign-in that answered { mfaRequired }: a TOTP or recovery code, or a passkey assertion',
          body: MfaProofSchema,
          response: { 200: SessionResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const session = await auth.secondFactor.finish(
          request.cookies[MFA_COOKIE],
          request.body,
          context(request),
        );
        setSessionCookies(reply, session, config);
        clearMfaCookie(reply);
        return sessionResponse(session);
      },
    );

    app.post(
      '/auth/mfa/options',
      {
        config: { public: true, rateLimit: RATE_LIMITS.mfaSignIn },
        schema: {
          tags: ['auth'],
          summary: "WebAuthn request options for the pending sign-in's passkeys",
          response: { 200: WebAuthnOptionsSchema },
        },
      },
      async (request) => {
        requireTrustedOrigin(request, config);
        return auth.secondFactor.options(request.cookies[MFA_COOKIE]);
      },
    );

    app.post(
      '/auth/passkey/options',
      {
        config: { public: true, rateLimit: RATE_LIMITS.mfaSignIn },
        schema: {
          tags: ['auth'],
          summary: 'WebAuthn options to sign in with a passkey and no username (single-use challenge, 5 min)',
          response: { 200: WebAuthnOptionsSchema },
        },
      },
      async (request) => {
        requireTrustedOrigin(request, config);
        return auth.secondFactor.passwordlessOptions();
      },
    );

    app.post(
      '/auth/passkey',
      {
        config: { public: true, rateLimit: RATE_LIMITS.mfaSignIn },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a passkey (user verification required: it counts as both factors)',
          body: PasskeySignInRequestSchema,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request, reply) => {
        requireTrustedOrigin(request, config);
        const outcome = await auth.secondFactor.passwordless(request.body.assertion, context(request));
        return answerSignIn(reply, outcome, config);
      },
    );

    app.post(
      '/me/mfa/verify',
      {
        config: { rateLimit: RATE_LIMITS.mfaVerify },
        schema: {
          tags: ['me'],
          summary:
            'Prove a second factor in this session (step-up): sensitive changes are allowed for 15 minutes',
          body: MfaProofSchema,
          response: { 204: NoContentSchema },
        },
      },
      async (request, reply) => {
        await auth.secondFactor.stepUp(await requireSession(request), request.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/mfa/verify/options',
      {
        config: { rateLimit: RATE_LIMITS.mfaChange },
        schema: {
          tags: ['me'],
          summary: 'WebAuthn request options for step-up with one of my passkeys',
          response: { 200: WebAuthnOptionsSchema },
        },
      },
      async (request) => auth.secondFactor.stepUpOptions(await requireSession(request)),
    );
  };
