import type { Consultation, ConsultationStatus, CreateConsultationRequest } from '@parley/shared';
import { Errors } from '../../errors.js';
import { claimBuckets, describeRefusal, refuseStart } from '../providers/index.js';
import {
  changedMeanwhile,
  ConsultationChanges,
  HOUR,
  invalid,
  iso,
  MINUTE,
  parseStart,
  refused,
  type BookingActor,
  type BookingDependencies,
} from './consultation-changes.js';
import { consultationEvents } from './consultations.events.js';
import { expireStale } from './holds.js';
import { assertTransition } from './lifecycle.js';
import type { ProposalsService } from './proposals.service.js';

export interface BookingServiceDependencies extends BookingDependencies {
  /** A provider's new session for a client (`clientId` in a booking request) is a proposal. */
  proposals: ProposalsService;
}

/**
 * Booking: a client holds a slot and confirms it (the consultation's chat room is made then), either
 * party cancels or moves it. The steps shared with proposals are `ConsultationChanges`'; the lists
 * and calendar files are `ConsultationsQueries`', expiry the sweeper's.
 */
export class BookingService {
  private readonly changes: ConsultationChanges;

  constructor(private readonly deps: BookingServiceDependencies) {
    this.changes = new ConsultationChanges(deps);
  }

  /**
   * A client holds a slot (`providerId` + `start`, 201 held for `holdMinutes`), or a provider
   * proposes a new session to a client (`clientId` + `start`): held until the client answers, at most
   * `proposalHours` and never past its start.
   */
  async create(actor: BookingActor, request: CreateConsultationRequest): Promise<Consultation> {
    return (await this.book(actor, request)).consultation;
  }

  /** `create`, saying whether the consultation is new (201) or the client's own live hold, repeated (200). */
  async book(
    actor: BookingActor,
    request: CreateConsultationRequest,
  ): Promise<{ consultation: Consultation; created: boolean }> {
    if (request.clientId !== undefined) return this.deps.proposals.offer(actor, request);
    if (request.providerId === undefined) throw invalid('providerId', 'chooseProvider');
    const startMs = parseStart(request.start);
    if (request.providerId === actor.id) {
      throw invalid('providerId', 'bookSelf');
    }
    const provider = await this.deps.providers.bookable(request.providerId);
    if (!provider?.active) throw Errors.notFound('providerNotFound');
    const name = provider.record.display_name;
    if (!provider.accepting) throw Errors.slotUnavailable('notTakingBookings', { name });
    const now = this.changes.nowMs();
    const refusal = refuseStart(provider.availability, startMs, now);
    if (refusal) throw refused(describeRefusal(refusal, provider.availability, name));
    const settings = await this.deps.settings();
    const row = this.changes.newRow({
      providerId: request.providerId,
      clientId: actor.id,
      bookedBy: 'client',
      startMs,
      endMs: startMs + provider.availability.sessionMinutes * MINUTE,
      heldUntilMs: now + settings.holdMinutes * MINUTE,
      nickname: request.nickname ?? null,
      now,
    });
    return this.changes.insertNew(actor, row, provider, { replaceHolds: true });
  }

  /** The client confirms a hold (held → scheduled) and the consultation's chat room is made. */
  async confirm(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    if (this.changes.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('clientConfirmsBooking');
    }
    // A repeated confirm (a second click, a retry) answers with what the first did.
    if (row.status === 'scheduled') return this.changes.present(row.id, actor.id);
    assertTransition(row.status, 'scheduled', 'confirmed');
    await this.changes.refuseLapsed(row);
    return this.changes.schedule(actor, row, 'confirmed');
  }

  /**
   * Either party cancels before the start: a hold is canceled; a scheduled consultation is canceled,
   * or late_canceled inside `lateCancelHours` of its start. The time is free again.
   */
  async cancel(actor: BookingActor, id: string, reason?: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    const settings = await this.deps.settings();
    const now = this.changes.nowMs();
    const startMs = Date.parse(row.start_at);
    let to: ConsultationStatus = 'canceled';
    if (row.status === 'scheduled') {
      if (now >= startMs) {
        throw Errors.consultationState('startedCannotCancel');
      }
      if (now >= startMs - settings.lateCancelHours * HOUR) to = 'late_canceled';
    }
    assertTransition(row.status, to, 'canceled');
    const ok = await this.deps.uow.run(async (tx) => {
      const canceled = await tx.consultations.transition({
        id: row.id,
        from: row.status,
        to,
        by: actor.id,
        at: iso(now),
        reason: 'canceled',
        version: row.version,
        patch: {
          canceled_by: this.changes.roleOf(row, actor),
          cancel_reason: reason && reason !== '' ? reason : null,
          // Its chat (if it had one) is kept for the retention period, like any ended consultation's.
          purge_at: row.room_id ? iso(now + settings.retentionDays * 24 * HOUR) : null,
        },
      });
      if (canceled) tx.emit(consultationEvents.changed(row.id, settings));
      return canceled;
    });
    if (!ok) throw changedMeanwhile();
    return this.changes.present(row.id, actor.id);
  }

  /**
   * Either party moves a scheduled consultation to another free slot before it starts: same id, the
   * old start recorded (reason `reschedule`), the claims swapped in one transaction.
   */
  async reschedule(actor: BookingActor, id: string, start: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    this.changes.requireScheduledBeforeStart(row, 'rescheduled');
    const startMs = parseStart(start);
    if (startMs === Date.parse(row.start_at)) {
      throw invalid('start', 'alreadyAtThatTime');
    }
    const provider = await this.changes.requireProvider(row);
    const now = this.changes.nowMs();
    const refusal = refuseStart(provider.availability, startMs, now);
    if (refusal) {
      throw refused(describeRefusal(refusal, provider.availability, provider.record.display_name));
    }
    const endMs = startMs + provider.availability.sessionMinutes * MINUTE;
    const buckets = claimBuckets(startMs, endMs, provider.availability.bufferMinutes);
    const nowIso = iso(now);
    assertTransition(row.status, 'scheduled', 'rescheduled');
    const timing = await this.deps.settings();
    const moved = await this.changes.claimingTransaction(async (tx) => {
      await expireStale(tx, nowIso, row.provider_id, timing);
      const done = await tx.consultations.transition({
        id: row.id,
        from: 'scheduled',
        to: 'scheduled',
        by: actor.id,
        at: nowIso,
        reason: 'reschedule',
        previousStart: row.start_at,
        version: row.version,
        patch: {
          start_at: iso(startMs),
          end_at: iso(endMs),
          proposal_start: null,
          proposal_end: null,
          proposal_at: null,
          reminders_sent: '[]',
        },
      });
      if (!done) return false;
      await tx.consultations.keepClaims(row.id, []);
      await tx.consultations.claim(row.id, row.provider_id, buckets);
      tx.emit(consultationEvents.changed(row.id, timing));
      return true;
    });
    if (!moved) throw changedMeanwhile();
    return this.changes.present(row.id, actor.id);
  }
}
