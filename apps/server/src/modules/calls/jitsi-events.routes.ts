import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebhookRequest } from '../../meetings/meeting-provider.js';

/** Jitsi's posts are small; anything bigger is not one. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * Jitsi tells Parley who really joined: jitsi-contrib `event_sync` (a shared bearer secret) at
 * `/jitsi/events` and below it (`event_sync` appends `/events/room/created` and so on), and JaaS
 * (signed, with a timestamp bounding replays) at `/jitsi/jaas-webhook`. Events about a consultation's
 * room go to the consultation's session, all others to calls. Both answer 200 for an
 * event applied, repeated (same idempotency key), about a room Parley does not know or about another
 * tenant's meeting (`[other]room`, JaaS `otherApp/room`: ignored), so Jitsi does not retry forever; 401 for a bad credential; 400 for a malformed body.
 */
export const jitsiEventsRoutes: FastifyPluginAsync = async (app) => {
  const { calls, meetings, consultations } = app.services;

  // Signatures are over the exact bytes received: keep the body raw in this plugin's scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  const handle =
    (channel: WebhookRequest['channel']) => async (request: FastifyRequest<{ Params: { '*'?: string } }>) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const event = await meetings.parseWebhook({
        channel,
        path: eventSyncPath(request.params['*']),
        headers: request.headers,
        rawBody,
        now: app.services.clock.now().getTime(),
        log: request.log,
      });
      // A consultation's room is named by its id; every other room is a call's.
      const outcome = !event
        ? 'ignored'
        : (await consultations.session.ownsRoom(event.roomName))
          ? await consultations.session.providerEvent(event)
          : await calls.attendance.providerEvent(event);
      request.log.info({ channel, type: event?.type ?? 'other', outcome }, 'jitsi event');
      return { ok: true, outcome };
    };

  const schema = { tags: ['calls'], hide: false };
  app.post(
    '/jitsi/events',
    { schema: { ...schema, summary: 'jitsi-contrib event_sync posts (bearer secret)' } },
    handle('event_sync'),
  );
  app.post(
    '/jitsi/events/*',
    { schema: { ...schema, summary: 'event_sync posts below its api_prefix' } },
    handle('event_sync'),
  );
  app.post('/jitsi/jaas-webhook', { schema: { ...schema, summary: 'Signed JaaS webhooks' } }, handle('jaas'));
};

/**
 * event_sync appends `/events/room/created` (and so on) to its `api_prefix`. Both
 * `…/api/v1/jitsi/events` and `…/api/v1/jitsi` as the prefix arrive here: the second as
 * `/jitsi/events/room/created`, so the missing `events/` is put back.
 */
function eventSyncPath(rest: string | undefined): string {
  const path = (rest ?? '').replace(/^\/+/, '');
  return path === '' || path.startsWith('events/') ? `/${path}` : `/events/${path}`;
}
