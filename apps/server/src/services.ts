import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Clock } from './lib/clock.js';
import { DeviceCookies } from './lib/device-cookie.js';
import { LoginThrottle } from './lib/login-throttle.js';
import { MemoryLimitStore, PersonalLimits, RedisLimitStore } from './lib/personal-limits.js';
import { PrincipalCache, type AuthInvalidation } from './lib/principal-cache.js';
import type { Principal } from './lib/principal.js';
import { createSecretBox, type SecretBox } from './lib/secret-box.js';
import { texts } from './i18n/index.js';
import type { Mailer } from './mail/mailer.js';
import { createSmtpMailer } from './mail/smtp.mailer.js';
import { JitsiMeetings } from './meetings/jitsi.adapter.js';
import type { MeetingProvider } from './meetings/meeting-provider.js';
import type { RealtimePort } from './realtime/realtime.port.js';
import { createObjectStore } from './storage/create-object-store.js';
import type { ObjectStore } from './storage/object-store.js';
import {
  AuthEvents,
  AuthService,
  AuthSweeper,
  DeviceSessionsRepository,
  DeviceSessionsService,
  LoginSessionsRepository,
  PasswordForgotService,
  PasswordResetsRepository,
} from './modules/auth/index.js';
import {
  registerCallCommands,
  AttendanceService,
  CallViews,
  CallsQueries,
  CallsService,
  CallsSweeper,
} from './modules/calls/index.js';
import {
  registerChatCommands,
  CommandRegistry,
  MembershipService,
  MessagesService,
  SendBatcher,
  ReactionsService,
  ThreadsService,
  RoomsService,
  UploadsService,
} from './modules/chat/index.js';
import { FilesService, FilesSweeper, UploadsRepository } from './modules/files/index.js';
import {
  BookingService,
  ConsultationRecordsService,
  ConsultationSessionService,
  ConsultationsQueries,
  ConsultationsSweeper,
  GuestClientsService,
  ParticipantsService,
  ProposalsService,
  PublicBookingService,
  ReminderMail,
} from './modules/consultations/index.js';
import {
  MfaProofs,
  MfaRepository,
  MfaService,
  PendingSignInsRepository,
  relyingPartyFor,
  SecurityEventsRepository,
  WebAuthn,
} from './modules/mfa/index.js';
import {
  BackchannelLogoutService,
  IdentitiesRepository,
  IdentityProvidersRepository,
  IdentityProvidersService,
  IdentitySweeper,
  LinkedIdentitiesService,
  OidcClients,
  OidcSignInService,
  ProviderAccounts,
} from './modules/identity/index.js';
import {
  GuestCallsSweeper,
  GuestLinksService,
  GuestLobbyService,
  LinkPasscodeAttempts,
} from './modules/guest-calls/index.js';
import { VisitsRepository, VisitsService } from './modules/guests/index.js';
import { ProvidersRepository, ProvidersService } from './modules/providers/index.js';
import {
  PushDeliveries,
  PushDirectoryRepository,
  PushNotifier,
  PushRepository,
  PushService,
  systemResolver,
  vapidSubject,
  VapidKeys,
  WebPushSender,
  type PushNotifierDependencies,
  type PushSender,
  type Resolver,
} from './modules/push/index.js';
import { SearchRepository, SearchService } from './modules/search/index.js';
import { SettingsRepository, SettingsService } from './modules/settings/index.js';
import { TokensEvents, TokensRepository, TokensService } from './modules/tokens/index.js';
import {
  AvatarStore,
  UsersEvents,
  UsersRepository,
  UsersService,
  UsersSweeper,
} from './modules/users/index.js';
import {
  DigestNotifier,
  DigestRepository,
  MissedCallNotifier,
  MissedCallRepository,
  NotificationPolicy,
  NotificationsRepository,
  NotificationsService,
} from './modules/notifications/index.js';
import { createUnitOfWork } from './unit-of-work.js';

