import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { Call } from '@parley/shared';
import type { CallParticipantsTable, CallsTable, Database, UsersTable } from '../../db/schema.js';
import { aliased } from '../chat/index.js';

export type Executor = Kysely<Database> | Transaction<Database>;
export type CallRow = Selectable<CallsTable>;
export type ParticipantRow = Selectable<CallParticipantsTable>;
export type CallStatus = CallsTable['status'];
export type EndReason = NonNullable<Call['endReason']>;
export type ParticipantState = CallParticipantsTable['state'];
export type UserColumns = Pick<
  Selectable<UsersTable>,
  'id' | 'username' | 'display_name' | 'avatar_file' | 'role'
>;
export interface ParticipantWithUser extends ParticipantRow {
  user: UserColumns;
  /** 1 for a guest let in through a guest link (issue 19). */
  guest?: number;
}

const bump = sql<number>`version + 1`;

export const LIVE_STATUSES: CallStatus[] = ['ringing', 'ongoing'];

/** A call that ends loses its media key: nobody can join it any more, so nobody needs it. */
const erasingKey = (patch: Updateable<CallsTable>): { e2ee_key?: null } =>
  patch.status !== undefined && !LIVE_STATUSES.includes(patch.status) ? { e2ee_key: null } : {};

export interface CallFilters {
  roomId?: string | undefined;
  userId?: string | undefined;
  status?: CallStatus | undefined;
  fromIso?: string | undefined;
  toIso?: string | undefined;
  /** A call id: only calls created before it (ids sort by creation time). */
  before?: string | undefined;
  limit: number;
}

