import type { Consultation, CreateConsultationRequest } from '@parley/shared';
import { Errors } from '../../errors.js';
import { claimBuckets, describeRefusal, refuseProposal, type BookableProvider } from '../providers/index.js';
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
  type NewConsultation,
} from './consultation-changes.js';
import { consultationEvents } from './consultations.events.js';
import { expireStale } from './holds.js';
import { assertTransition } from './lifecycle.js';

/**
 * A provider's proposals and the client's answers: a new session for a client (possibly right now),
 * a new time for a scheduled consultation (claimed at once), accepting and declining either.
 */
export class ProposalsService {
  private readonly changes: ConsultationChanges;

  constructor(private readonly deps: BookingDependencies) {
    this.changes = new ConsultationChanges(deps);
  }

  /**
   * A provider proposes a new session to a client (`clientId` + `start`, which may be `now`): held
   * until the client answers, at most `proposalHours` and never past its start.
   */
  async offer(
    actor: BookingActor,
    request: CreateConsultationRequest,
  ): Promise<{ consultation: Consultation; created: boolean }> {
    const clientId = request.clientId!;
    const plan = await this.plan(actor, request);
    if (clientId === actor.id) throw invalid('clientId', 'proposeToSelf');
    if (!(await this.deps.uow.repos.consultations.isActiveUser(clientId))) {
      throw invalid('clientId', 'clientNotFound');
    }
    return this.changes.insertNew(actor, plan.row(clientId), plan.provider, { replaceHolds: false });
  }

  /**
   * The checks of a provider's new session, whoever the client is (an account or a guest, issue 19):
   * the actor is an active provider proposing for themselves, the time suits their availability
   * (`now` is the next 5-minute mark). `row` makes the consultation for a client.
   */
  async plan(
    actor: BookingActor,
    request: CreateConsultationRequest,
  ): Promise<{ provider: BookableProvider; row: (clientId: string) => NewConsultation }> {
    if (request.providerId !== undefined && request.providerId !== actor.id) {
      throw Errors.forbidden('proposeAsSelf');
    }
    if (request.nickname !== undefined) {
      throw invalid('nickname', 'nicknameInProposal');
    }
    const provider = await this.deps.providers.bookable(actor.id);
    if (!provider?.active) throw Errors.forbidden('providersPropose');
    const now = this.changes.nowMs();
    // "now": the next 5-minute mark (claims are on that grid), or this one if it is exactly now.
    const startNow = request.start === 'now';
    const startMs = startNow ? Math.ceil(now / (5 * MINUTE)) * 5 * MINUTE : parseStart(request.start);
    const refusal = startNow ? null : refuseProposal(provider.availability, startMs, now);
    if (refusal) throw refused(describeRefusal(refusal, provider.availability, null));
    const settings = await this.deps.settings();
    const row = (clientId: string) =>
      this.changes.newRow({
        providerId: actor.id,
        clientId,
        bookedBy: 'provider',
        startMs,
        endMs: startMs + provider.availability.sessionMinutes * MINUTE,
        // A session now waits for the client a few minutes past its start (as long as a hold, and never
        // until the provider would count as a no-show); a later one until its start at the latest.
        heldUntilMs: startNow
          ? startMs + Math.min(settings.holdMinutes, settings.noShowMinutes) * MINUTE
          : Math.min(startMs, now + settings.proposalHours * HOUR),
        nickname: null,
        now,
      });
    return { provider, row };
  }

  /**
   * The client accepts: a provider's new session (held → scheduled), or a new time proposed for a
   * scheduled consultation (it moves there, the old start recorded, the old time's claims released).
   */
  async accept(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    if (this.changes.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('clientAnswersProposal');
    }
    if (row.status === 'held' && row.booked_by === 'provider') {
      assertTransition(row.status, 'scheduled', 'accepted');
      await this.changes.refuseLapsed(row);
      return this.changes.schedule(actor, row, 'accepted');
    }
    const proposal = this.changes.pendingProposal(row, 'accept');
    assertTransition(row.status, 'scheduled', 'moved');
    await this.changes.refuseLapsed(row);
    const nowIso = iso(this.changes.nowMs());
    const buffer = await this.deps.uow.repos.consultations.bufferMinutesOf(row.provider_id);
    const timing = await this.deps.settings();
    const ok = await this.changes.claimingTransaction(async (tx) => {
      const moved = await tx.consultations.transition({
        id: row.id,
        from: 'scheduled',
        to: 'scheduled',
        by: actor.id,
        at: nowIso,
        reason: 'proposal_accepted',
        previousStart: row.start_at,
        version: row.version,
        patch: {
          start_at: proposal.start,
          end_at: proposal.end,
          proposal_start: null,
          proposal_end: null,
          proposal_at: null,
          reminders_sent: '[]',
        },
      });
      // The proposed time was claimed when proposed; the old one is let go. If the provider's
      // buffer grew since, the extra minutes are claimed now (taken meanwhile: slot_taken, nothing moves).
      if (moved) {
        const wanted = claimBuckets(Date.parse(proposal.start), Date.parse(proposal.end), buffer);
        await tx.consultations.keepClaims(row.id, wanted);
        const held = new Set(await tx.consultations.claimsOf(row.id));
        await tx.consultations.claim(
          row.id,
          row.provider_id,
          wanted.filter((b) => !held.has(b)),
        );
        tx.emit(consultationEvents.changed(row.id, timing));
      }
      return moved;
    });
    if (!ok) throw changedMeanwhile();
    return this.changes.present(row.id, actor.id);
  }