export interface Services {
  auth: AuthService;
  /** Signed-in devices: the list on the profile, signing one out, when each was last used. */
  devices: DeviceSessionsService;
  /** "Forgot password?" by e-mail. */
  passwordForgot: PasswordForgotService;
  users: UsersService;
  tokens: TokensService;
  settings: SettingsService;
  /** Issue 18: a person's second factors (factors) and proving one (proofs). */
  mfa: { factors: MfaService; proofs: MfaProofs };
  /** Single sign-on (issue 18): identity providers, sign-in through them, their logout, linked accounts. */
  identity: {
    providers: IdentityProvidersService;
    signIn: OidcSignInService;
    logout: BackchannelLogoutService;
    linked: LinkedIdentitiesService;
  };
  chat: {
    rooms: RoomsService;
    membership: MembershipService;
    messages: MessagesService;
    commands: CommandRegistry;
    /** Issue 20: uploading into rooms and fetching files (membership decides). */
    uploads: UploadsService;
    /** Issue 20. */
    reactions: ReactionsService;
    threads: ThreadsService;
  };
  /** Issue 20: uploaded files' bytes and rows (chat decides who may use them). */
  files: FilesService;
  calls: {
    /** Start, ring, answer, decline, cancel, end. */
    lifecycle: CallsService;
    /** Joining, and who is in a call (browsers' and Jitsi's reports). */
    attendance: AttendanceService;
    queries: CallsQueries;
    /** Ringing timeouts, empty and over-long calls, delivered event keys. */
    timers: CallsSweeper;
  };
  /** Issue 10: providers (profiles, availability, slots) and booking. */
  consultations: {
    providers: ProvidersService;
    /** Holding, confirming, cancelling, rescheduling. */
    booking: BookingService;
    /** A provider's proposals (a new session, a new time) and the client's answers. */
    proposals: ProposalsService;
    /** One of mine, my lists, calendar files. */
    queries: ConsultationsQueries;
    /** Joining, presence, session events, access log. */
    session: ConsultationSessionService;
    /** The client's erasure of the chat, feedback, the admin lists. */
    records: ConsultationRecordsService;
    /** Expiring holds, no-shows, finishing, reminders, retention. */
    timers: ConsultationsSweeper;
    /** Issue 19: providers' public booking pages (holds by people without an account). */
    publicBooking: PublicBookingService;
    /** Issue 19: third participants (proposed by a party, let in by the client). */
    participants: ParticipantsService;
    /** Issue 19: clients without an account (guest accounts, their personal links and invitations). */
    guestClients: GuestClientsService;
  };
  /** Issue 19, call guests: guest links, the lobby and guests' sessions. */
  guestCalls: {
    links: GuestLinksService;
    lobby: GuestLobbyService;
    /** Guests of calls that ended without being told (the end event's safety net). */
    timers: GuestCallsSweeper;
  };
  /** Issue 19: personal links (visits), guest sessions, claiming an account. */
  guests: { visits: VisitsService };
  /** Issue 20: searching the messages of one's rooms. */
  search: SearchService;
  /**
   * Issue 21: a person's notification preferences, and the policy every notifier asks before it
   * disturbs someone (room levels, mutes, do not disturb).
   */
  notifications: {
    settings: NotificationsService;
    policy: NotificationPolicy;
    /** The e-mail digest of unread DMs and mentions; null without SMTP_URL. */
    digest: DigestNotifier | null;
    /** The missed-call e-mail's outbox and its sender; null without SMTP_URL. */
    missedCalls: MissedCallNotifier | null;
  };
  /**
   * Issue 21, Web Push: people's devices (subscriptions), the server's VAPID keys (loaded at start),
   * and the notifier that pushes calls, messages and consultations to people with no open socket.
   */
  push: { subscriptions: PushService; keys: VapidKeys; notifier: PushNotifier; sender: PushSender };
  /** Null without SMTP_URL. */
  mailer: Mailer | null;
  /** Where avatars and uploaded files live (issue 20). */
  objects: ObjectStore;
  /** Avatars in that store (`avatars/<file>`), served by every node. */
  avatars: AvatarStore;
  meetings: MeetingProvider;
  /** Per-person limits on repeatable writes (HTTP and sockets), shared through Redis when clustered. */
  limits: PersonalLimits;
  clock: Clock;
  /** Timed work of the modules without a service group of their own (scheduled in app.ts). */
  sweepers: { auth: AuthSweeper; users: UsersSweeper; identity: IdentitySweeper; files: FilesSweeper };
}

