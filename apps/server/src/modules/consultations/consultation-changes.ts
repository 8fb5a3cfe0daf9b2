import type {
  Consultation,
  ConsultationRole,
  ConsultationsSettings,
  Locale,
  PublicUser,
} from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import type { Transaction, UnitOfWork } from '../../db/unit-of-work.js';
import { Errors, type ErrorMessage, type ErrorName } from '../../errors.js';
import type { TextValues } from '../../i18n/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createOwnedRoom, type ChatRepositories } from '../chat/index.js';
import {
  claimBuckets,
  parseInstant,
  type BookableProvider,
  type ProvidersService,
} from '../providers/index.js';
import type {
  ConsultationDetail,
  ConsultationRow,
  ConsultationsRepository,
} from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import { presentConsultation } from './consultations.presenter.js';
import { expireOne, expireStale } from './holds.js';
import { assertTransition } from './lifecycle.js';

/** Who acts: from the session, never from a payload. */
export type BookingActor = Pick<PublicUser, 'id' | 'displayName'> & {
  /** The caller's language (issue 21): a guest they invite gets it until the guest books in their own. */
  locale?: Locale;
};

export type BookingRepositories = ChatRepositories & { consultations: ConsultationsRepository };
export type BookingTransaction = Transaction<BookingRepositories>;

/** What booking, proposals and the lists are built from (one deps object for the three services). */
export interface BookingDependencies {
  providers: ProvidersService;
  /** Every change commits with its history, its claims (and a scheduled one with its chat room). */
  uow: UnitOfWork<BookingRepositories>;
  settings: () => Promise<ConsultationsSettings>;
  clock: Clock;
  /** Where this Parley is reached: links in calendar files. */
  publicUrl: string;
}

export type NewConsultation = ReturnType<ConsultationChanges['newRow']>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const invalid = (path: string, name: ErrorName, values?: TextValues) =>
  Errors.invalidField(path, name, values);

/** A refused time (`describeRefusal`) as the error it is. */
export const refused = ({ name, values }: ErrorMessage) => Errors.slotUnavailable(name, values);
export const iso = (ms: number) => new Date(ms).toISOString();
export const changedMeanwhile = () => Errors.consultationState('consultationChangedMeanwhile');

/** 400 unless `value` is an ISO instant (with Z or an offset); the milliseconds otherwise. */
export function parseStart(value: string): number {
  const ms = parseInstant(value);
  if (ms === null) {
    throw invalid('start', 'startNotInstant');
  }
  return ms;
}

/**
 * The steps `BookingService` and `ProposalsService` share: writing a new hold with its claims,
 * scheduling with the chat room, expiring a lapsed hold before refusing it, and the checks. Double
 * booking is refused by the database: each booking claims its 5-minute buckets (start to end plus the
 * provider's buffer) in the transaction that writes it, and a bucket someone else holds is a unique
 * violation → 409 slot_taken. Every status change goes through the repository's `transition` and
 * emits `consultation.changed` (each party told as they see it, after the commit).
 */
export class ConsultationChanges {
  constructor(private readonly deps: BookingDependencies) {}

  nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  newRow(p: {
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
  async insertNew(
    actor: BookingActor,
    row: NewConsultation,
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
    const timing = await this.deps.settings();
    let repeated: string | null;
    try {
      repeated = await this.deps.uow.run(async (tx) => {
        await expireStale(tx, row.created_at, row.provider_id, timing);
        if (replaceHolds) {
          const open = await tx.consultations.openHolds(row.client_id, row.provider_id);
          const same = sameHold(open, row.created_at);
          if (same) return same.id;
          for (const hold of open) {
            const letGo = await tx.consultations.transition({
              id: hold.id,
              from: 'held',
              to: 'canceled',
              by: actor.id,
              at: row.created_at,
              reason: 'replaced',
              patch: { canceled_by: 'client', cancel_reason: 'Replaced by a new hold' },
            });
            if (letGo) tx.emit(consultationEvents.changed(hold.id, timing));
          }
        }
        await tx.consultations.insert(row, buckets, actor.id);
        tx.emit(consultationEvents.changed(row.id, timing));
        return null;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same client's repeat committed first (their other tab, a retry): that is their hold.
      const same = replaceHolds
        ? sameHold(
            await this.deps.uow.repos.consultations.openHolds(row.client_id, row.provider_id),
            iso(this.nowMs()),
          )
        : undefined;
      if (!same) throw Errors.slotTaken();
      return { consultation: await this.present(same.id, actor.id), created: false };
    }
    if (repeated !== null) return { consultation: await this.present(repeated, actor.id), created: false };
    return { consultation: await this.present(row.id, actor.id), created: true };
  }

  /** The consultation as `viewerId` sees it (no access check: callers have done it). */
  async present(id: string, viewerId: string): Promise<Consultation> {
    return presentConsultation(await this.detail(id), viewerId, await this.deps.settings());
  }

  async detail(id: string): Promise<ConsultationDetail> {
    const detail = await this.deps.uow.repos.consultations.detail(id);
    if (!detail) throw Errors.consultationNotFound();
    return detail;
  }

  /** The consultation if the actor is one of its two parties; the same 404 as a missing one otherwise. */
  async partyRow(actor: Pick<BookingActor, 'id'>, id: string): Promise<ConsultationRow> {
    const row = await this.deps.uow.repos.consultations.get(id);
    if (!row || (row.client_id !== actor.id && row.provider_id !== actor.id)) {
      throw Errors.consultationNotFound();
    }
    return row;
  }

  roleOf(row: ConsultationRow, actor: Pick<BookingActor, 'id'>): ConsultationRole {
    return row.provider_id === actor.id ? 'provider' : 'client';
  }

  requireScheduledBeforeStart(row: ConsultationRow, action: 'rescheduled' | 'givenNewTime'): void {
    if (row.status === 'held') {
      throw Errors.consultationState('bookingNotConfirmed', { action });
    }
    if (row.status !== 'scheduled') assertTransition(row.status, 'scheduled', action);
    if (this.nowMs() >= Date.parse(row.start_at)) {
      throw Errors.consultationState('alreadyStarted', { action });
    }
  }

  pendingProposal(row: ConsultationRow, action: 'accept' | 'decline'): { start: string; end: string } {
    if (row.status !== 'scheduled' || row.proposal_start === null || row.proposal_end === null) {
      throw Errors.consultationState(
        row.status === 'held' && row.booked_by === 'client' ? 'ownHoldNoProposal' : 'noProposedTime',
        { action },
      );
    }
    return { start: row.proposal_start, end: row.proposal_end };
  }

  /** A hold or proposal whose time ran out is expired now (and announced), then refused with 409. */
  async refuseLapsed(row: ConsultationRow): Promise<void> {
    const nowIso = iso(this.nowMs());
    if (row.held_until === null || row.held_until > nowIso) return;
    const timing = await this.deps.settings();
    await this.deps.uow.run((tx) => expireOne(tx, row, nowIso, timing));
    throw Errors.consultationState(
      row.status === 'held' && row.booked_by === 'client' ? 'holdExpired' : 'proposalExpired',
    );
  }

  /** A transaction whose claims may collide with someone else's: a unique violation is 409 slot_taken. */
  async claimingTransaction<T>(work: (tx: BookingTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.deps.uow.run(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.slotTaken();
      throw err;
    }
  }

  /**
   * The consultation's provider for a move to a new time: like confirming, that takes new time of
   * theirs, so a revoked provider or a deactivated account refuses it (what was booked stays).
   */
  async requireProvider(row: ConsultationRow): Promise<BookableProvider> {
    const provider = await this.deps.providers.bookable(row.provider_id);
    if (!provider) throw Errors.slotUnavailable('consultationProviderGone');
    if (!provider.active) {
      throw Errors.slotUnavailable('providerNotTakingBookingsMove', { name: provider.record.display_name });
    }
    return provider;
  }

  /** held → scheduled, with its chat room: both commit, or neither. */
  async schedule(actor: BookingActor, row: ConsultationRow, reason: string): Promise<Consultation> {
    const provider = await this.deps.providers.bookable(row.provider_id);
    if (!provider?.active) {
      throw provider
        ? Errors.slotUnavailable('providerNoLongerTakingBookings', { name: provider.record.display_name })
        : Errors.slotUnavailable('thisProviderNoLongerTakingBookings');
    }
    const nowIso = iso(this.nowMs());
    const timing = await this.deps.settings();
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
        tx.emit(consultationEvents.changed(row.id, timing));
      });
    } catch (err) {
      // Another request scheduled it first (its room holds this consultation's key).
      if (isUniqueViolation(err)) throw changedMeanwhile();
      throw err;
    }
    return this.present(row.id, actor.id);
  }
}
