import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import {
  CONSULTATION_STATUSES,
  ENDED_CONSULTATION_STATUSES,
  type ConsultationRole,
  type ConsultationStatus,
} from '@parley/shared';
import type {
  ConsultationParticipantsTable,
  ConsultationsTable,
  ConsultationTransitionsTable,
  Database,
  UsersTable,
} from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { claimBuckets } from '../providers/index.js';

export type Executor = Kysely<Database> | Transaction<Database>;
export type ConsultationRow = Selectable<ConsultationsTable>;
export type TransitionRow = Selectable<ConsultationTransitionsTable>;
/** The user columns a consultation shows of its parties. */
export type PartyColumns = Pick<
  Selectable<UsersTable>,
  'id' | 'username' | 'display_name' | 'avatar_file'
> & {
  /** 1 for a guest client (issue 19). */
  guest?: number;
  /** Their language (issue 21), for e-mails about the consultation. */
  locale?: string | null;
};

/** A consultation with what presenting it needs: both parties, its history, who gave feedback. */
export interface ConsultationDetail {
  row: ConsultationRow;
  provider: PartyColumns;
  client: PartyColumns;
  /** Oldest first. */
  history: TransitionRow[];
  /** User ids that sent feedback on it. */
  feedbackFrom: string[];
  /** Third participants (issue 19), removed ones too, in the order they were proposed. */
  participants: Selectable<ConsultationParticipantsTable>[];
}

/** What a transition may change besides the status (never the id, parties, version or updated_at). */
export type ConsultationPatch = Omit<
  Updateable<ConsultationsTable>,
  'id' | 'status' | 'provider_id' | 'client_id' | 'version' | 'updated_at' | 'created_at'
>;

export interface TransitionInput {
  id: string;
  /** The status the caller saw; nothing happens if the row has moved on. */
  from: ConsultationStatus;
  to: ConsultationStatus;
  /** Who caused it (a user id); null for the server's timers. */
  by: string | null;
  /** ISO instant: `updated_at`, the transition's time, and `ended_at` when `to` is an ending. */
  at: string;
  /** `reschedule`, `proposal`, `proposal_accepted`, `hold_expired`… (free text, recorded). */
  reason?: string | null;
  /** The start before a move in time (reschedule, accepted proposal). */
  previousStart?: string | null;
  /**
   * Also require this `version` (changes that keep the status, such as scheduled → scheduled, use it
   * so two concurrent moves cannot both apply).
   */
  version?: number;
  patch?: ConsultationPatch;
}

/** Statuses whose claims are released: the time is free again. Finished and no-shows keep theirs. */
export const RELEASING_STATUSES: readonly ConsultationStatus[] = ['canceled', 'late_canceled', 'expired'];

export interface ConsultationFilters {
  userId: string;
  role?: ConsultationRole | undefined;
  statuses?: ConsultationStatus[] | undefined;
  when?: 'upcoming' | 'past' | undefined;
  /** Only consultations starting before this instant. */
  before?: string | undefined;
  limit: number;
}

const bump = sql<number>`version + 1`;

/**
 * Consultations, their claims and their transitions: the only SQL on those tables.
 *
 * The other consultation files (session, sweeper) use, and may rely on staying as they are:
 * - `get(id)`: the row, or undefined;
 * - `detail(id)` / `details(rows)`: the row with parties, history and feedback, for the presenter;
 * - `transition(input)`: THE way a status changes (see its comment); run it inside
 *   a unit of work (`uow.run`) and answer 409 when it returns false;
 * - `patch(id, version, patch)`: changes that are not transitions (join/leave times, presence flags,
 *   reminders sent, purges), guarded by the version read before.
 */
export class ConsultationsRepository {
  constructor(private readonly db: Executor) {}