interface ServiceLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the app (or a test) plugs in beside the configuration. */
export interface ServiceOptions {
  /** Which of these people have a socket open on any node (the app's presence); none without it. */
  connected?: (userIds: string[]) => Promise<Set<string>>;
  push?: {
    /** Resolves push endpoint hosts when a subscription is saved (tests give fixed answers). */
    resolve?: Resolver;
    /** An extra CA the sender trusts (the test suite's local push service; servers use NODE_EXTRA_CA_CERTS). */
    extraCa?: string;
    /** Sends pushes instead of `web-push` (tests that record). */
    sender?: PushSender;
  };
}

/** Wires repositories and services; the only place that knows the whole graph. */
export function createServices(
  config: Config,
  db: Db,
  clock: Clock,
  realtime: RealtimePort,
  log: ServiceLogger = { warn: () => undefined, error: () => undefined },
  options: ServiceOptions = {},
): Services {
  const secrets = createSecretBox(config.secretKey, config.previousSecretKey ?? undefined);
  // Settings are made below; the notifier reads them only once events arrive.
  const push = createPush(config, db, clock, secrets, log, options, {
    settings: () => settings.get('push'),
    ringTimeoutSeconds: async () => (await settings.get('calls')).ringTimeoutSeconds,
    // The notifications module's policy (room levels, mutes, do not disturb), made further down.
    policy: { allows: (userId, event) => notifications.policy.allows(userId, event) },
    texts: (locale, key, values) => texts(locale, key, values),
  });
  const mailer = config.mail.smtpUrl ? createSmtpMailer(config.mail.smtpUrl, config.mail.from) : null;
  const reminderMail = mailer
    ? new ReminderMail({ mailer, clock, publicUrl: config.http.publicUrl, log })
    : null;
  const objects: ObjectStore = createObjectStore(config.storage);
  const uow = createUnitOfWork(db, realtime, log, {
    reminderMail,
    // Issue 20: the objects of deleted uploads go once their rows' deletion committed.
    files: { remove: (keys) => files.remove(keys) },
    groupCommit: config.database.groupCommit,
    // The lobby service is made below; announcements only run once requests arrive.
    guestCalls: { clock, sessionOf: (admission) => guestCalls.lobby.sessionOf(admission) },
    // Issue 21: the digest is made below too (with SMTP only).
    ...(mailer
      ? {
          notifications: {
            messagePosted: (messageId: string) =>
              notifications.digest?.messagePosted(messageId) ?? Promise.resolve(),
            read: (userId: string) => notifications.digest?.read(userId) ?? Promise.resolve(),
            callEnded: (callId: string) => notifications.missedCalls?.callEnded(callId) ?? Promise.resolve(),
          },
        }
      : {}),
    subscribers: [(events) => push.notifier.subscribe(events)],
  });
  const usersRepo = new UsersRepository(db.kysely, db.kind);
  const uploadsRepo = new UploadsRepository(db.kysely);
  const settings = new SettingsService({
    repo: new SettingsRepository(db.kysely),
    secrets,
    clock,
    checkSecurity: (next, actorId): Promise<void> => mfa.factors.checkSecurityChange(next, actorId),
  });
  const files = new FilesService({
    repo: uploadsRepo,
    objects,
    settings: () => settings.get('files'),
    clock,
    log,
  });
  const limits = new PersonalLimits(
    config.redis ? new RedisLimitStore(config.redis.url) : new MemoryLimitStore(clock),
    clock,
    () => settings.get('limits'),
    log,
  );
  const principals = new PrincipalCache<Principal>(clock);
  /** Forgets cached principals here and on every other node; resolves once they have. */
  const invalidateAuth = (what: AuthInvalidation): Promise<void> => {
    principals.invalidate(what);
    return realtime.invalidateAuth(what);
  };
  const tokens = new TokensService({
    repo: new TokensRepository(db.kysely),
    events: new TokensEvents({ realtime, invalidateAuth }),
    clock,
  });
  const loginSessions = new LoginSessionsRepository(db.kysely);
  const authEvents = new AuthEvents({ realtime, invalidateAuth });
  const resets = new PasswordResetsRepository(db.kysely);
  const mfaRepo = new MfaRepository(db.kysely);
  const webauthn = new WebAuthn(relyingPartyFor(config.http.publicUrl));
  const mfa = {
    factors: new MfaService({
      repo: mfaRepo,
      events: new SecurityEventsRepository(db.kysely),
      users: usersRepo,
      settings,
      secrets,
      webauthn,
      clock,
      userChanged: (userId) => authEvents.userChanged(userId),
      endSessions: async (userId) =>
        authEvents.sessionsEnded(await loginSessions.deleteAllForUserExcept(userId, null)),
    }),
    proofs: new MfaProofs({
      repo: mfaRepo,
      pending: new PendingSignInsRepository(db.kysely),
      secrets,
      webauthn,
      clock,
    }),
  };
  const auth = new AuthService({
    users: usersRepo,
    sessions: loginSessions,
    resets,
    tokens,
    settings,
    throttle: new LoginThrottle(clock),
    devices: new DeviceCookies(config.secretKey),
    events: authEvents,
    clock,
    sessionTtlMs: config.auth.sessionTtlMs,
    passwordHashCost: config.auth.passwordHashCost,
    principals,
    mfa: mfa.factors,
    proofs: mfa.proofs,
  });
  const devices = new DeviceSessionsService({
    repo: new DeviceSessionsRepository(db.kysely),
    events: authEvents,
    clock,
    log,
  });
  const passwordForgot = new PasswordForgotService({
    users: usersRepo,
    resets,
    settings,
    limits,
    mailer,
    clock,
    publicUrl: config.http.publicUrl,
    log,
  });
  const avatars = new AvatarStore(objects);
  const users = new UsersService({
    repo: usersRepo,
    avatars,
    events: new UsersEvents({ repo: usersRepo, realtime, invalidateAuth }),
    clock,
  });
  const identity = createIdentity(config, db, clock, {
    auth,
    authEvents,
    usersRepo,
    users,
    settings,
    mfa: mfa.factors,
    log,
  });
  const visits = new VisitsService({
    visits: new VisitsRepository(db.kysely),
    passes: uow.repos.guests,
    users: usersRepo,
    auth,
    authEvents,
    mfa: mfa.factors,
    settings,
    clock,
    passwordHashCost: config.auth.passwordHashCost,
  });
  const sweepers = {
    auth: new AuthSweeper({ sessions: loginSessions, events: authEvents, clock }),
    users: new UsersSweeper({ repo: usersRepo, avatars, clock }),
    identity: identity.sweeper,
    files: new FilesSweeper({ repo: uploadsRepo, objects, clock }),
  };
  const rooms = new RoomsService({ uow, clock });
  const membership = new MembershipService({ uow, clock });
  const messages = new MessagesService({
    uow,
    clock,
    batcher: db.kind === 'postgres' && config.database.groupCommit ? new SendBatcher(uow) : null,
  });
  const uploads = new UploadsService({ uow, files });
  const search = new SearchService({
    repo: new SearchRepository(db.kysely, db.kind),
    messages: (ids, viewerId) => messages.presentMany(ids, viewerId),
    rooms: (ids, viewerId) => rooms.labels(ids, viewerId),
  });
  const reactions = new ReactionsService({ uow, clock });
  const threads = new ThreadsService({ uow, clock });
  const commands = new CommandRegistry();
  registerChatCommands(commands, rooms, membership, messages, limits);
  const meetings = new JitsiMeetings(
    () => settings.get('jitsi'),
    () => clock.now().getTime(),
    async () => {
      const calls = await settings.get('calls');
      return { eventSync: calls.eventSyncSecret, jaas: calls.jaasWebhookSecret };
    },
  );
  const callsSettings = () => settings.get('calls');
  const views = new CallViews({ repos: uow.repos, clock });
  const calls = {
    lifecycle: new CallsService({
      uow,
      membership,
      views,
      meetings,
      settings: callsSettings,
      clock,
      publicUrl: config.http.publicUrl,
      rings: limits,
    }),
    attendance: new AttendanceService({
      uow,
      views,
      meetings,
      settings: callsSettings,
      clock,
      publicUrl: config.http.publicUrl,
    }),
    queries: new CallsQueries({ uow, membership, views }),
    timers: new CallsSweeper({ uow, meetings, clock }),
  };
  registerCallCommands(commands, calls.lifecycle, messages);
  const guestCallsDeps = {
    uow,
    meetings,
    reportPresence: (callId: string, userId: string, type: 'joined' | 'left') =>
      calls.attendance.reportPresence(callId, userId, type),
    settings: () => settings.get('guests'),
    workspaceName: async () => (await settings.get('workspace')).name,
    clock,
    publicUrl: config.http.publicUrl,
    passcodeCost: config.auth.passwordHashCost,
    passcodeAttempts: new LinkPasscodeAttempts(limits, clock),
  };
  const guestCalls = {
    links: new GuestLinksService(guestCallsDeps),
    lobby: new GuestLobbyService(guestCallsDeps),
    timers: new GuestCallsSweeper({ repos: uow.repos, realtime, clock }),
  };
  const providers = new ProvidersService({
    repo: new ProvidersRepository(db.kysely),
    busy: (providerId, fromIso, toIso, nowIso) =>
      uow.repos.consultations.busyBuckets(providerId, fromIso, toIso, nowIso),
    clock,
  });
  const consultationSettings = () => settings.get('consultations');
  const bookingDeps = {
    providers,
    uow,
    settings: consultationSettings,
    clock,
    publicUrl: config.http.publicUrl,
  };
  const proposals = new ProposalsService(bookingDeps);
  const booking = new BookingService({ ...bookingDeps, proposals });
  const queries = new ConsultationsQueries(bookingDeps);
  const session = new ConsultationSessionService({
    uow,
    meetings,
    settings: consultationSettings,
    clock,
    publicUrl: config.http.publicUrl,
  });
  const records = new ConsultationRecordsService({ uow, settings: consultationSettings, clock });
  const guestClients = new GuestClientsService({
    ...bookingDeps,
    proposals,
    mailer,
    limits,
    workspaceName: async () => (await settings.get('workspace')).name,
    log,
  });
  const timers = new ConsultationsSweeper({ uow, settings: consultationSettings, clock, reminderMail });
  const publicBooking = new PublicBookingService({
    ...bookingDeps,
    guestSettings: () => settings.get('guests'),
    mailer,
    limits,
    log,
  });
  const participants = new ParticipantsService({
    uow,
    settings: consultationSettings,
    mailer,
    clock,
    publicUrl: config.http.publicUrl,
    endSessions: async (userId) =>
      authEvents.sessionsEnded(await loginSessions.deleteAllForUserExcept(userId, null)),
    log,
  });
  const notifications = createNotifications(config, db, clock, realtime, {
    users,
    mailer,
    workspaceName: async () => (await settings.get('workspace')).name,
    previewAllowed: async () => (await settings.get('push')).allowPreviews,
    log,
  });
  return {
    auth,
    devices,
    passwordForgot,
    users,
    tokens,
    settings,
    mfa,
    identity: identity.services,
    chat: { rooms, membership, messages, commands, uploads, reactions, threads },
    files,
    calls,
    consultations: {
      providers,
      booking,
      proposals,
      queries,
      session,
      records,
      timers,
      publicBooking,
      participants,
      guestClients,
    },
    guestCalls,
    guests: { visits },
    search,
    notifications,
    push,
    mailer,
    objects,
    avatars,
    meetings,
    limits,
    clock,
    sweepers,
  };
}

