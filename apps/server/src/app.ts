import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase, type Db } from './db/database.js';
import { systemClock, type Clock } from './lib/clock.js';
import { StartupError } from './lib/startup-error.js';
import { Sweeper } from './lib/sweeper.js';
import { authenticate } from './lib/principal.js';
import { loggerOptions, registerRequestLog } from './logger.js';
import { authRoutes, deviceSessionsRoutes, passwordForgotRoutes } from './modules/auth/index.js';
import { callsRoutes, jitsiEventsRoutes } from './modules/calls/index.js';
import {
  chatRoutes,
  chatSocket,
  reactionsRoutes,
  threadsRoutes,
  uploadsRoutes,
} from './modules/chat/index.js';
import {
  consultationsRoutes,
  guestClientsRoutes,
  participantsRoutes,
  publicBookingRoutes,
  sessionRoutes,
} from './modules/consultations/index.js';
import { guestLinksRoutes, guestLobbyRoutes } from './modules/guest-calls/index.js';
import { visitsRoutes } from './modules/guests/index.js';
import { HealthRepository, healthRoutes } from './modules/health/index.js';
import { mfaRoutes } from './modules/mfa/index.js';
import { notificationsRoutes, unsubscribeRoutes } from './modules/notifications/index.js';
import { identityAdminRoutes, identityRoutes } from './modules/identity/index.js';
import { providersRoutes } from './modules/providers/index.js';
import { pushRoutes } from './modules/push/index.js';
import { searchRoutes } from './modules/search/index.js';
import { settingsRoutes } from './modules/settings/index.js';
import { tokensRoutes } from './modules/tokens/index.js';
import { avatarsRoutes, usersRoutes, usersSocket } from './modules/users/index.js';
import { Presence } from './realtime/presence.js';
import { answerClientError, answerFrameworkError, registerErrorHandler } from './plugins/error-handler.js';
import { registerGuestGuard } from './plugins/auth-guards.js';
import { registerCompression } from './plugins/compression.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRateLimits } from './plugins/rate-limits.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerWeb } from './plugins/web.js';
import {
  attachSocketHandlers,
  createSocketServer,
  isClustered,
  realtimeFor,
  useRedisAdapter,
} from './realtime/socket-server.js';
import type { ParleyServer } from './realtime/parley-server.js';
import { createServices, type ServiceOptions, type Services } from './services.js';
import { checkObjectStore, closeObjectStore } from './storage/create-object-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export const VERSION = '0.1.0';

export interface BuildOptions {
  clock?: Clock;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** An already-open database (tests share one); otherwise opened from config and closed with the app. */
  db?: Db;
  /** Web Push for tests: a fixed DNS, the local push service's CA (see ServiceOptions). */
  push?: ServiceOptions['push'];
}

export interface ParleyApp {
  app: FastifyInstance;
  io: ParleyServer;
  db: Db;
  services: Services;
  /** Timed jobs; tests run a pass with `sweeper.runOnce(name)`. */
  sweeper: Sweeper;
  presence: Presence;
}

