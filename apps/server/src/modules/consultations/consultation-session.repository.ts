import { sql, type Selectable } from 'kysely';
import type { ConsultationRole } from '@parley/shared';
import type {
  ConsultationAccessLogTable,
  ConsultationFeedbackTable,
  ConsultationPurgesTable,
  ConsultationSessionsTable,
  E2eeModeColumn,
} from '../../db/schema.js';
import type { ConsultationPatch, ConsultationRow, Executor } from './consultations.repository.js';

/**
 * The presence state of a session. The encryption columns are left out on purpose: they are written
 * only by their own conditional updates below, so a presence change saving the state it read can
 * never overwrite a key another join has just made.
 */
export type SessionStateRow = Pick<
  Selectable<ConsultationSessionsTable>,
  'consultation_id' | 'server_events' | 'provider_presence_at' | 'client_presence_at' | 'media'
>;
const STATE_COLUMNS = [
  'consultation_id',
  'server_events',
  'provider_presence_at',
  'client_presence_at',
  'media',
] as const;
export type AccessAction = ConsultationAccessLogTable['action'];
export type FeedbackRow = Selectable<ConsultationFeedbackTable>;
export type PurgeRow = Selectable<ConsultationPurgesTable>;

export interface AccessLogRow {
  id: string;
  consultation_id: string;
  user_id: string | null;
  role: ConsultationAccessLogTable['role'];
  action: AccessAction;
  at: string;
  display_name: string | null;
  avatar_file: string | null;
}

export interface AccessLogFilters {
  consultationId?: string | undefined;
  userId?: string | undefined;
  providerId?: string | undefined;
  clientId?: string | undefined;
  /** Inclusive lower and exclusive upper bound on `at`. */
  fromIso?: string | undefined;
  toIso?: string | undefined;
  /** An entry id: only older entries. */
  before?: string | undefined;
  limit: number;
}

export interface FeedbackFilters {
  providerId?: string | undefined;
  fromIso?: string | undefined;
  toIso?: string | undefined;
  /** The last entry of the previous page. */
  before?: { at: string; consultationId: string; userId: string } | undefined;
  limit: number;
}

export interface FeedbackListRow {
  consultation_id: string;
  user_id: string;
  rating: number;
  needs_addressed: 'yes' | 'partly' | 'no';
  comment: string | null;
  created_at: string;
  start_at: string;
  provider_id: string;
  client_id: string;
  client_nickname: string | null;
  provider_name: string;
  provider_avatar: string | null;
}

/** What a reminder email needs of a party. */
export interface Contact {
  id: string;
  display_name: string;
  email: string | null;
  active: number;
  /** 1 for a guest client (issue 19): they open the consultation with their personal link. */
  guest?: number;
  /** Their language (issue 21): reminders are written in it. */
  locale?: string | null;
}

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/**
 * The SQL of a consultation's session: the consultation row under lock and its in-call flags,
 * joined/left times and timers (the sweeper's reads and claims), the per-consultation session
 * state (`consultation_sessions`), the access log, feedback and purges. Status changes still go
 * through `ConsultationsRepository.transition`, the one place that records them.
 */
