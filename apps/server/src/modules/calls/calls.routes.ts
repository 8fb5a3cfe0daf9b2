import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminCallsQuerySchema,
  CallClientEventSchema,
  CallListQuerySchema,
  CallListResponseSchema,
  CallPreviewSchema,
  CallResponseSchema,
  JoinCallRequestSchema,
  JoinCallResponseSchema,
  MyCallsQuerySchema,
  StartCallRequestSchema,
  StartCallResponseSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../../errors.js';
import { requireAdmin, requireUser } from '../../plugins/auth-guards.js';
import type { Actor } from '../chat/index.js';
import { presentPublicUser } from '../users/index.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import { callsCsv } from './calls.csv.js';
import { AdminCallLogResponseSchema, CallIdParamsSchema } from './calls.schema.js';

const tags = ['calls'];

async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

/** A date (`2026-11-23`) or time as an ISO instant; a bare `to` date includes that whole day. */
function instant(value: string | undefined, endOfDay: boolean): string | undefined {
  if (value === undefined) return undefined;
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(bareDate ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw Errors.invalidField('date', 'notADate');
  return new Date(ms + (bareDate && endOfDay ? 86_400_000 : 0)).toISOString();
}

/** At most this many calls in one CSV export. */
const CSV_LIMIT = 10_000;

export const callsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lifecycle: calls, attendance, queries } = app.services.calls;

  app.get(
    '/rooms/:id/calls/preview',
    {
      schema: {
        tags,
        summary: 'Who a call in this room would ring (and the live call, if there is one)',
        params: CallIdParamsSchema,
        response: { 200: CallPreviewSchema },
      },
    },
    async (request) => calls.preview(await actorOf(request), request.params.id),
  );

  app.post(
    '/rooms/:id/calls',
    {
      config: { rateLimit: RATE_LIMITS.callStart },
      schema: {
        tags,
        summary:
          'Start a call (201), or get the ringing or ongoing one (200): one call per room at a time; 422 e2ee_unsupported when a new call would require encryption and the body says this browser cannot encrypt (`e2eeSupported: false`)',
        params: CallIdParamsSchema,
        body: StartCallRequestSchema.optional(),
        response: { 200: StartCallResponseSchema, 201: StartCallResponseSchema },
      },
    },
    async (request, reply) => {
      const { call, created, notRung } = await calls.start(
        await actorOf(request),
        request.params.id,
        request.body?.title ?? '',
        request.body?.e2eeSupported,
      );
      return reply.status(created ? 201 : 200).send({ call, notRung });
    },
  );

  app.get(
    '/rooms/:id/calls',
    {
      schema: {
        tags,
        summary: "The room's call history, newest first",
        params: CallIdParamsSchema,
        querystring: CallListQuerySchema,
        response: { 200: CallListResponseSchema },
      },
    },
    async (request) =>
      queries.listForRoom(
        await actorOf(request),
        request.params.id,
        request.query.before,
        request.query.limit,
      ),
  );

  app.get(
    '/me/calls',
    {
      schema: {
        tags,
        summary: 'My calls: all, incoming, outgoing or missed',
        querystring: MyCallsQuerySchema,
        response: { 200: CallListResponseSchema },
      },
    },
    async (request) =>
      queries.listMine(
        await actorOf(request),
        request.query.direction,
        request.query.before,
        request.query.limit,
      ),
  );

  app.get(
    '/calls/:id',
    {
      schema: { tags, summary: 'A call', params: CallIdParamsSchema, response: { 200: CallResponseSchema } },
    },
    async (request) => ({ call: await queries.get(await actorOf(request), request.params.id) }),
  );

  app.post(
    '/calls/:id/join',
    {
      schema: {
        tags,
        summary: 'A fresh per-user meeting link, token and IFrame options (409 call_ended once over)',
        params: CallIdParamsSchema,
        body: JoinCallRequestSchema.nullish(),
        response: { 200: JoinCallResponseSchema },
      },
    },
    async (request) => attendance.join(await actorOf(request), request.params.id, request.body ?? {}),
  );

  for (const action of ['accept', 'decline', 'cancel', 'end'] as const) {
    app.post(
      `/calls/:id/${action}`,
      {
        schema: {
          tags,
          summary: {
            accept: 'Answer a ringing call (idempotent; stops the ringing on my other devices)',
            decline: 'Decline a ringing call (idempotent)',
            cancel: 'Stop ringing a call I started (idempotent)',
            end: 'End the call for everyone (the caller, room owners and moderators)',
          }[action],
          params: CallIdParamsSchema,
          response: { 200: CallResponseSchema },
        },
      },
      async (request) => ({ call: await calls[action](await actorOf(request), request.params.id) }),
    );
  }

  app.post(
    '/calls/:id/events',
    {
      config: { rateLimit: RATE_LIMITS.callReport },
      schema: {
        tags,
        summary: 'What my embedded meeting saw (joined, left); Jitsi’s own events win when configured',
        params: CallIdParamsSchema,
        body: CallClientEventSchema,
        response: { 200: CallResponseSchema },
      },
    },
    async (request) => ({
      call: await attendance.report(await actorOf(request), request.params.id, request.body),
    }),
  );

  app.get(
    '/admin/calls',
    {
      schema: {
        tags: ['admin'],
        summary: 'The call log, with filters; `format=csv` downloads it',
        querystring: AdminCallsQuerySchema,
        response: { 200: AdminCallLogResponseSchema },
      },
    },
    async (request, reply) => {
      await requireAdmin(request);
      const q = request.query;
      const filters = {
        roomId: q.roomId,
        userId: q.userId,
        status: q.status,
        fromIso: instant(q.from, false),
        toIso: instant(q.to, true),
        before: q.before,
        limit: q.format === 'csv' ? CSV_LIMIT : q.limit,
      };
      const page = await queries.listAll(filters);
      if (q.format !== 'csv') return page;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="parley-calls.csv"')
        .send(callsCsv(page.calls));
    },
  );
};