  /** The client declines: a provider's new session is canceled; a proposed new time is dropped. */
  async decline(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    if (this.changes.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('clientAnswersProposal');
    }
    const nowIso = iso(this.changes.nowMs());
    const timing = await this.deps.settings();
    if (row.status === 'held' && row.booked_by === 'provider') {
      assertTransition(row.status, 'canceled', 'declined');
      const ok = await this.deps.uow.run(async (tx) => {
        const declined = await tx.consultations.transition({
          id: row.id,
          from: 'held',
          to: 'canceled',
          by: actor.id,
          at: nowIso,
          reason: 'declined',
          version: row.version,
          patch: { canceled_by: 'client', cancel_reason: 'Declined' },
        });
        if (declined) tx.emit(consultationEvents.changed(row.id, timing));
        return declined;
      });
      if (!ok) throw changedMeanwhile();
      return this.changes.present(row.id, actor.id);
    }
    this.changes.pendingProposal(row, 'decline');
    assertTransition(row.status, 'scheduled', 'changed');
    const buffer = await this.deps.uow.repos.consultations.bufferMinutesOf(row.provider_id);
    const ok = await this.deps.uow.run(async (tx) => {
      const dropped = await tx.consultations.transition({
        id: row.id,
        from: 'scheduled',
        to: 'scheduled',
        by: actor.id,
        at: nowIso,
        reason: 'proposal_declined',
        version: row.version,
        patch: { proposal_start: null, proposal_end: null, proposal_at: null },
      });
      if (dropped) {
        await tx.consultations.keepClaims(
          row.id,
          claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer),
        );
        tx.emit(consultationEvents.changed(row.id, timing));
      }
      return dropped;
    });
    if (!ok) throw changedMeanwhile();
    return this.changes.present(row.id, actor.id);
  }

  /**
   * The provider proposes a new time for a scheduled consultation: it is claimed at once (nobody
   * else can take it) and waits for the client until the earliest of the proposed start, the current
   * start and `proposalHours` from now. A new proposal replaces a pending one.
   */
  async propose(actor: BookingActor, id: string, start: string): Promise<Consultation> {
    const row = await this.changes.partyRow(actor, id);
    if (this.changes.roleOf(row, actor) !== 'provider') {
      throw Errors.forbidden('providerProposesNewTime');
    }
    this.changes.requireScheduledBeforeStart(row, 'givenNewTime');
    const startMs = parseStart(start);
    if (startMs === Date.parse(row.start_at)) {
      throw invalid('start', 'alreadyAtThatTime');
    }
    const provider = await this.deps.providers.bookable(actor.id);
    if (!provider?.active) throw Errors.forbidden('providersProposeNewTime');
    const now = this.changes.nowMs();
    const refusal = refuseProposal(provider.availability, startMs, now);
    if (refusal) throw refused(describeRefusal(refusal, provider.availability, null));
    const settings = await this.deps.settings();
    const endMs = startMs + provider.availability.sessionMinutes * MINUTE;
    const buffer = provider.availability.bufferMinutes;
    const deadline = Math.min(startMs, Date.parse(row.start_at), now + settings.proposalHours * HOUR);
    const nowIso = iso(now);
    assertTransition(row.status, 'scheduled', 'givenNewTime');
    const proposed = await this.changes.claimingTransaction(async (tx) => {
      await expireStale(tx, nowIso, row.provider_id, settings);
      const done = await tx.consultations.transition({
        id: row.id,
        from: 'scheduled',
        to: 'scheduled',
        by: actor.id,
        at: nowIso,
        reason: 'proposal',
        version: row.version,
        patch: {
          proposal_start: iso(startMs),
          proposal_end: iso(endMs),
          proposal_at: nowIso,
          held_until: iso(deadline),
        },
      });
      if (!done) return false;
      // Keep the current time's claims, let a replaced proposal's go, claim the new one.
      const current = new Set(claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer));
      const held = await tx.consultations.claimsOf(row.id);
      const wanted = claimBuckets(startMs, endMs, buffer);
      await tx.consultations.keepClaims(row.id, [...held.filter((b) => current.has(b)), ...wanted]);
      const still = new Set(await tx.consultations.claimsOf(row.id));
      await tx.consultations.claim(
        row.id,
        row.provider_id,
        wanted.filter((b) => !still.has(b)),
      );
      tx.emit(consultationEvents.changed(row.id, settings));
      return true;
    });
    if (!proposed) throw changedMeanwhile();
    return this.changes.present(row.id, actor.id);
  }
}