/** Single sign-on's graph: the provider clients, sign-in, back-channel logout and linked accounts. */
function createIdentity(
  config: Config,
  db: Db,
  clock: Clock,
  deps: {
    auth: AuthService;
    authEvents: AuthEvents;
    usersRepo: UsersRepository;
    users: UsersService;
    settings: SettingsService;
    mfa: MfaService;
    log: ServiceLogger;
  },
): { services: Services['identity']; sweeper: IdentitySweeper } {
  const clients = new OidcClients({ clock, timeoutSeconds: 5, jwksCooldownMs: 30_000 });
  const identities = new IdentitiesRepository(db.kysely);
  const providers = new IdentityProvidersService({
    repo: new IdentityProvidersRepository(db.kysely),
    secrets: createSecretBox(config.secretKey, config.previousSecretKey ?? undefined),
    clients,
    clock,
    publicUrl: config.http.publicUrl,
  });
  const accounts = new ProviderAccounts({
    identities,
    users: deps.usersRepo,
    profiles: deps.users,
    events: deps.authEvents,
    clock,
    log: deps.log,
    timeoutSeconds: 5,
  });
  const signIn = new OidcSignInService({
    providers,
    clients,
    identities,
    accounts,
    auth: deps.auth,
    clock,
    log: deps.log,
    postLogoutRedirectUri: `${config.http.publicUrl}/login`,
  });
  return {
    services: {
      providers,
      signIn,
      logout: new BackchannelLogoutService({
        providers,
        clients,
        identities,
        events: deps.authEvents,
        clock,
        log: deps.log,
      }),
      linked: new LinkedIdentitiesService({
        identities,
        users: deps.usersRepo,
        settings: deps.settings,
        signIn,
        hasPasskey: (userId) => deps.mfa.hasPasskey(userId),
      }),
    },
    sweeper: new IdentitySweeper({ identities, clock }),
  };
}

