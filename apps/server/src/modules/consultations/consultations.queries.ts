import {
  CONSULTATION_STATUSES,
  type Consultation,
  type ConsultationRole,
  type ConsultationStatus,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import { parseInstant } from '../providers/index.js';
import {
  ConsultationChanges,
  invalid,
  iso,
  type BookingActor,
  type BookingDependencies,
} from './consultation-changes.js';
import { admittedParticipant, presentConsultation } from './consultations.presenter.js';
import { isConsultationId } from './party.js';
import { buildIcs } from './ics.js';

export interface ListQuery {
  role?: ConsultationRole | undefined;
  status?: string | undefined;
  when?: 'upcoming' | 'past' | undefined;
  limit?: number | undefined;
  before?: string | undefined;
}

const LIST_DEFAULT = 50;

/** Reading consultations: one of mine, my lists, a calendar file. Changes nothing. */
export class ConsultationsQueries {
  private readonly changes: ConsultationChanges;

  constructor(private readonly deps: BookingDependencies) {
    this.changes = new ConsultationChanges(deps);
  }

  /** One of mine as a party, or as a third participant the client let in (the reduced form). */
  async get(actor: BookingActor, id: string): Promise<Consultation> {
    const detail = isConsultationId(id) ? await this.deps.uow.repos.consultations.detail(id) : undefined;
    const { row } = detail ?? {};
    if (
      !detail ||
      !row ||
      (row.client_id !== actor.id && row.provider_id !== actor.id && !admittedParticipant(detail, actor.id))
    ) {
      throw Errors.consultationNotFound();
    }
    return presentConsultation(detail, actor.id, await this.deps.settings());
  }

  /** Mine, as client, provider or either; filtered by status (comma-separated) and upcoming/past. */
  async list(actor: BookingActor, query: ListQuery): Promise<Consultation[]> {
    let statuses: ConsultationStatus[] | undefined;
    if (query.status !== undefined && query.status.trim() !== '') {
      const asked = query.status.split(',').map((s) => s.trim());
      const unknown = asked.filter((s) => !(CONSULTATION_STATUSES as readonly string[]).includes(s));
      if (unknown.length > 0) {
        throw invalid('status', 'unknownStatus', {
          status: unknown[0]!,
          statuses: CONSULTATION_STATUSES.join(', '),
        });
      }
      statuses = asked as ConsultationStatus[];
    }
    let before: string | undefined;
    if (query.before !== undefined) {
      const ms = parseInstant(query.before);
      if (ms === null) {
        throw invalid('before', 'beforeNotInstant');
      }
      before = iso(ms);
    }
    const rows = await this.deps.uow.repos.consultations.list({
      userId: actor.id,
      role: query.role,
      statuses,
      when: query.when,
      before,
      limit: query.limit ?? LIST_DEFAULT,
    });
    const timing = await this.deps.settings();
    return (await this.deps.uow.repos.consultations.details(rows)).map((d) =>
      presentConsultation(d, actor.id, timing),
    );
  }

  /** The calendar file of a scheduled (or running) consultation, from the caller's side. */
  async calendar(actor: BookingActor, id: string): Promise<string> {
    const row = await this.changes.partyRow(actor, id);
    if (row.status !== 'scheduled' && row.status !== 'active') {
      throw Errors.consultationState('calendarOnlyScheduled');
    }
    const detail = await this.changes.detail(row.id);
    const consultation = presentConsultation(detail, actor.id, await this.deps.settings());
    const other = consultation.role === 'client' ? consultation.provider : consultation.client;
    const url = `${this.deps.publicUrl}/consultations/${row.id}`;
    const { t } = translator(actor.locale);
    return buildIcs({
      id: row.id,
      sequence: detail.history.filter((h) => h.previous_start !== null).length,
      start: row.start_at,
      end: row.end_at,
      stamp: row.updated_at,
      summary: t('ics.summary', { other: other.displayName }),
      description: t('ics.description', { other: other.displayName, link: url }),
      url,
      status: 'CONFIRMED',
      language: actor.locale ?? 'en',
    });
  }
}