/** Calls, their participants and Jitsi's delivered events: the only SQL on those tables. */
export class CallsRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    call: Insertable<CallsTable>,
    participants: Insertable<CallParticipantsTable>[],
  ): Promise<void> {
    await this.db.insertInto('calls').values(call).execute();
    if (participants.length > 0) await this.db.insertInto('call_participants').values(participants).execute();
  }

  findById(id: string): Promise<CallRow | undefined> {
    return this.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findLiveInRoom(roomId: string): Promise<CallRow | undefined> {
    return this.db
      .selectFrom('calls')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('status', 'in', LIVE_STATUSES)
      .executeTakeFirst();
  }

  /** The call a Jitsi room belongs to: the live one, else the newest (late events of an ended call). */
  findByRoomName(roomName: string): Promise<CallRow | undefined> {
    return this.db
      .selectFrom('calls')
      .selectAll()
      .where('room_name', '=', roomName)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  setMessage(callId: string, messageId: string): Promise<unknown> {
    return this.db
      .updateTable('calls')
      .set({ message_id: messageId, version: bump })
      .where('id', '=', callId)
      .execute();
  }

  /**
   * Takes the call's row lock first (every transaction that changes a call starts here or with a
   * conditional UPDATE of the call, so locks are always taken call first, participants second and
   * PostgreSQL never deadlocks) and returns the call if it is still live.
   */
  lockLive(callId: string): Promise<CallRow | undefined> {
    return this.db
      .updateTable('calls')
      .set({ version: bump })
      .where('id', '=', callId)
      .where('status', 'in', LIVE_STATUSES)
      .returningAll()
      .executeTakeFirst();
  }

  async hasEvent(key: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('call_events')
      .select('idempotency_key')
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Changes the call only if it is still in one of `from`; false when another change got there first. */
  async transition(callId: string, from: CallStatus[], patch: Updateable<CallsTable>): Promise<boolean> {
    const result = await this.db
      .updateTable('calls')
      .set({ ...patch, ...erasingKey(patch), version: bump })
      .where('id', '=', callId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Ends a live call: whoever is in has left, whoever still rings missed it. Three statements: run it
   * inside the unit of work. False when the call had already ended.
   */
  async end(callId: string, status: CallStatus, reason: EndReason, at: string): Promise<boolean> {
    const ended = await this.transition(callId, LIVE_STATUSES, {
      status,
      ended_at: at,
      end_reason: reason,
      ring_until: null,
      idle_until: null,
    });
    if (!ended) return false;
    await this.setParticipantsWhere(callId, ['joined'], { state: 'left', left_at: at });
    await this.setParticipantsWhere(callId, ['ringing'], { state: 'missed' });
    return true;
  }

  async update(callId: string, patch: Updateable<CallsTable>): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({ ...patch, ...erasingKey(patch), version: bump })
      .where('id', '=', callId)
      .execute();
  }

  /** Clears a timer if it still holds `value`: the claim that makes one node (and one pass) act on it. */
  async claimTimer(callId: string, timer: 'ring_until' | 'idle_until', value: string): Promise<boolean> {
    const result = await this.db
      .updateTable('calls')
      .set({ [timer]: null, version: bump })
      .where('id', '=', callId)
      .where(timer, '=', value)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  participant(callId: string, userId: string): Promise<ParticipantRow | undefined> {
    return this.db
      .selectFrom('call_participants')
      .selectAll()
      .where('call_id', '=', callId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async addParticipant(row: Insertable<CallParticipantsTable>): Promise<void> {
    await this.db
      .insertInto('call_participants')
      .values(row)
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
      .execute();
    await this.touch(row.call_id);
  }

  /** A participant changed: the call's version moves so cached presentations are not reused. */
  private async touch(callId: string): Promise<void> {
    await this.db.updateTable('calls').set({ version: bump }).where('id', '=', callId).execute();
  }

  /** Sets one participant's state (and times) if it is one of `from` (any when omitted). */
  async setParticipant(
    callId: string,
    userId: string,
    patch: Updateable<CallParticipantsTable>,
    from?: ParticipantState[],
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('call_participants')
      .set(patch)
      .where('call_id', '=', callId)
      .where('user_id', '=', userId)
      .$if(from !== undefined, (q) => q.where('state', 'in', from!))
      .executeTakeFirst();
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await this.touch(callId);
    return changed;
  }

  /** Every participant in one of `from` moves to `patch` (ringing → missed, joined → left). */
  async setParticipantsWhere(
    callId: string,
    from: ParticipantState[],
    patch: Updateable<CallParticipantsTable>,
  ): Promise<void> {
    const result = await this.db
      .updateTable('call_participants')
      .set(patch)
      .where('call_id', '=', callId)
      .where('state', 'in', from)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await this.touch(callId);
  }

  /** Whether this person takes part in the call as a guest (issue 19: they are in no room). */
  async isGuestParticipant(callId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('call_participants as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select('p.user_id')
      .where('p.call_id', '=', callId)
      .where('p.user_id', '=', userId)
      .where('u.guest', '=', 1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async countInState(callId: string, states: ParticipantState[]): Promise<number> {
    const row = await this.db
      .selectFrom('call_participants')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('call_id', '=', callId)
      .where('state', 'in', states)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** When the last person to leave the call left (null if nobody ever left). */
  async lastLeftAt(callId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('call_participants')
      .select((eb) => eb.fn.max('left_at').as('at'))
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return row?.at ?? null;
  }

  async participantsOf(callIds: string[]): Promise<Map<string, ParticipantWithUser[]>> {
    const byCall = new Map<string, ParticipantWithUser[]>();
    if (callIds.length === 0) return byCall;
    const rows = await this.db
      .selectFrom('call_participants as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .innerJoin('calls as c', 'c.id', 'p.call_id')
      // A participant with an alias in the call's room is shown under it, as the room's chat shows them.
      .leftJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'c.room_id').onRef('rm.user_id', '=', 'p.user_id'),
      )
      .selectAll('p')
      .select(['u.username', 'u.display_name', 'u.avatar_file', 'u.role', 'u.guest', 'rm.alias'])
      .where('p.call_id', 'in', callIds)
      .orderBy('p.invited_at')
      .orderBy('u.username')
      .execute();
    for (const r of rows) {
      const { username, display_name, avatar_file, role, alias, guest, ...p } = r;
      const list = byCall.get(p.call_id) ?? [];
      list.push({
        ...p,
        user: aliased({ id: p.user_id, username, display_name, avatar_file, role }, alias),
        guest: Number(guest),
      });
      byCall.set(p.call_id, list);
    }
    return byCall;
  }

  /** Calls by filters, newest first, one more than `limit` (to know whether there is a next page). */
  list(filters: CallFilters): Promise<CallRow[]> {
    return this.db
      .selectFrom('calls')
      .selectAll('calls')
      .$if(filters.roomId !== undefined, (q) => q.where('calls.room_id', '=', filters.roomId!))
      .$if(filters.status !== undefined, (q) => q.where('calls.status', '=', filters.status!))
      .$if(filters.fromIso !== undefined, (q) => q.where('calls.created_at', '>=', filters.fromIso!))
      .$if(filters.toIso !== undefined, (q) => q.where('calls.created_at', '<', filters.toIso!))
      .$if(filters.before !== undefined, (q) => q.where('calls.id', '<', filters.before!))
      .$if(filters.userId !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('call_participants as p')
              .select('p.user_id')
              .whereRef('p.call_id', '=', 'calls.id')
              .where('p.user_id', '=', filters.userId!),
          ),
        ),
      )
      .orderBy('calls.id', 'desc')
      .limit(filters.limit + 1)
      .execute();
  }

  /**
   * A person's calls: `outgoing` they started, `incoming` others started with them in it, `missed`
   * incoming ones they never answered or joined. Only rooms they are still in.
   */
  listForUser(
    userId: string,
    direction: 'all' | 'incoming' | 'outgoing' | 'missed',
    before: string | undefined,
    limit: number,
  ): Promise<CallRow[]> {
    return this.db
      .selectFrom('calls')
      .innerJoin('call_participants as p', (j) =>
        j.onRef('p.call_id', '=', 'calls.id').on('p.user_id', '=', userId),
      )
      .innerJoin('room_members as m', (j) =>
        j.onRef('m.room_id', '=', 'calls.room_id').on('m.user_id', '=', userId),
      )
      .selectAll('calls')
      .$if(direction === 'outgoing', (q) => q.where('calls.created_by', '=', userId))
      .$if(direction === 'incoming', (q) => q.where('calls.created_by', '!=', userId))
      .$if(direction === 'missed', (q) =>
        q.where('calls.created_by', '!=', userId).where('p.state', 'in', ['missed', 'ringing']),
      )
      .$if(before !== undefined, (q) => q.where('calls.id', '<', before!))
      .orderBy('calls.id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /** Calls whose ringing is due to stop. */
  dueRinging(nowIso: string, limit = 100): Promise<CallRow[]> {
    return this.db
      .selectFrom('calls')
      .selectAll()
      .where('ring_until', 'is not', null)
      .where('ring_until', '<=', nowIso)
      .limit(limit)
      .execute();
  }

  /** Live calls that have been empty for their grace period. */
  dueIdle(nowIso: string, limit = 100): Promise<CallRow[]> {
    return this.db
      .selectFrom('calls')
      .selectAll()
      .where('idle_until', 'is not', null)
      .where('idle_until', '<=', nowIso)
      .limit(limit)
      .execute();
  }

  /** Live calls past their maximum length. */
  dueMaxDuration(nowIso: string, limit = 100): Promise<CallRow[]> {
    return this.db
      .selectFrom('calls')
      .selectAll()
      .where('status', 'in', LIVE_STATUSES)
      .where('max_until', '<=', nowIso)
      .limit(limit)
      .execute();
  }

  /** Records a provider delivery; false when this key was seen before (a retry or a replay). */
  async recordEvent(key: string, callId: string | null, nowIso: string): Promise<boolean> {
    const result = await this.db
      .insertInto('call_events')
      .values({ idempotency_key: key, call_id: callId, received_at: nowIso })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async forgetEventsBefore(iso: string): Promise<number> {
    const result = await this.db.deleteFrom('call_events').where('received_at', '<', iso).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
