import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AvailabilitySchema,
  ProviderProfileUpdateSchema,
  ProviderResponseSchema,
  ProvidersQuerySchema,
  ProvidersResponseSchema,
  SlotsQuerySchema,
  SlotsResponseSchema,
} from '@parley/shared';
import { requireUser } from '../../plugins/auth-guards.js';
import { ProviderIdParamsSchema } from './providers.schema.js';

const tags = ['providers'];

/** Finding providers and their free slots; a provider's own profile and hours. */
export const providersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { providers } = app.services.consultations;

  app.get(
    '/providers',
    {
      schema: {
        tags,
        summary: 'Providers taking bookings, by text (name, bio), speciality and language',
        querystring: ProvidersQuerySchema,
        response: { 200: ProvidersResponseSchema },
      },
    },
    async (request) => {
      await requireUser(request);
      return { providers: await providers.list(request.query) };
    },
  );

  app.get(
    '/providers/me',
    {
      schema: {
        tags,
        summary: 'My provider profile (404 when I am not a provider)',
        response: { 200: ProviderResponseSchema },
      },
    },
    async (request) => ({ provider: await providers.me((await requireUser(request)).user.id) }),
  );

  app.put(
    '/providers/me',
    {
      schema: {
        tags,
        summary: 'Update my provider profile: bio, specialities, languages, whether I take new bookings',
        body: ProviderProfileUpdateSchema,
        response: { 200: ProviderResponseSchema },
      },
    },
    async (request) => ({
      provider: await providers.updateMe((await requireUser(request)).user.id, request.body),
    }),
  );

  app.get(
    '/providers/me/availability',
    {
      schema: {
        tags,
        summary:
          'My availability: timezone, weekly hours, date exceptions, session length, buffer, notice, horizon',
        response: { 200: AvailabilitySchema },
      },
    },
    async (request) => providers.availability((await requireUser(request)).user.id),
  );

  app.put(
    '/providers/me/availability',
    {
      schema: {
        tags,
        summary:
          'Replace my availability (the timezone must exist; ranges of one day may touch but not overlap)',
        body: AvailabilitySchema,
        response: { 200: AvailabilitySchema },
      },
    },
    async (request) => providers.setAvailability((await requireUser(request)).user.id, request.body),
  );

  app.get(
    '/providers/:id',
    {
      schema: {
        tags,
        summary: "A provider's public profile (404 for anyone who is not a provider)",
        params: ProviderIdParamsSchema,
        response: { 200: ProviderResponseSchema },
      },
    },
    async (request) => {
      await requireUser(request);
      return { provider: await providers.get(request.params.id) };
    },
  );

  app.get(
    '/providers/:id/slots',
    {
      schema: {
        tags,
        summary: `A provider's free slots between from and to (dates read in tz, or instants; at most 62 days), as UTC instants`,
        params: ProviderIdParamsSchema,
        querystring: SlotsQuerySchema,
        response: { 200: SlotsResponseSchema },
      },
    },
    async (request) => {
      await requireUser(request);
      return providers.slots(request.params.id, request.query);
    },
  );
};
