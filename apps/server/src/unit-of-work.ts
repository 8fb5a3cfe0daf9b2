import type { Db } from './db/database.js';
import { KyselyUnitOfWork } from './db/unit-of-work.js';
import { DomainEvents } from './lib/domain-events.js';
import type { RealtimePort } from './realtime/realtime.port.js';
import { CallsRepository, subscribeCallEvents } from './modules/calls/index.js';
import { GuestsRepository } from './modules/guests/index.js';
import {
  GuestCallsRepository,
  subscribeGuestCallEvents,
  type GuestCallEventsDependencies,
} from './modules/guest-calls/index.js';
import { chatRepositories, subscribeChatEvents, type ChatRepositories } from './modules/chat/index.js';
import {
  ConsultationParticipantsRepository,
  ConsultationSessionRepository,
  ConsultationsRepository,
  subscribeConsultationEvents,
  type ReminderMail,
} from './modules/consultations/index.js';
import {
  subscribeNotificationEvents,
  type NotificationEventHandlers,
} from './modules/notifications/index.js';

/** Every module's repositories, as one transaction (or none) hands them out. */
export type Repositories = ChatRepositories & {
  guests: GuestsRepository;
  guestCalls: GuestCallsRepository;
  calls: CallsRepository;
  consultations: ConsultationsRepository;
  consultationSessions: ConsultationSessionRepository;
  consultationParticipants: ConsultationParticipantsRepository;
};

export function createRepositories(db: Db['kysely'], kind: Db['kind']): Repositories {
  return {
    ...chatRepositories(db, kind),
    guests: new GuestsRepository(db),
    guestCalls: new GuestCallsRepository(db),
    calls: new CallsRepository(db),
    consultations: new ConsultationsRepository(db),
    consultationSessions: new ConsultationSessionRepository(db),
    consultationParticipants: new ConsultationParticipantsRepository(db),
  };
}

interface EventsLogger {
  error(obj: object, msg: string): void;
}

/**
 * The app's one unit of work, with every module's event handlers subscribed: services get it typed
 * down to the repositories they use.
 */
export function createUnitOfWork(
  db: Db,
  realtime: RealtimePort,
  log: EventsLogger = { error: () => undefined },
  options: {
    reminderMail?: ReminderMail | null;
    /** Call guests' announcements (issue 19); absent (the CLI), nobody is told. */
    guestCalls?: Pick<GuestCallEventsDependencies, 'clock' | 'sessionOf'>;
    /** Issue 20: deletes the objects of removed uploads (absent: the files sweeper does). */
    files?: { remove(keys: string[]): Promise<void> };
    /** false: `runGrouped` commits each work alone (GROUP_COMMIT=false). */
    groupCommit?: boolean;
    /** Issue 21: the e-mail digest's timers (absent: no SMTP, or the CLI). */
    notifications?: NotificationEventHandlers;
    /** More handlers, subscribed after the modules' own (issue 21: the push notifier). */
    subscribers?: ((events: DomainEvents) => void)[];
  } = {},
): KyselyUnitOfWork<Repositories> {
  const events = new DomainEvents(log);
  const uow = new KyselyUnitOfWork(db.kysely, db.kind, createRepositories, events, {
    groupCommit: options.groupCommit ?? true,
  });
  subscribeChatEvents(events, {
    repos: uow.repos,
    realtime,
    ...(options.files ? { files: options.files } : {}),
  });
  subscribeCallEvents(events, { repos: uow.repos, realtime });
  subscribeConsultationEvents(events, {
    repos: uow.repos,
    realtime,
    reminderMail: options.reminderMail ?? undefined,
  });
  if (options.notifications) subscribeNotificationEvents(events, options.notifications);
  if (options.guestCalls) {
    subscribeGuestCallEvents(events, { repos: uow.repos, realtime, ...options.guestCalls });
  }
  for (const subscribe of options.subscribers ?? []) subscribe(events);
  return uow;
}