/** Builds the whole server without listening; `main.ts` listens, tests call `app.inject` or listen on port 0. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<ParleyApp> {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase(config.database.url);
  await migrateToLatest(db);

  const app = Fastify({
    logger: loggerOptions(config.log.level, options.logStream),
    trustProxy: config.http.trustProxy,
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A body sent a byte at a time (slow loris) is cut off: the whole request must arrive within
    // this time, headers sooner. Answers may take longer (socket.io long-polls are held open).
    requestTimeout: config.http.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(config.http.requestTimeoutMs, 20_000),
      // How often Node checks those timeouts; its default of 30 s would let them run long.
      connectionsCheckingInterval: Math.min(5_000, Math.max(250, config.http.requestTimeoutMs / 4)),
    },
    clientErrorHandler: answerClientError,
    frameworkErrors: (err, _request, reply) => answerFrameworkError(err, reply as unknown as FastifyReply),
  });
  registerRequestLog(app, config.log.requests);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const io = createSocketServer(app, config);
  // Presence is made once the routes are; pushes only go out once requests arrive.
  const presenceRef: { current: Presence | null } = { current: null };
  const services = createServices(config, db, clock, realtimeFor(io, app.log), app.log, {
    connected: async (userIds) => {
      if (!presenceRef.current) return new Set();
      const statuses = await presenceRef.current.statusOf(userIds);
      return new Set(userIds.filter((id) => (statuses[id] ?? 'offline') !== 'offline'));
    },
    ...(options.push ? { push: options.push } : {}),
  });
  app.decorate('services', services);
  app.decorate('config', config);
  await prepareObjectStore(services, config, app.log);

  const secrets = await services.settings.checkSecrets();
  if (secrets.resealed.length > 0) {
    app.log.info(
      { fields: secrets.resealed },
      'secrets sealed with SECRET_KEY_PREVIOUS were re-sealed with SECRET_KEY',
    );
  }
  if (secrets.unreadable.length > 0) {
    app.log.warn(
      { fields: secrets.unreadable },
      `stored secrets sealed with another key cannot be read: ${secrets.unreadable.join(', ')}; ` +
        'restore the old SECRET_KEY (or set it as SECRET_KEY_PREVIOUS), or re-enter them in Administration',
    );
  }

  // Issue 21: the VAPID keys every node signs pushes with (made by the first node to start).
  if ((await services.push.keys.load()).status === 'unreadable') {
    app.log.warn(
      'the Web Push keys were sealed with another key and cannot be read: push notifications are off; ' +
        'restore the old SECRET_KEY (or set it as SECRET_KEY_PREVIOUS)',
    );
  }
  await services.settings.refreshJitsiOrigin();
  await registerSecurityHeaders(app, config, services.settings);
  await app.register(fastifyCookie);
  await registerRateLimits(app, config, clock);
  // Before any route: its onRoute hook gives each route registered after it the compressing onSend.
  await registerCompression(app);
  await registerOpenApi(app, VERSION);
  registerGuestGuard(app);

  await app.register(healthRoutes(new HealthRepository(db)));
  await app.register(avatarsRoutes(services.avatars));
  await app.register(
    async (api) => {
      await api.register(authRoutes(config));
      await api.register(passwordForgotRoutes(config));
      await api.register(deviceSessionsRoutes);
      await api.register(identityRoutes(config));
      await api.register(identityAdminRoutes(config));
      await api.register(usersRoutes);
      await api.register(tokensRoutes);
      await api.register(mfaRoutes);
      await api.register(settingsRoutes);
      await api.register(chatRoutes);
      await api.register(uploadsRoutes);
      await api.register(reactionsRoutes);
      await api.register(threadsRoutes);
      await api.register(callsRoutes);
      await api.register(jitsiEventsRoutes);
      await api.register(providersRoutes);
      await api.register(consultationsRoutes);
      await api.register(sessionRoutes);
      await api.register(guestLinksRoutes);
      await api.register(guestLobbyRoutes);
      await api.register(visitsRoutes(config));
      await api.register(publicBookingRoutes);
      await api.register(participantsRoutes);
      await api.register(guestClientsRoutes);
      await api.register(searchRoutes);
      await api.register(notificationsRoutes);
      await api.register(unsubscribeRoutes);
      await api.register(pushRoutes);
    },
    { prefix: '/api/v1' },
  );
  await registerWeb(app, config, {
    workspaceName: async () => (await services.settings.get('workspace')).name,
  });

  const presence = new Presence(
    io,
    { roomsOf: (userId) => services.chat.membership.roomIdsOf(userId) },
    config.realtime.presenceGraceMs,
    () => isClustered(io),
    app.log,
  );
  presenceRef.current = presence;
  attachSocketHandlers(
    io,
    app,
    {
      // A session whose required second factor is overdue gets no sockets (it may only set one up).
      authenticate: async (credentials) => {
        const principal = await authenticate(services.auth, credentials);
        return principal?.mfaSetup?.blocked ? null : principal;
      },
      forget: (what) => services.auth.principals.invalidate(what),
      guest: (secret) => services.guestCalls.lobby.socketGuest(secret),
    },
    { roomsOf: (userId) => services.chat.membership.roomIdsOf(userId) },
    presence,
    [usersSocket, chatSocket({ ...services.chat, users: services.users, presence, limits: services.limits })],
    // A call guest's socket (issue 19) only hears its own status and may only ask who it is.
    [{ whoami: usersSocket.whoami }],
  );
  const closeRedis = config.redis ? await useRedisAdapter(io, config.redis.url) : null;

  const sweeper = new Sweeper(
    [
      {
        name: 'expired-sessions',
        everyMs: 60 * 60_000,
        run: () => services.sweepers.auth.sweepExpiredSessions(),
      },
      // Expired WebAuthn challenges and sign-ins that never got their second factor.
      { name: 'second-factors', everyMs: 10 * 60_000, run: () => services.mfa.proofs.sweep() },
      { name: 'avatar-files', everyMs: 60 * 60_000, run: () => services.sweepers.users.sweepAvatarFiles() },
      // Issue 20: uploads never sent, objects no row names, partial writes a crash left.
      { name: 'files', everyMs: 60 * 60_000, run: () => services.sweepers.files.sweep() },
      { name: 'oidc-flows', everyMs: 60 * 60_000, run: () => services.sweepers.identity.sweep() },
      // Ring timeouts, empty calls, maximum length: all rows, so a restart neither loses nor repeats them.
      { name: 'calls', everyMs: 1_000, run: () => services.calls.timers.sweep() },
      // Guests of calls that ended are told so (behind the calls' end event).
      { name: 'guest-calls', everyMs: 10_000, run: () => services.guestCalls.timers.sweep() },
      { name: 'call-event-keys', everyMs: 60 * 60_000, run: () => services.calls.timers.sweepEventKeys() },
      // Holds and provider proposals past their time expire and free their slots.
      {
        name: 'consultation-holds',
        everyMs: 5_000,
        run: () => services.consultations.timers.expireHolds(),
      },
      // No-shows, the end plus grace, both parties gone, reminders (in the app and by email).
      { name: 'consultations', everyMs: 5_000, run: () => services.consultations.timers.sweep() },
      // Issue 21: e-mail digests of unread DMs and mentions that are due (only with SMTP_URL).
      {
        name: 'notification-digests',
        everyMs: 30_000,
        run: () => services.notifications.digest?.sweep() ?? Promise.resolve(0),
      },
      // Issue 21: the missed-call e-mails calls that ended left in the outbox.
      {
        name: 'missed-call-mails',
        everyMs: 5_000,
        run: () => services.notifications.missedCalls?.sweep() ?? Promise.resolve(0),
      },
      // Consultation chats past their retention period are purged.
      {
        name: 'consultation-retention',
        everyMs: 60 * 60_000,
        run: () => services.consultations.timers.sweepRetention(),
      },
    ],
    app.log,
  );
  sweeper.start();

  app.addHook('preClose', async () => {
    await sweeper.stop();
    await presence.stop();
    io.local.disconnectSockets(true);
    io.engine.close();
    await closeRedis?.();
    await services.limits.close();
    await services.consultations.timers.mailSettled();
    await services.passwordForgot.settled();
    await services.devices.settled();
    await services.push.notifier.settled();
    services.push.sender.close?.();
    services.mailer?.close();
  });
  app.addHook('onClose', async () => {
    closeObjectStore(services.objects);
    if (!options.db) await db.close();
  });

  return { app, io, db, services, sweeper, presence };
}

/**
 * Issue 20: the object store answers (an S3 bucket exists and takes the keys), and avatars that
 * still sit in this node's DATA_DIR/avatars move into it. Either failing stops the start with a
 * message an operator can act on; the move is retried whole on the next start.
 */
async function prepareObjectStore(
  services: Services,
  config: Config,
  log: { info(obj: object, msg: string): void },
): Promise<void> {
  try {
    await checkObjectStore(services.objects);
  } catch (err) {
    closeObjectStore(services.objects);
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  try {
    const moved = await services.avatars.importFolder(config.storage.avatarsDir);
    if (moved > 0) {
      log.info({ moved, from: config.storage.avatarsDir }, 'avatars moved into the object store');
    }
  } catch (err) {
    closeObjectStore(services.objects);
    throw new StartupError(
      `moving the avatars in ${config.storage.avatarsDir} into the object store failed (${
        err instanceof Error ? err.message : String(err)
      }); the files are still there, and the next start tries again`,
      { cause: err },
    );
  }
}
