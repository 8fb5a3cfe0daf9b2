import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MfaFactorCreatedSchema,
  MfaStateSchema,
  PasskeyRegisterRequestSchema,
  RecoveryCodesSchema,
  TotpConfirmRequestSchema,
  TotpSetupSchema,
  WebAuthnOptionsSchema,
  SecurityEventListSchema,
} from '@parley/shared';
import { requireAdmin, requireRecentSecondFactor, requireSession } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { FactorIdParamsSchema, NoContentSchema, UserIdParamsSchema } from './mfa.schema.js';

/** A person's second factors (`/me/mfa…`) and the administrators' reset and record. */
export const mfaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { mfa } = app.services;
  const tags = ['me'];

  app.get(
    '/me/mfa',
    {
      schema: {
        tags,
        summary: 'My second factors and whether policy requires one',
        response: { 200: MfaStateSchema },
      },
    },
    async (request) => {
      const { user } = await requireSession(request);
      return mfa.factors.state(user);
    },
  );

  app.post(
    '/me/mfa/totp',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags,
        summary: 'Start setting up an authenticator app: a new secret (SHA-1, 6 digits, 30 s) to scan',
        response: { 200: TotpSetupSchema },
      },
    },
    async (request) => mfa.factors.startTotp((await requireRecentSecondFactor(request)).user),
  );

  app.post(
    '/me/mfa/totp/confirm',
    {
      config: { rateLimit: RATE_LIMITS.mfaVerify },
      schema: {
        tags,
        summary: 'Confirm the authenticator app with a code; the first factor answers ten recovery codes',
        body: TotpConfirmRequestSchema,
        response: { 200: RecoveryCodesSchema },
      },
    },
    async (request) => {
      const { user } = await requireRecentSecondFactor(request);
      return mfa.factors.confirmTotp(user, request.body.code);
    },
  );

  app.post(
    '/me/mfa/passkeys/options',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags,
        summary: 'WebAuthn options to register a passkey',
        response: { 200: WebAuthnOptionsSchema },
      },
    },
    async (request) =>
      mfa.factors.passkeyRegistrationOptions((await requireRecentSecondFactor(request)).user),
  );

  app.post(
    '/me/mfa/passkeys',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags,
        summary: "Register a passkey from the browser's response; the first factor answers recovery codes",
        body: PasskeyRegisterRequestSchema,
        response: { 201: MfaFactorCreatedSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireRecentSecondFactor(request);
      const created = await mfa.factors.registerPasskey(user, request.body.name, request.body.response);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/me/mfa/recovery-codes',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags,
        summary: 'Ten new recovery codes; the old ones stop working (needs a recent second factor)',
        response: { 200: RecoveryCodesSchema },
      },
    },
    async (request) => mfa.factors.regenerateRecoveryCodes((await requireRecentSecondFactor(request)).user),
  );

  app.delete(
    '/me/mfa/:factorId',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags,
        summary: 'Remove one of my second factors (needs a recent second factor)',
        params: FactorIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const { user } = await requireRecentSecondFactor(request);
      await mfa.factors.removeFactor(user, request.params.factorId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/users/:id/mfa/reset',
    {
      config: { rateLimit: RATE_LIMITS.mfaChange },
      schema: {
        tags: ['admin'],
        summary:
          "Remove someone's second factors and recovery codes and end their sessions (recorded; needs a recent second factor)",
        params: UserIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const actor = await requireAdmin(request);
      await requireRecentSecondFactor(request);
      await mfa.factors.adminReset(actor.user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/users/:id/security-events',
    {
      schema: {
        tags: ['admin'],
        summary: "The record of someone's security changes (factors added and removed, resets), newest first",
        params: UserIdParamsSchema,
        response: { 200: SecurityEventListSchema },
      },
    },
    async (request) => {
      await requireAdmin(request);
      return { events: await mfa.factors.securityEvents(request.params.id) };
    },
  );
};
