import {
  CONSULTATION_STATUSES,
  type Consultation,
  type ConsultationRole,
  type ConsultationsSettings,
  type ConsultationStatus,
  type CreateConsultationRequest,
  type PublicUser,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { createOwnedRoom, type ChatRepositories } from '../chat/index.js';
import {
  claimBuckets,
  describeRefusal,
  parseInstant,
  refuseProposal,
  refuseStart,
  type BookableProvider,
  type ProvidersService,
} from '../providers/index.js';
import {
  type ConsultationDetail,
  type ConsultationRow,
  type ConsultationsRepository,
  type ConsultationsStore,
} from './consultations.repository.js';
import { presentConsultation } from './consultations.presenter.js';
import { buildIcs } from './ics.js';
import { assertTransition } from './lifecycle.js';

/** Who acts: from the session, never from a payload. */
export type BookingActor = Pick<PublicUser, 'id' | 'displayName'>;

export interface BookingDependencies {
  store: ConsultationsStore;
  providers: ProvidersService;
  /** Schedules a consultation together with its chat room (chat's `createOwnedRoom`). */
  uow: UnitOfWork<ChatRepositories & { consultations: ConsultationsRepository }>;
  settings: () => Promise<ConsultationsSettings>;
  realtime: RealtimePort;
  clock: Clock;
  /** Where this Parley is reached: links in calendar files. */
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

export interface ListQuery {
  role?: ConsultationRole | undefined;
  status?: string | undefined;
  when?: 'upcoming' | 'past' | undefined;
  limit?: number | undefined;
  before?: string | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Stale holds expired per sweep pass (the rest wait for the next, 5 s later). */
const SWEEP_BATCH = 100;
const LIST_DEFAULT = 50;

const invalid = (path: string, message: string) => Errors.validation([{ path, message }], message);
const iso = (ms: number) => new Date(ms).toISOString();
const changedMeanwhile = () =>
  Errors.consultationState('This consultation changed meanwhile; reload it and try again');

/** 400 unless `value` is an ISO instant (with Z or an offset); the milliseconds otherwise. */
function parseStart(value: string): number {
  const ms = parseInstant(value);
  if (ms === null) {
    throw invalid('start', 'Send start as an ISO-8601 instant such as 2026-12-01T09:00:00.000Z');
  }
  return ms;
}

/**
 * Booking: holding a slot, confirming it, a provider's proposals (a new session, or a new time for
 * a scheduled one) that the client accepts or declines, cancelling and rescheduling, and the lists.
 * Double booking is refused by the database: each booking claims its 5-minute buckets (start to end
 * plus the provider's buffer) in the transaction that writes it, and a bucket someone else holds is
 * a unique violation → 409 slot_taken. Every status change goes through the repository's
 * `transition` and is announced (`consultation:updated`, to each party as they see it) after commit.
 */
export class BookingService {
  constructor(private readonly deps: BookingDependencies) {}

  private get repo(): ConsultationsRepository {
    return this.deps.store.consultations;
  }

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  // ——————————————————————————————————————— creating ———————————————————————————————————————

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
    if (request.clientId !== undefined) return this.proposeNew(actor, request);
    if (request.providerId === undefined) throw invalid('providerId', 'Choose a provider to book');
    const startMs = parseStart(request.start);
    if (request.providerId === actor.id) {
      throw invalid('providerId', 'You cannot book a session with yourself');
    }
    const provider = await this.deps.providers.bookable(request.providerId);
    if (!provider?.active) throw Errors.notFound('This provider');
    const name = provider.record.display_name;
    if (!provider.accepting) throw Errors.slotUnavailable(`${name} is not taking new bookings right now`);
    const now = this.nowMs();
    const refusal = refuseStart(provider.availability, startMs, now);
    if (refusal) throw Errors.slotUnavailable(describeRefusal(refusal, provider.availability, name));
    const settings = await this.deps.settings();
    const row = this.newRow({
      providerId: request.providerId,
      clientId: actor.id,
      bookedBy: 'client',
      startMs,
      endMs: startMs + provider.availability.sessionMinutes * MINUTE,
      heldUntilMs: now + settings.holdMinutes * MINUTE,
      nickname: request.nickname ?? null,
      now,
    });
    return this.insertNew(actor, row, provider, { replaceHolds: true });
  }

  private async proposeNew(
    actor: BookingActor,
    request: CreateConsultationRequest,
  ): Promise<{ consultation: Consultation; created: boolean }> {
    const clientId = request.clientId!;
    if (request.providerId !== undefined && request.providerId !== actor.id) {
      throw Errors.forbidden('You can only propose sessions with yourself as the provider');
    }
    if (request.nickname !== undefined) {
      throw invalid('nickname', 'A nickname is the client’s to choose; leave it out of a proposal');
    }
    const provider = await this.deps.providers.bookable(actor.id);
    if (!provider?.active) throw Errors.forbidden('Only providers can propose a session to a client');
    if (clientId === actor.id) throw invalid('clientId', 'You cannot propose a session to yourself');
    const now = this.nowMs();
    // "now": the next 5-minute mark (claims are on that grid), or this one if it is exactly now.
    const startNow = request.start === 'now';
    const startMs = startNow ? Math.ceil(now / (5 * MINUTE)) * 5 * MINUTE : parseStart(request.start);
    if (!(await this.repo.isActiveUser(clientId))) {
      throw invalid('clientId', 'This client does not exist or is deactivated');
    }
    const refusal = startNow ? null : refuseProposal(provider.availability, startMs, now);
    if (refusal) throw Errors.slotUnavailable(describeRefusal(refusal, provider.availability, 'You'));
    const settings = await this.deps.settings();
    const row = this.newRow({
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
    return this.insertNew(actor, row, provider, { replaceHolds: false });
  }

  private newRow(p: {
    providerId: string;
    clientId: string;
    bookedBy: ConsultationRole;
    startMs: number;
    endMs: number;
    heldUntilMs: number;
    nickname: string | null;
    now: number;
  }) {
    return {
      id: newId(p.now),
      provider_id: p.providerId,
      client_id: p.clientId,
      status: 'held' as const,
      booked_by: p.bookedBy,
      client_nickname: p.nickname,
      start_at: iso(p.startMs),
      end_at: iso(p.endMs),
      held_until: iso(p.heldUntilMs),
      proposal_start: null,
      proposal_end: null,
      proposal_at: null,
      room_id: null,
      provider_joined_at: null,
      client_joined_at: null,
      provider_left_at: null,
      client_left_at: null,
      canceled_by: null,
      cancel_reason: null,
      ended_at: null,
      purge_at: null,
      purged_at: null,
      created_at: iso(p.now),
      updated_at: iso(p.now),
    };
  }

  /**
   * One transaction: lapsed holds of this provider expire (so they block nothing), the client's
   * other open holds with this provider are let go (one hold per client and provider), then the row,
   * its history and its claims are written. A claim someone else holds → 409 slot_taken, nothing kept.
   * A client repeating a live hold of the same slot (a retry, a second tab) gets that hold back
   * (`created: false`), also when the repeats race: the loser's claim collides with the winner's, and
   * the winner's hold is then the client's own.
   */
  private async insertNew(
    actor: BookingActor,
    row: ReturnType<BookingService['newRow']>,
    provider: BookableProvider,
    { replaceHolds }: { replaceHolds: boolean },
  ): Promise<{ consultation: Consultation; created: boolean }> {
    const buckets = claimBuckets(
      Date.parse(row.start_at),
      Date.parse(row.end_at),
      provider.availability.bufferMinutes,
    );
    const sameHold = (holds: ConsultationRow[], nowIso: string) =>
      holds.find(
        (h) =>
          h.start_at === row.start_at &&
          h.end_at === row.end_at &&
          // Under another nickname (or now with one) it is a new hold: the client chose how to appear.
          h.client_nickname === row.client_nickname &&
          h.held_until !== null &&
          h.held_until > nowIso,
      );
    let outcome: { changed: string[]; repeated: string | null };
    try {
      outcome = await this.deps.store.transaction(async (tx) => {
        const expired = await this.expireStale(tx, row.created_at, row.provider_id);
        const replaced: string[] = [];
        if (replaceHolds) {
          const open = await tx.openHolds(row.client_id, row.provider_id);
          const same = sameHold(open, row.created_at);
          if (same) return { changed: expired, repeated: same.id };
          for (const hold of open) {
            const let_go = await tx.transition({
              id: hold.id,
              from: 'held',
              to: 'canceled',
              by: actor.id,
              at: row.created_at,
              reason: 'replaced',
              patch: { canceled_by: 'client', cancel_reason: 'Replaced by a new hold' },
            });
            if (let_go) replaced.push(hold.id);
          }
        }
        await tx.insert(row, buckets, actor.id);
        return { changed: [...expired, ...replaced], repeated: null };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same client's repeat committed first (their other tab, a retry): that is their hold.
      const same = replaceHolds
        ? sameHold(await this.repo.openHolds(row.client_id, row.provider_id), iso(this.nowMs()))
        : undefined;
      if (!same) throw Errors.slotTaken();
      return { consultation: await this.present(same.id, actor.id), created: false };
    }
    for (const id of outcome.changed) await this.announce(id);
    if (outcome.repeated !== null) {
      return { consultation: await this.present(outcome.repeated, actor.id), created: false };
    }
    return { consultation: await this.announce(row.id, actor.id), created: true };
  }

  // ——————————————————————————————————————— answering ——————————————————————————————————————

  /** The client confirms a hold (held → scheduled) and the consultation's chat room is made. */
  async confirm(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    if (this.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('Only the client confirms a booking');
    }
    // A repeated confirm (a second click, a retry) answers with what the first did.
    if (row.status === 'scheduled') return this.present(row.id, actor.id);
    assertTransition(row.status, 'scheduled', 'confirmed');
    await this.refuseLapsed(row);
    return this.schedule(actor, row, 'confirmed');
  }

  /**
   * The client accepts: a provider's new session (held → scheduled), or a new time proposed for a
   * scheduled consultation (it moves there, the old start recorded, the old time's claims released).
   */
  async accept(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    if (this.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('Only the client answers a proposal');
    }
    if (row.status === 'held' && row.booked_by === 'provider') {
      assertTransition(row.status, 'scheduled', 'accepted');
      await this.refuseLapsed(row);
      return this.schedule(actor, row, 'accepted');
    }
    const proposal = this.pendingProposal(row, 'accept');
    assertTransition(row.status, 'scheduled', 'moved');
    await this.refuseLapsed(row);
    const nowIso = iso(this.nowMs());
    const buffer = await this.repo.bufferMinutesOf(row.provider_id);
    const ok = await this.claimingTransaction(async (tx) => {
      const moved = await tx.transition({
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
        await tx.keepClaims(row.id, wanted);
        const held = new Set(await tx.claimsOf(row.id));
        await tx.claim(
          row.id,
          row.provider_id,
          wanted.filter((b) => !held.has(b)),
        );
      }
      return moved;
    });
    if (!ok) throw changedMeanwhile();
    return this.announce(row.id, actor.id);
  }

  /** The client declines: a provider's new session is canceled; a proposed new time is dropped. */
  async decline(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    if (this.roleOf(row, actor) !== 'client') {
      throw Errors.forbidden('Only the client answers a proposal');
    }
    const nowIso = iso(this.nowMs());
    if (row.status === 'held' && row.booked_by === 'provider') {
      assertTransition(row.status, 'canceled', 'declined');
      const ok = await this.deps.store.transaction((tx) =>
        tx.transition({
          id: row.id,
          from: 'held',
          to: 'canceled',
          by: actor.id,
          at: nowIso,
          reason: 'declined',
          version: row.version,
          patch: { canceled_by: 'client', cancel_reason: 'Declined' },
        }),
      );
      if (!ok) throw changedMeanwhile();
      return this.announce(row.id, actor.id);
    }
    this.pendingProposal(row, 'decline');
    assertTransition(row.status, 'scheduled', 'changed');
    const buffer = await this.repo.bufferMinutesOf(row.provider_id);
    const ok = await this.deps.store.transaction(async (tx) => {
      const dropped = await tx.transition({
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
        await tx.keepClaims(row.id, claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer));
      }
      return dropped;
    });
    if (!ok) throw changedMeanwhile();
    return this.announce(row.id, actor.id);
  }

  /**
   * Either party cancels before the start: a hold is canceled; a scheduled consultation is canceled,
   * or late_canceled inside `lateCancelHours` of its start. The time is free again.
   */
  async cancel(actor: BookingActor, id: string, reason?: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    const settings = await this.deps.settings();
    const now = this.nowMs();
    const startMs = Date.parse(row.start_at);
    let to: ConsultationStatus = 'canceled';
    if (row.status === 'scheduled') {
      if (now >= startMs) {
        throw Errors.consultationState('This consultation has already started, so it cannot be canceled');
      }
      if (now >= startMs - settings.lateCancelHours * HOUR) to = 'late_canceled';
    }
    assertTransition(row.status, to, 'canceled');
    const ok = await this.deps.store.transaction((tx) =>
      tx.transition({
        id: row.id,
        from: row.status,
        to,
        by: actor.id,
        at: iso(now),
        reason: 'canceled',
        version: row.version,
        patch: {
          canceled_by: this.roleOf(row, actor),
          cancel_reason: reason && reason !== '' ? reason : null,
          // Its chat (if it had one) is kept for the retention period, like any ended consultation's.
          purge_at: row.room_id ? iso(now + settings.retentionDays * 24 * HOUR) : null,
        },
      }),
    );
    if (!ok) throw changedMeanwhile();
    return this.announce(row.id, actor.id);
  }

  /**
   * Either party moves a scheduled consultation to another free slot before it starts: same id, the
   * old start recorded (reason `reschedule`), the claims swapped in one transaction.
   */
  async reschedule(actor: BookingActor, id: string, start: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    this.requireScheduledBeforeStart(row, 'rescheduled');
    const startMs = parseStart(start);
    if (startMs === Date.parse(row.start_at)) {
      throw invalid('start', 'The consultation is already at that time');
    }
    const provider = await this.requireProvider(row);
    const now = this.nowMs();
    const refusal = refuseStart(provider.availability, startMs, now);
    if (refusal) {
      throw Errors.slotUnavailable(
        describeRefusal(refusal, provider.availability, provider.record.display_name),
      );
    }
    const endMs = startMs + provider.availability.sessionMinutes * MINUTE;
    const buckets = claimBuckets(startMs, endMs, provider.availability.bufferMinutes);
    const nowIso = iso(now);
    assertTransition(row.status, 'scheduled', 'rescheduled');
    const changed = await this.claimingTransaction(async (tx) => {
      const expired = await this.expireStale(tx, nowIso, row.provider_id);
      const moved = await tx.transition({
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
      if (!moved) return null;
      await tx.keepClaims(row.id, []);
      await tx.claim(row.id, row.provider_id, buckets);
      return expired;
    });
    if (!changed) throw changedMeanwhile();
    for (const other of changed) await this.announce(other);
    return this.announce(row.id, actor.id);
  }

  /**
   * The provider proposes a new time for a scheduled consultation: it is claimed at once (nobody
   * else can take it) and waits for the client until the earliest of the proposed start, the current
   * start and `proposalHours` from now. A new proposal replaces a pending one.
   */
  async propose(actor: BookingActor, id: string, start: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    if (this.roleOf(row, actor) !== 'provider') {
      throw Errors.forbidden('Only the provider proposes a new time; reschedule to move it yourself');
    }
    this.requireScheduledBeforeStart(row, 'given a new time');
    const startMs = parseStart(start);
    if (startMs === Date.parse(row.start_at)) {
      throw invalid('start', 'The consultation is already at that time');
    }
    const provider = await this.deps.providers.bookable(actor.id);
    if (!provider?.active) throw Errors.forbidden('Only providers can propose a new time');
    const now = this.nowMs();
    const refusal = refuseProposal(provider.availability, startMs, now);
    if (refusal) throw Errors.slotUnavailable(describeRefusal(refusal, provider.availability, 'You'));
    const settings = await this.deps.settings();
    const endMs = startMs + provider.availability.sessionMinutes * MINUTE;
    const buffer = provider.availability.bufferMinutes;
    const deadline = Math.min(startMs, Date.parse(row.start_at), now + settings.proposalHours * HOUR);
    const nowIso = iso(now);
    assertTransition(row.status, 'scheduled', 'given a new time');
    const changed = await this.claimingTransaction(async (tx) => {
      const expired = await this.expireStale(tx, nowIso, row.provider_id);
      const proposed = await tx.transition({
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
      if (!proposed) return null;
      // Keep the current time's claims, let a replaced proposal's go, claim the new one.
      const current = new Set(claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer));
      const held = await tx.claimsOf(row.id);
      const wanted = claimBuckets(startMs, endMs, buffer);
      await tx.keepClaims(row.id, [...held.filter((b) => current.has(b)), ...wanted]);
      const still = new Set(await tx.claimsOf(row.id));
      await tx.claim(
        row.id,
        row.provider_id,
        wanted.filter((b) => !still.has(b)),
      );
      return expired;
    });
    if (!changed) throw changedMeanwhile();
    for (const other of changed) await this.announce(other);
    return this.announce(row.id, actor.id);
  }

  // ——————————————————————————————————————— reading ————————————————————————————————————————

  async get(actor: BookingActor, id: string): Promise<Consultation> {
    const row = await this.partyRow(actor, id);
    return this.present(row.id, actor.id);
  }

  /** Mine, as client, provider or either; filtered by status (comma-separated) and upcoming/past. */
  async list(actor: BookingActor, query: ListQuery): Promise<Consultation[]> {
    let statuses: ConsultationStatus[] | undefined;
    if (query.status !== undefined && query.status.trim() !== '') {
      const asked = query.status.split(',').map((s) => s.trim());
      const unknown = asked.filter((s) => !(CONSULTATION_STATUSES as readonly string[]).includes(s));
      if (unknown.length > 0) {
        throw invalid('status', `Unknown status "${unknown[0]}"; use ${CONSULTATION_STATUSES.join(', ')}`);
      }
      statuses = asked as ConsultationStatus[];
    }
    let before: string | undefined;
    if (query.before !== undefined) {
      const ms = parseInstant(query.before);
      if (ms === null) {
        throw invalid('before', 'before is an ISO-8601 instant such as 2026-12-01T09:00:00.000Z');
      }
      before = iso(ms);
    }
    const rows = await this.repo.list({
      userId: actor.id,
      role: query.role,
      statuses,
      when: query.when,
      before,
      limit: query.limit ?? LIST_DEFAULT,
    });
    const timing = await this.deps.settings();
    return (await this.repo.details(rows)).map((d) => presentConsultation(d, actor.id, timing));
  }

  /** The calendar file of a scheduled (or running) consultation, from the caller's side. */
  async calendar(actor: BookingActor, id: string): Promise<string> {
    const row = await this.partyRow(actor, id);
    if (row.status !== 'scheduled' && row.status !== 'active') {
      throw Errors.consultationState('Only a scheduled consultation has a calendar entry');
    }
    const detail = await this.detail(row.id);
    const consultation = presentConsultation(detail, actor.id, await this.deps.settings());
    const other = consultation.role === 'client' ? consultation.provider : consultation.client;
    const url = `${this.deps.publicUrl}/consultations/${row.id}`;
    return buildIcs({
      id: row.id,
      sequence: detail.history.filter((h) => h.previous_start !== null).length,
      start: row.start_at,
      end: row.end_at,
      stamp: row.updated_at,
      summary: `Consultation with ${other.displayName}`,
      description: `Your consultation with ${other.displayName} on Parley. Join it here: ${url}`,
      url,
      status: 'CONFIRMED',
    });
  }

  // ——————————————————————————————————————— timers —————————————————————————————————————————

  /**
   * The sweeper's pass (every 5 s): holds and provider proposals past their time expire (their
   * claims released), lapsed proposed new times are dropped. Each in its own transaction, claimed by
   * the conditional update, so two nodes or a repeated pass act once. Returns how many changed.
   */
  async expireHolds(): Promise<number> {
    const nowIso = iso(this.nowMs());
    const stale = await this.repo.stale(nowIso, SWEEP_BATCH);
    let changed = 0;
    for (const row of stale) {
      const done = await this.deps.store.transaction((tx) => this.expireOne(tx, row, nowIso));
      if (done) {
        changed++;
        await this.announce(row.id);
      }
    }
    return changed;
  }

  // ——————————————————————————————————————— helpers ————————————————————————————————————————

  /**
   * Tells both parties (each from their own side) after a committed change; returns the caller's
   * view when `viewerId` is given. Other consultation files may call it after their own changes.
   */
  async announce(id: string, viewerId?: string): Promise<Consultation> {
    const detail = await this.detail(id);
    const timing = await this.deps.settings();
    const forProvider = presentConsultation(detail, detail.row.provider_id, timing);
    const forClient = presentConsultation(detail, detail.row.client_id, timing);
    this.deps.realtime.toUser(detail.row.provider_id, 'consultation:updated', forProvider);
    if (detail.row.client_id !== detail.row.provider_id) {
      this.deps.realtime.toUser(detail.row.client_id, 'consultation:updated', forClient);
    }
    return viewerId === detail.row.provider_id ? forProvider : forClient;
  }

  /** The consultation as `viewerId` sees it (no access check: callers have done it). */
  async present(id: string, viewerId: string): Promise<Consultation> {
    return presentConsultation(await this.detail(id), viewerId, await this.deps.settings());
  }

  private async detail(id: string): Promise<ConsultationDetail> {
    const detail = await this.repo.detail(id);
    if (!detail) throw Errors.consultationNotFound();
    return detail;
  }

  /** The consultation if the actor is one of its two parties; the same 404 as a missing one otherwise. */
  async partyRow(actor: Pick<BookingActor, 'id'>, id: string): Promise<ConsultationRow> {
    const row = await this.repo.get(id);
    if (!row || (row.client_id !== actor.id && row.provider_id !== actor.id)) {
      throw Errors.consultationNotFound();
    }
    return row;
  }

  private roleOf(row: ConsultationRow, actor: Pick<BookingActor, 'id'>): ConsultationRole {
    return row.provider_id === actor.id ? 'provider' : 'client';
  }

  private requireScheduledBeforeStart(row: ConsultationRow, action: string): void {
    if (row.status === 'held') {
      throw Errors.consultationState(`This booking is not confirmed yet, so it cannot be ${action}`);
    }
    if (row.status !== 'scheduled') assertTransition(row.status, 'scheduled', action);
    if (this.nowMs() >= Date.parse(row.start_at)) {
      throw Errors.consultationState(`This consultation has already started, so it cannot be ${action}`);
    }
  }

  private pendingProposal(
    row: ConsultationRow,
    action: 'accept' | 'decline',
  ): { start: string; end: string } {
    if (row.status !== 'scheduled' || row.proposal_start === null || row.proposal_end === null) {
      throw Errors.consultationState(
        row.status === 'held' && row.booked_by === 'client'
          ? `This is your own hold: confirm or cancel it, there is no proposal to ${action}`
          : `There is no proposed time to ${action}`,
      );
    }
    return { start: row.proposal_start, end: row.proposal_end };
  }

  /** A hold or proposal whose time ran out is expired now (and announced), then refused with 409. */
  private async refuseLapsed(row: ConsultationRow): Promise<void> {
    const nowIso = iso(this.nowMs());
    if (row.held_until === null || row.held_until > nowIso) return;
    const done = await this.deps.store.transaction((tx) => this.expireOne(tx, row, nowIso));
    if (done) await this.announce(row.id);
    throw Errors.consultationState(
      row.status === 'held' && row.booked_by === 'client'
        ? 'This hold expired before it was confirmed; choose the slot again'
        : 'This proposal expired before it was answered',
    );
  }

  /** Held → expired, or a lapsed proposal dropped; false when the row had moved on. */
  private async expireOne(
    tx: ConsultationsRepository,
    row: ConsultationRow,
    nowIso: string,
  ): Promise<boolean> {
    if (row.status === 'held') {
      assertTransition(row.status, 'expired', 'expired');
      return tx.transition({
        id: row.id,
        from: 'held',
        to: 'expired',
        by: null,
        at: nowIso,
        reason: row.booked_by === 'provider' ? 'proposal_expired' : 'hold_expired',
        version: row.version,
      });
    }
    const dropped = await tx.transition({
      id: row.id,
      from: 'scheduled',
      to: 'scheduled',
      by: null,
      at: nowIso,
      reason: 'proposal_expired',
      version: row.version,
      patch: { proposal_start: null, proposal_end: null, proposal_at: null },
    });
    if (dropped) {
      const buffer = await tx.bufferMinutesOf(row.provider_id);
      await tx.keepClaims(row.id, claimBuckets(Date.parse(row.start_at), Date.parse(row.end_at), buffer));
    }
    return dropped;
  }

  /** Inside a booking's transaction: the provider's lapsed holds and proposals stop blocking. */
  private async expireStale(
    tx: ConsultationsRepository,
    nowIso: string,
    providerId: string,
  ): Promise<string[]> {
    const expired: string[] = [];
    for (const row of await tx.stale(nowIso, SWEEP_BATCH, providerId)) {
      if (await this.expireOne(tx, row, nowIso)) expired.push(row.id);
    }
    return expired;
  }

  /** A transaction whose claims may collide with someone else's: a unique violation is 409 slot_taken. */
  private async claimingTransaction<T>(work: (tx: ConsultationsRepository) => Promise<T>): Promise<T> {
    try {
      return await this.deps.store.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.slotTaken();
      throw err;
    }
  }

  /**
   * The consultation's provider for a move to a new time: like confirming, that takes new time of
   * theirs, so a revoked provider or a deactivated account refuses it (what was booked stays).
   */
  private async requireProvider(row: ConsultationRow): Promise<BookableProvider> {
    const provider = await this.deps.providers.bookable(row.provider_id);
    if (!provider) throw Errors.slotUnavailable('The provider of this consultation no longer exists');
    if (!provider.active) {
      throw Errors.slotUnavailable(
        `${provider.record.display_name} is no longer taking bookings, so this consultation cannot move; it can still be canceled`,
      );
    }
    return provider;
  }

  /** held → scheduled, with its chat room: both commit, or neither. */
  private async schedule(actor: BookingActor, row: ConsultationRow, reason: string): Promise<Consultation> {
    const provider = await this.deps.providers.bookable(row.provider_id);
    if (!provider?.active) {
      throw Errors.slotUnavailable(
        `${provider?.record.display_name ?? 'This provider'} is no longer taking bookings`,
      );
    }
    const nowIso = iso(this.nowMs());
    try {
      await this.deps.uow.run(async (tx) => {
        const roomId = await createOwnedRoom(tx, {
          type: 'consultation',
          key: row.id,
          displayName: `Consultation ${row.start_at.slice(0, 10)}`,
          createdBy: row.client_id,
          members: [
            { userId: row.provider_id },
            ...(row.client_id === row.provider_id
              ? []
              : [{ userId: row.client_id, alias: row.client_nickname }]),
          ],
          nowIso,
        });
        const ok = await tx.consultations.transition({
          id: row.id,
          from: 'held',
          to: 'scheduled',
          by: actor.id,
          at: nowIso,
          reason,
          version: row.version,
          patch: { room_id: roomId },
        });
        if (!ok) throw changedMeanwhile();
      });
    } catch (err) {
      // Another request scheduled it first (its room holds this consultation's key).
      if (isUniqueViolation(err)) throw changedMeanwhile();
      throw err;
    }
    return this.announce(row.id, actor.id);
  }
}