/** Issue 21: notification preferences, the policy and (with SMTP) the e-mail digest and missed-call e-mail. */
function createNotifications(
  config: Config,
  db: Db,
  clock: Clock,
  realtime: RealtimePort,
  deps: {
    users: UsersService;
    mailer: Mailer | null;
    workspaceName: () => Promise<string>;
    /** The workspace's push section: may pushes carry message text at all? */
    previewAllowed: () => Promise<boolean>;
    log: ServiceLogger;
  },
): Services['notifications'] {
  const repo = new NotificationsRepository(db.kysely);
  const settings = new NotificationsService({
    repo,
    clock,
    emailAvailable: deps.mailer !== null,
    previewAllowed: deps.previewAllowed,
    // The directory's rule: people who exist, are not known to the viewer only under an alias, and
    // are not guests (never listed).
    visiblePeople: async (viewerId, ids) => {
      const seen = await Promise.all(
        ids.map((id) =>
          deps.users.get(id, viewerId).then(
            (person) => (person.guest ? null : person.id),
            () => null,
          ),
        ),
      );
      return seen.filter((id): id is string => id !== null);
    },
    realtime,
  });
  return {
    settings,
    policy: new NotificationPolicy({ repo, clock }),
    digest: deps.mailer
      ? new DigestNotifier({
          repo: new DigestRepository(db.kysely),
          mailer: deps.mailer,
          clock,
          publicUrl: config.http.publicUrl,
          secret: config.secretKey,
          workspaceName: deps.workspaceName,
          stopDigest: (userId) => settings.stopDigest(userId),
          log: deps.log,
        })
      : null,
    missedCalls: deps.mailer
      ? new MissedCallNotifier({
          repo: new MissedCallRepository(db.kysely),
          mailer: deps.mailer,
          clock,
          publicUrl: config.http.publicUrl,
          workspaceName: deps.workspaceName,
          log: deps.log,
        })
      : null,
  };
}