  get(id: string): Promise<ConsultationRow | undefined> {
    return this.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async detail(id: string): Promise<ConsultationDetail | undefined> {
    const row = await this.get(id);
    return row ? (await this.details([row]))[0] : undefined;
  }

  /** Parties, history, feedback and participants for these rows (four queries whatever their number), in order. */
  async details(rows: ConsultationRow[]): Promise<ConsultationDetail[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const userIds = [...new Set(rows.flatMap((r) => [r.provider_id, r.client_id]))];
    const [users, history, feedback, participants] = await Promise.all([
      this.db
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'avatar_file', 'guest', 'locale'])
        .where('id', 'in', userIds)
        .execute(),
      this.db
        .selectFrom('consultation_transitions')
        .selectAll()
        .where('consultation_id', 'in', ids)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('consultation_feedback')
        .select(['consultation_id', 'user_id'])
        .where('consultation_id', 'in', ids)
        .execute(),
      this.db
        .selectFrom('consultation_participants')
        .selectAll()
        .where('consultation_id', 'in', ids)
        .orderBy('proposed_at')
        .orderBy('id')
        .execute(),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const gone = (id: string): PartyColumns => ({
      id,
      username: 'deleted',
      display_name: 'Deleted user',
      avatar_file: null,
    });
    return rows.map((row) => ({
      row,
      provider: byId.get(row.provider_id) ?? gone(row.provider_id),
      client: byId.get(row.client_id) ?? gone(row.client_id),
      history: history.filter((h) => h.consultation_id === row.id),
      feedbackFrom: feedback.filter((f) => f.consultation_id === row.id).map((f) => f.user_id),
      participants: participants.filter((p) => p.consultation_id === row.id),
    }));
  }

  /**
   * A new consultation, its creation in the history and its claims, in the caller's transaction.
   * Claims are inserted plainly: a bucket someone else holds is a unique violation (`isUniqueViolation`),
   * which the caller turns into 409 slot_taken — on SQLite and PostgreSQL alike, under any concurrency.
   */
  async insert(
    row: Omit<ConsultationRow, 'version' | 'provider_in_call' | 'client_in_call' | 'reminders_sent'>,
    buckets: string[],
    by: string,
  ): Promise<void> {
    await this.db.insertInto('consultations').values(row).execute();
    await this.record({ id: row.id, from: null, to: row.status, by, at: row.created_at });
    await this.claim(row.id, row.provider_id, buckets);
  }

  /**
   * THE way a consultation's status changes (also scheduled → scheduled moves): a conditional UPDATE
   * `where id = ? and status = from [and version = ?]` that sets `status`, bumps `version`, sets
   * `updated_at = at`, clears `held_until` unless the patch sets it, sets `ended_at = at` when `to` is
   * an ending, applies `patch`; then records the transition (from, to, by, at, reason, previousStart).
   * Entering canceled/late_canceled/expired releases every claim; leaving `scheduled` for anything
   * else drops a pending proposal and the claims only it held. Returns false, changing nothing, when
   * the row is no longer in `from` (or at `version`): someone else got there first, answer 409.
   * Callers check `assertTransition(from, to, …)` first.
   */
  async transition(input: TransitionInput): Promise<boolean> {
    const ending = ENDED_CONSULTATION_STATUSES.includes(input.to);
    const updated = await this.db
      .updateTable('consultations')
      .set({
        held_until: null,
        ...(ending ? { ended_at: input.at } : {}),
        ...input.patch,
        status: input.to,
        version: bump,
        updated_at: input.at,
      })
      .where('id', '=', input.id)
      .where('status', '=', input.from)
      .$if(input.version !== undefined, (q) => q.where('version', '=', input.version!))
      .returningAll()
      .executeTakeFirst();
    if (!updated) return false;
    // An ended consultation cannot be joined again: its media key goes with it (data minimisation).
    if (ending) {
      await this.db
        .updateTable('consultation_sessions')
        .set({ e2ee_key: null })
        .where('consultation_id', '=', input.id)
        .where('e2ee_key', 'is not', null)
        .execute();
    } else if (input.from === 'scheduled' && input.to === 'scheduled') {
      // A move makes a new session at the new time: its first join decides the mode and makes a new
      // key, instead of reusing one handed out in the old window (a join can come before the start).
      await this.db
        .updateTable('consultation_sessions')
        .set({ e2ee_mode: null, e2ee_key: null })
        .where('consultation_id', '=', input.id)
        .where('e2ee_mode', 'is not', null)
        .execute();
    }
    await this.record({
      id: input.id,
      from: input.from,
      to: input.to,
      by: input.by,
      at: input.at,
      reason: input.reason ?? null,
      previousStart: input.previousStart ?? null,
    });
    if (RELEASING_STATUSES.includes(input.to)) {
      await this.db.deleteFrom('consultation_claims').where('consultation_id', '=', input.id).execute();
      if (updated.proposal_start !== null) await this.clearProposal(input.id);
    } else if (input.to !== 'scheduled' && updated.proposal_start !== null) {
      await this.clearProposal(input.id);
      const buffer = await this.bufferMinutesOf(updated.provider_id);
      await this.keepClaims(
        input.id,
        claimBuckets(Date.parse(updated.start_at), Date.parse(updated.end_at), buffer),
      );
    }
    return true;
  }

  /** Changes that are not transitions (join times, presence, reminders, purges); false if the version moved. */
  async patch(id: string, version: number, patch: ConsultationPatch, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('consultations')
      .set({ ...patch, version: bump, updated_at: nowIso })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  private async clearProposal(id: string): Promise<void> {
    await this.db
      .updateTable('consultations')
      .set({ proposal_start: null, proposal_end: null, proposal_at: null })
      .where('id', '=', id)
      .execute();
  }

  private async record(t: {
    id: string;
    from: ConsultationStatus | null;
    to: ConsultationStatus;
    by: string | null;
    at: string;
    reason?: string | null;
    previousStart?: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('consultation_transitions')
      .values({
        id: newId(Date.parse(t.at)),
        consultation_id: t.id,
        from_status: t.from,
        to_status: t.to,
        by_user_id: t.by,
        reason: t.reason ?? null,
        previous_start: t.previousStart ?? null,
        at: t.at,
      })
      .execute();
  }

  /** Inserts claims (sorted, one statement: concurrent claimers wait on the same first bucket). */
  async claim(consultationId: string, providerId: string, buckets: string[]): Promise<void> {
    if (buckets.length === 0) return;
    await this.db
      .insertInto('consultation_claims')
      .values(
        [...buckets]
          .sort()
          .map((slot_at) => ({ provider_id: providerId, slot_at, consultation_id: consultationId })),
      )
      .execute();
  }

  /** The buckets this consultation holds. */
  async claimsOf(consultationId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('consultation_claims')
      .select('slot_at')
      .where('consultation_id', '=', consultationId)
      .orderBy('slot_at')
      .execute();
    return rows.map((r) => r.slot_at);
  }

  /** Releases this consultation's claims outside `keep`. */
  async keepClaims(consultationId: string, keep: string[]): Promise<void> {
    await this.db
      .deleteFrom('consultation_claims')
      .where('consultation_id', '=', consultationId)
      .$if(keep.length > 0, (q) => q.where('slot_at', 'not in', keep))
      .execute();
  }

  /** Whether this account exists and may sign in (a proposal's client). */
  async isActiveUser(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The provider's claimed buckets in [fromIso, toIso), except those of holds whose time ran out (the
   * sweeper may not have expired them yet) and of `exceptId` (a consultation moving itself).
   */
  async busyBuckets(
    providerId: string,
    fromIso: string,
    toIso: string,
    nowIso: string,
    exceptId?: string,
  ): Promise<string[]> {
    const rows = await this.db
      .selectFrom('consultation_claims as k')
      .innerJoin('consultations as c', 'c.id', 'k.consultation_id')
      .select('k.slot_at')
      .where('k.provider_id', '=', providerId)
      .where('k.slot_at', '>=', fromIso)
      .where('k.slot_at', '<', toIso)
      // A lapsed hold blocks nothing; a scheduled booking's claims stay busy whatever its proposal's deadline.
      .where((eb) =>
        eb.or([
          eb('c.status', '!=', 'held'),
          eb('c.held_until', 'is', null),
          eb('c.held_until', '>', nowIso),
        ]),
      )
      .$if(exceptId !== undefined, (q) => q.where('k.consultation_id', '!=', exceptId!))
      .execute();
    return rows.map((r) => r.slot_at);
  }

  /**
   * Holds and proposals whose time ran out (`held_until <= now`): held consultations to expire, and
   * scheduled ones whose pending proposal lapsed. Oldest first; one provider's when given (a booking
   * clears that provider's before claiming).
   */
  stale(nowIso: string, limit: number, providerId?: string): Promise<ConsultationRow[]> {
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('held_until', 'is not', null)
      .where('held_until', '<=', nowIso)
      .where('status', 'in', ['held', 'scheduled'])
      .$if(providerId !== undefined, (q) => q.where('provider_id', '=', providerId!))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** A client's open holds with a provider (a new hold replaces them). */
  openHolds(clientId: string, providerId: string): Promise<ConsultationRow[]> {
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('provider_id', '=', providerId)
      .where('status', '=', 'held')
      .where('booked_by', '=', 'client')
      .orderBy('id')
      .execute();
  }

  /** Mine (as client, provider or either), filtered; upcoming by start, otherwise newest start first. */
  list(f: ConsultationFilters): Promise<ConsultationRow[]> {
    const ended = ENDED_CONSULTATION_STATUSES as ConsultationStatus[];
    const live = CONSULTATION_STATUSES.filter((s) => !ended.includes(s));
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where((eb) =>
        f.role === 'client'
          ? eb('client_id', '=', f.userId)
          : f.role === 'provider'
            ? eb('provider_id', '=', f.userId)
            : eb.or([eb('client_id', '=', f.userId), eb('provider_id', '=', f.userId)]),
      )
      .$if(f.statuses !== undefined && f.statuses.length > 0, (q) => q.where('status', 'in', f.statuses!))
      .$if(f.when === 'upcoming', (q) => q.where('status', 'in', live))
      .$if(f.when === 'past', (q) => q.where('status', 'in', ended))
      .$if(f.before !== undefined, (q) => q.where('start_at', '<', f.before!))
      .$if(f.when === 'upcoming', (q) => q.orderBy('start_at', 'asc').orderBy('id', 'asc'))
      .$if(f.when !== 'upcoming', (q) => q.orderBy('start_at', 'desc').orderBy('id', 'desc'))
      .limit(f.limit)
      .execute();
  }

  /** The provider's buffer now (claims of a booking cover its end plus this). */
  async bufferMinutesOf(providerId: string): Promise<number> {
    const row = await this.db
      .selectFrom('providers')
      .select('availability')
      .where('user_id', '=', providerId)
      .executeTakeFirst();
    if (!row) return 0;
    try {
      const parsed = JSON.parse(row.availability) as { bufferMinutes?: unknown };
      return typeof parsed.bufferMinutes === 'number' ? parsed.bufferMinutes : 0;
    } catch {
      return 0;
    }
  }
}