export class ConsultationSessionRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Reads the consultation and takes its row lock for the rest of the transaction (PostgreSQL; SQLite
   * runs one writer at a time anyway), so a presence change is read, decided and written by one
   * request at a time. Changes nothing.
   */
  lock(id: string): Promise<ConsultationRow | undefined> {
    return this.db
      .updateTable('consultations')
      .set({ version: sql<number>`version` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Presence flags and joined/left times (under `lock`): bumps the version like every change. */
  async update(id: string, patch: ConsultationPatch, nowIso: string): Promise<void> {
    await this.db
      .updateTable('consultations')
      .set({ ...patch, version: sql<number>`version + 1`, updated_at: nowIso })
      .where('id', '=', id)
      .execute();
  }

  async state(id: string): Promise<SessionStateRow> {
    const row = await this.db
      .selectFrom('consultation_sessions')
      .select(STATE_COLUMNS)
      .where('consultation_id', '=', id)
      .executeTakeFirst();
    return (
      row ?? {
        consultation_id: id,
        server_events: 0,
        provider_presence_at: null,
        client_presence_at: null,
        media: '{}',
      }
    );
  }

  async saveState(state: SessionStateRow): Promise<void> {
    const { consultation_id: _id, ...values } = state;
    await this.db
      .insertInto('consultation_sessions')
      .values(state)
      .onConflict((oc) => oc.column('consultation_id').doUpdateSet(values))
      .execute();
  }

  // ——— end-to-end encryption ———

  /**
   * The session's encryption mode and key, decided by the first join: `mode` and `candidateKey` are
   * stored only if nothing was decided yet, so two parties joining at once both read the one winner.
   */
  async e2ee(
    id: string,
    mode: E2eeModeColumn,
    candidateKey: string | null,
  ): Promise<{ mode: E2eeModeColumn; key: string | null }> {
    await this.db
      .insertInto('consultation_sessions')
      .values({ consultation_id: id })
      .onConflict((oc) => oc.column('consultation_id').doNothing())
      .execute();
    await this.db
      .updateTable('consultation_sessions')
      .set({ e2ee_mode: mode, e2ee_key: mode === 'off' ? null : candidateKey })
      .where('consultation_id', '=', id)
      .where('e2ee_mode', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('consultation_sessions')
      .select(['e2ee_mode', 'e2ee_key'])
      .where('consultation_id', '=', id)
      .executeTakeFirstOrThrow();
    return { mode: row.e2ee_mode ?? 'off', key: row.e2ee_key };
  }

  /** Marks a party as in the call in clear (or not); true when that changed. */
  async setUnencrypted(id: string, party: ConsultationRole, unencrypted: boolean): Promise<boolean> {
    const column = party === 'provider' ? 'provider_unencrypted' : 'client_unencrypted';
    const res = await this.db
      .updateTable('consultation_sessions')
      .set({ [column]: unencrypted ? 1 : 0 })
      .where('consultation_id', '=', id)
      .where(column, '=', unencrypted ? 0 : 1)
      .executeTakeFirst();
    return num(res.numUpdatedRows) > 0;
  }

  /** The parties marked as in the call in clear. */
  async unencrypted(id: string): Promise<ConsultationRole[]> {
    const row = await this.db
      .selectFrom('consultation_sessions')
      .select(['provider_unencrypted', 'client_unencrypted'])
      .where('consultation_id', '=', id)
      .executeTakeFirst();
    const parties: ConsultationRole[] = [];
    if (num(row?.provider_unencrypted) === 1) parties.push('provider');
    if (num(row?.client_unencrypted) === 1) parties.push('client');
    return parties;
  }

  // ——— access log ———

  async logAccess(entry: Selectable<ConsultationAccessLogTable>): Promise<void> {
    await this.db.insertInto('consultation_access_log').values(entry).execute();
  }

  /** When this person last did this to this consultation (for logging a burst of reloads once). */
  async lastAccess(consultationId: string, userId: string, action: AccessAction): Promise<string | null> {
    const row = await this.db
      .selectFrom('consultation_access_log')
      .select('at')
      .where('consultation_id', '=', consultationId)
      .where('user_id', '=', userId)
      .where('action', '=', action)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.at ?? null;
  }

  /** Newest first (ids are UUIDv7), one more than `limit` to tell whether there are more. */
  accessLog(f: AccessLogFilters): Promise<AccessLogRow[]> {
    return this.db
      .selectFrom('consultation_access_log as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .select([
        'l.id',
        'l.consultation_id',
        'l.user_id',
        'l.role',
        'l.action',
        'l.at',
        'u.display_name',
        'u.avatar_file',
      ])
      .$if(f.consultationId !== undefined, (q) => q.where('l.consultation_id', '=', f.consultationId!))
      .$if(f.userId !== undefined, (q) => q.where('l.user_id', '=', f.userId!))
      .$if(f.providerId !== undefined || f.clientId !== undefined, (q) =>
        q.where('l.consultation_id', 'in', (sub) =>
          sub
            .selectFrom('consultations as c')
            .select('c.id')
            .$if(f.providerId !== undefined, (w) => w.where('c.provider_id', '=', f.providerId!))
            .$if(f.clientId !== undefined, (w) => w.where('c.client_id', '=', f.clientId!)),
        ),
      )
      .$if(f.fromIso !== undefined, (q) => q.where('l.at', '>=', f.fromIso!))
      .$if(f.toIso !== undefined, (q) => q.where('l.at', '<', f.toIso!))
      .$if(f.before !== undefined, (q) => q.where('l.id', '<', f.before!))
      .orderBy('l.id', 'desc')
      .limit(f.limit + 1)
      .execute();
  }

  // ——— feedback and purges ———

  /**
   * The admin list of feedback, newest first (`created_at`, then consultation and author ids as the
   * tie-break the `before` cursor carries), one more than `limit`. The client is only ever the
   * nickname column: their account is not joined.
   */
  feedbackList(f: FeedbackFilters): Promise<FeedbackListRow[]> {
    const b = f.before;
    return this.feedbackQuery(f)
      .innerJoin('users as p', 'p.id', 'c.provider_id')
      .select([
        'f.consultation_id',
        'f.user_id',
        'f.rating',
        'f.needs_addressed',
        'f.comment',
        'f.created_at',
        'c.start_at',
        'c.provider_id',
        'c.client_id',
        'c.client_nickname',
        'p.display_name as provider_name',
        'p.avatar_file as provider_avatar',
      ])
      .$if(b !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('f.created_at', '<', b!.at),
            eb.and([
              eb('f.created_at', '=', b!.at),
              eb.or([
                eb('f.consultation_id', '<', b!.consultationId),
                eb.and([eb('f.consultation_id', '=', b!.consultationId), eb('f.user_id', '<', b!.userId)]),
              ]),
            ]),
          ]),
        ),
      )
      .orderBy('f.created_at', 'desc')
      .orderBy('f.consultation_id', 'desc')
      .orderBy('f.user_id', 'desc')
      .limit(f.limit + 1)
      .execute();
  }

  /** How many entries the filters match and their average rating (the cursor aside). */
  async feedbackSummary(
    f: Omit<FeedbackFilters, 'limit' | 'before'>,
  ): Promise<{ count: number; average: number | null }> {
    const row = await this.feedbackQuery(f)
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.avg('f.rating').as('average')])
      .executeTakeFirst();
    const n = num(row?.n);
    return { count: n, average: n === 0 || row?.average == null ? null : Number(row.average) };
  }

  private feedbackQuery(f: Omit<FeedbackFilters, 'limit' | 'before'>) {
    return this.db
      .selectFrom('consultation_feedback as f')
      .innerJoin('consultations as c', 'c.id', 'f.consultation_id')
      .$if(f.providerId !== undefined, (q) => q.where('c.provider_id', '=', f.providerId!))
      .$if(f.fromIso !== undefined, (q) => q.where('f.created_at', '>=', f.fromIso!))
      .$if(f.toIso !== undefined, (q) => q.where('f.created_at', '<', f.toIso!));
  }

  /** Throws a unique violation when this person already gave feedback on it. */
  async insertFeedback(row: FeedbackRow): Promise<void> {
    await this.db.insertInto('consultation_feedback').values(row).execute();
  }

  async recordPurge(row: PurgeRow): Promise<void> {
    await this.db.insertInto('consultation_purges').values(row).execute();
  }

  purges(consultationId: string): Promise<PurgeRow[]> {
    return this.db
      .selectFrom('consultation_purges')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .orderBy('id')
      .execute();
  }

  // ——— the sweeper's reads and claims ———

  /**
   * Scheduled and active consultations whose ending may be due: a party never joined and the no-show
   * time (`start_at <= noShowBefore`) or the window's close (`end_at <= closedBefore`) came, the
   * window closed, or both parties are out of an active one since `emptyBefore`. Consultations going
   * on normally are not read at all, so a pass never fills up with them.
   */
  endingCandidates(
    cutoffs: { nowIso: string; noShowBefore: string; closedBefore: string; emptyBefore: string },
    limit: number,
  ): Promise<ConsultationRow[]> {
    // An active one both parties left may finish before its start (they met in the lead minutes).
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('status', 'in', ['scheduled', 'active'])
      .where((eb) => eb.or([eb('start_at', '<=', cutoffs.nowIso), eb('status', '=', 'active')]))
      .where((eb) =>
        eb.or([
          eb('end_at', '<=', cutoffs.closedBefore),
          eb.and([
            eb.or([eb('provider_joined_at', 'is', null), eb('client_joined_at', 'is', null)]),
            eb('start_at', '<=', cutoffs.noShowBefore),
          ]),
          eb.and([
            eb('status', '=', 'active'),
            eb('provider_in_call', '=', 0),
            eb('client_in_call', '=', 0),
            eb('provider_left_at', '<=', cutoffs.emptyBefore),
            eb('client_left_at', '<=', cutoffs.emptyBefore),
          ]),
        ]),
      )
      .orderBy('start_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Scheduled consultations starting after `nowIso` and at most at `untilIso`: reminders. */
  upcoming(nowIso: string, untilIso: string, limit: number): Promise<ConsultationRow[]> {
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('start_at', '>', nowIso)
      .where('start_at', '<=', untilIso)
      .orderBy('start_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** When each consultation was last booked at its time (its latest transition into `scheduled`). */
  async scheduledAt(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('consultation_transitions')
      .select(['consultation_id', (eb) => eb.fn.max('at').as('at')])
      .where('consultation_id', 'in', ids)
      .where('to_status', '=', 'scheduled')
      .groupBy('consultation_id')
      .execute();
    return new Map(rows.map((r) => [r.consultation_id, String(r.at)]));
  }

  /** Marks reminders as handled; false (nothing written) when the row changed since it was read. */
  async claimReminders(id: string, version: number, remindersSent: string): Promise<boolean> {
    const res = await this.db
      .updateTable('consultations')
      .set({ reminders_sent: remindersSent, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return num(res.numUpdatedRows) > 0;
  }

  /** Ended consultations with a chat and no purge time yet (ended by the booking side or before this ran). */
  endedWithoutPurgeTime(limit: number): Promise<ConsultationRow[]> {
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('ended_at', 'is not', null)
      .where('purge_at', 'is', null)
      .where('purged_at', 'is', null)
      .where('room_id', 'is not', null)
      .orderBy('ended_at')
      .limit(limit)
      .execute();
  }

  async setPurgeTime(id: string, purgeAt: string): Promise<void> {
    await this.db
      .updateTable('consultations')
      .set({ purge_at: purgeAt })
      .where('id', '=', id)
      .where('purge_at', 'is', null)
      .execute();
  }

  /** Chats whose retention ran out. */
  duePurges(nowIso: string, limit: number): Promise<ConsultationRow[]> {
    return this.db
      .selectFrom('consultations')
      .selectAll()
      .where('purge_at', 'is not', null)
      .where('purge_at', '<=', nowIso)
      .where('purged_at', 'is', null)
      .orderBy('purge_at')
      .limit(limit)
      .execute();
  }

  /**
   * Claims a due purge by moving its time to `leaseUntil`: only one node wins, and if it stops before
   * finishing, the purge is due again once the lease has passed.
   */
  async leasePurge(id: string, purgeAt: string, leaseUntil: string): Promise<boolean> {
    const res = await this.db
      .updateTable('consultations')
      .set({ purge_at: leaseUntil })
      .where('id', '=', id)
      .where('purge_at', '=', purgeAt)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
    return num(res.numUpdatedRows) > 0;
  }

  /** Marks the leased purge done; false when the lease was lost meanwhile. */
  async finishPurge(id: string, leaseUntil: string, nowIso: string): Promise<boolean> {
    const res = await this.db
      .updateTable('consultations')
      .set({ purge_at: nowIso, purged_at: nowIso })
      .where('id', '=', id)
      .where('purge_at', '=', leaseUntil)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
    return num(res.numUpdatedRows) > 0;
  }

  contacts(userIds: string[]): Promise<Contact[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'email', 'active', 'guest', 'locale'])
      .where('id', 'in', userIds)
      .execute();
  }

  async providerTimezone(providerId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('providers')
      .select('timezone')
      .where('user_id', '=', providerId)
      .executeTakeFirst();
    return row?.timezone ?? null;
  }
}