/** Web Push's graph (issue 21): keys, subscriptions, the sender and the notifier. */
function createPush(
  config: Config,
  db: Db,
  clock: Clock,
  secrets: SecretBox,
  log: ServiceLogger,
  options: ServiceOptions,
  settings: Pick<PushNotifierDependencies, 'settings' | 'ringTimeoutSeconds' | 'policy' | 'texts'>,
): Services['push'] {
  const repo = new PushRepository(db.kysely);
  const directory = new PushDirectoryRepository(db.kysely);
  const keys = new VapidKeys({ repo, secrets, clock });
  const sender =
    options.push?.sender ??
    new WebPushSender({
      subject: vapidSubject(config.http.publicUrl, config.mail.from),
      allowPrivate: config.push.allowPrivateEndpoints,
      ...(options.push?.extraCa ? { extraCa: options.push.extraCa } : {}),
    });
  const notifier = new PushNotifier({
    directory,
    repo,
    deliveries: new PushDeliveries({ repo, keys, sender, clock, log }),
    connected: options.connected ?? (() => Promise.resolve(new Set<string>())),
    ...settings,
    wantsPreview: (userId) => directory.wantsPreview(userId),
    clock,
    log,
  });
  const subscriptions = new PushService({
    repo,
    keys,
    endpoints: {
      allowPrivate: config.push.allowPrivateEndpoints,
      resolve: options.push?.resolve ?? systemResolver,
    },
    clock,
  });
  return { subscriptions, keys, notifier, sender };
}
