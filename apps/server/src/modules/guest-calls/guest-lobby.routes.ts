import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  GuestJoinRequestSchema,
  GuestJoinResponseSchema,
  GuestLinkInfoSchema,
  GuestMeetingEventSchema,
  GuestRequestResponseSchema,
  GuestRequestsResponseSchema,
  GuestSessionSchema,
} from '@parley/shared';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../../errors.js';
import { requireUser } from '../../plugins/auth-guards.js';
import { RATE_LIMITS } from '../../plugins/rate-limits.js';
import type { Actor } from '../chat/index.js';
import { presentPublicUser } from '../users/index.js';
import { CallGuestParamsSchema, IdParamsSchema, TokenParamsSchema } from './guest-calls.schema.js';

const tags = ['guests'];

async function actorOf(request: FastifyRequest): Promise<Actor> {
  return presentPublicUser((await requireUser(request)).user);
}

/** The guest's secret from `Authorization: Guest <secret>`; 401 without one. */
function guestSecret(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const secret = header?.startsWith('Guest ') ? header.slice(6).trim() : '';
  if (secret === '' || secret.length > 128) {
    throw Errors.authenticationRequired('guestSecretMissing');
  }
  return secret;
}

/**
 * The call guests' lobby (issue 19): the public guest page's routes (no account, no cookie: the
 * link's token in the path, the guest's secret in the Authorization header) and the members' admit
 * and deny.
 */
export const guestLobbyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lobby } = app.services.guestCalls;

  app.get(
    '/guest/:token',
    {
      // No Parley session: the link's token (and the guest's secret) are the credentials.
      config: { public: true, rateLimit: RATE_LIMITS.guestLinkInfo },
      schema: {
        tags,
        summary:
          'Public: what a guest link opens (workspace, call title, passcode, lobby, whether a call is live); 404 guest_link_invalid, 410 guest_link_expired, 409 guest_link_full, 403 guests_disabled',
        params: TokenParamsSchema,
        response: { 200: GuestLinkInfoSchema },
      },
    },
    async (request) => lobby.info(request.params.token),
  );

  app.post(
    '/guest/:token/join',
    {
      // No Parley session: the link's token (and the guest's secret) are the credentials.
      config: { public: true, rateLimit: RATE_LIMITS.guestJoin },
      schema: {
        tags,
        summary:
          'Public: join the live call as a guest by name (and passcode): waits in the lobby or is admitted at once; answers the guest secret once. 403 guest_passcode_wrong (5 wrong per link per 15 min, then 429), 409 call_ended',
        params: TokenParamsSchema,
        body: GuestJoinRequestSchema,
        response: { 200: GuestJoinResponseSchema },
      },
    },
    async (request) => lobby.join(request.params.token, request.body),
  );

  app.get(
    '/guest/:token/session',
    {
      // No Parley session: the link's token (and the guest's secret) are the credentials.
      config: { public: true, rateLimit: RATE_LIMITS.guestSession },
      schema: {
        tags,
        summary:
          'A guest’s status (Authorization: Guest <secret>): waiting, admitted (with a fresh, short-lived, non-moderator meeting join while the call is live), denied or ended',
        params: TokenParamsSchema,
        response: { 200: GuestSessionSchema },
      },
    },
    async (request) => lobby.session(request.params.token, guestSecret(request)),
  );

  app.post(
    '/guest/:token/events',
    {
      // No Parley session: the link's token (and the guest's secret) are the credentials.
      config: { public: true, rateLimit: RATE_LIMITS.guestReport },
      schema: {
        tags,
        summary: 'What an admitted guest’s embedded meeting saw (joined, left); Jitsi’s own events win',
        params: TokenParamsSchema,
        body: GuestMeetingEventSchema,
        response: { 200: GuestSessionSchema },
      },
    },
    async (request) => lobby.report(request.params.token, guestSecret(request), request.body.type),
  );

  app.get(
    '/calls/:id/guests',
    {
      schema: {
        tags,
        summary: 'Guests waiting in the call’s lobby (members of its room)',
        params: IdParamsSchema,
        response: { 200: GuestRequestsResponseSchema },
      },
    },
    async (request) => ({ guests: await lobby.waiting(await actorOf(request), request.params.id) }),
  );

  for (const decision of ['admit', 'deny'] as const) {
    app.post(
      `/calls/:id/guests/:guestId/${decision}`,
      {
        config: { rateLimit: RATE_LIMITS.guestDecide },
        schema: {
          tags,
          summary: {
            admit: 'Let a waiting guest into the call (people in the call; the first decision wins)',
            deny: 'Turn a waiting guest away (people in the call; the first decision wins)',
          }[decision],
          params: CallGuestParamsSchema,
          response: { 200: GuestRequestResponseSchema },
        },
      },
      async (request) => ({
        guest: await lobby.decide(
          await actorOf(request),
          request.params.id,
          request.params.guestId,
          decision,
        ),
      }),
    );
  }
};
