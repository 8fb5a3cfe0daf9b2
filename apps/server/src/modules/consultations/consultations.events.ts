import type { DomainEvents } from '../../lib/domain-events.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { ConsultationSessionRepository } from './consultation-session.repository.js';
import type { ConsultationRow, ConsultationsRepository } from './consultations.repository.js';
import { presenceOf, presentConsultation, type ConsultationTiming } from './consultations.presenter.js';
import type { ReminderMail } from './reminder-mail.js';

/**
 * What a committed consultation change announces. Emitted inside the unit of work (`tx.emit`),
 * published after the commit and turned into socket events (and reminder emails) here, each party
 * told the consultation as they see it. `timing` is the settings the change was decided under.
 */
export type ConsultationEvent =
  | {
      type: 'consultation.changed';
      consultationId: string;
      timing: ConsultationTiming;
      /** Also tell both parties who is in the call. */
      presence: boolean;
    }
  | { type: 'consultation.presence'; consultationId: string }
  | {
      type: 'consultation.reminder';
      consultationId: string;
      /** Minutes before the start. */
      startsIn: number;
      timing: ConsultationTiming;
    };

type Of<T extends ConsultationEvent['type']> = Extract<ConsultationEvent, { type: T }>;

export interface ConsultationEventsDependencies {
  repos: { consultations: ConsultationsRepository; consultationSessions: ConsultationSessionRepository };
  realtime: RealtimePort;
  /** Reminder emails; without it reminders reach the sockets only. */
  reminderMail?: ReminderMail | undefined;
}

/** Subscribes the consultations' socket announcements; `repos` reads what an event names after its commit. */
export function subscribeConsultationEvents(
  events: DomainEvents,
  deps: ConsultationEventsDependencies,
): void {
  const { repos, realtime } = deps;

  const sendPresence = async (row: ConsultationRow) => {
    const unencrypted = await repos.consultationSessions.unencrypted(row.id);
    realtime.toUsers([row.provider_id, row.client_id], 'consultation:presence', presenceOf(row, unencrypted));
  };

  // Both parties (every device), each from their own side; a nicknamed client stays anonymous.
  events.on<Of<'consultation.changed'>>('consultation.changed', async (event) => {
    const detail = await repos.consultations.detail(event.consultationId);
    if (!detail) return;
    const { row } = detail;
    for (const userId of new Set([row.provider_id, row.client_id])) {
      realtime.toUser(userId, 'consultation:updated', presentConsultation(detail, userId, event.timing));
    }
    if (event.presence) await sendPresence(row);
  });

  events.on<Of<'consultation.presence'>>('consultation.presence', async ({ consultationId }) => {
    const row = await repos.consultations.get(consultationId);
    if (row) await sendPresence(row);
  });

  events.on<Of<'consultation.reminder'>>('consultation.reminder', async (event) => {
    const detail = await repos.consultations.detail(event.consultationId);
    if (!detail) return;
    const { row } = detail;
    for (const userId of new Set([row.provider_id, row.client_id])) {
      realtime.toUser(userId, 'reminder', {
        consultation: presentConsultation(detail, userId, event.timing),
        startsIn: event.startsIn,
      });
    }
    const mail = deps.reminderMail;
    if (!mail) return;
    mail.send({
      detail,
      startsIn: event.startsIn,
      timing: event.timing,
      contacts: await repos.consultationSessions.contacts([row.provider_id, row.client_id]),
      timezone: await repos.consultationSessions.providerTimezone(row.provider_id),
    });
  });
}

/** Constructors, so services emit well-formed events without repeating their shape. */
export const consultationEvents = {
  changed: (consultationId: string, timing: ConsultationTiming, presence = false): ConsultationEvent => ({
    type: 'consultation.changed',
    consultationId,
    timing: { joinLeadMinutes: timing.joinLeadMinutes, graceMinutes: timing.graceMinutes },
    presence,
  }),
  presence: (consultationId: string): ConsultationEvent => ({
    type: 'consultation.presence',
    consultationId,
  }),
  reminder: (consultationId: string, startsIn: number, timing: ConsultationTiming): ConsultationEvent => ({
    type: 'consultation.reminder',
    consultationId,
    startsIn,
    timing: { joinLeadMinutes: timing.joinLeadMinutes, graceMinutes: timing.graceMinutes },
  }),
};
