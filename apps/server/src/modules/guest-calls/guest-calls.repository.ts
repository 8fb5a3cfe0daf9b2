import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, GuestAdmissionsTable, GuestLinksTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;
export type GuestLinkRow = Selectable<GuestLinksTable>;
export type GuestAdmissionRow = Selectable<GuestAdmissionsTable>;
export type AdmissionStatus = GuestAdmissionsTable['status'];
/** An admission with the guest's name (their account's display name). */
export interface AdmissionWithName extends GuestAdmissionRow {
  name: string;
  room_id: string;
}
/** A link with what the admin list shows beside it. */
export interface LinkWithNames extends GuestLinkRow {
  room_display_name: string;
  created_by_name: string | null;
}

/** Call guest links and guests' admissions (issue 19): the only SQL on those tables. */
export class GuestCallsRepository {
  constructor(private readonly db: Executor) {}

  async insertLink(row: Insertable<GuestLinksTable>): Promise<void> {
    await this.db.insertInto('guest_links').values(row).execute();
  }

  findLink(id: string): Promise<GuestLinkRow | undefined> {
    return this.db.selectFrom('guest_links').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findLinkByToken(tokenHash: string): Promise<GuestLinkRow | undefined> {
    return this.db
      .selectFrom('guest_links')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Links neither revoked nor expired, newest first; one room's, or every room's. */
  activeLinks(nowIso: string, roomId?: string): Promise<LinkWithNames[]> {
    return this.db
      .selectFrom('guest_links as l')
      .innerJoin('rooms as r', 'r.id', 'l.room_id')
      .leftJoin('users as u', 'u.id', 'l.created_by')
      .selectAll('l')
      .select(['r.display_name as room_display_name', 'u.display_name as created_by_name'])
      .where('l.revoked_at', 'is', null)
      .where('l.expires_at', '>', nowIso)
      .$if(roomId !== undefined, (q) => q.where('l.room_id', '=', roomId!))
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(500)
      .execute();
  }

  /** Revokes a link once; false when it already was. */
  async revokeLink(id: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('guest_links')
      .set({ revoked_at: nowIso })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Counts one use of a link if it is still usable (not revoked, not expired, not full): the
   * conditional update is what keeps a link from being used more often than it may, whatever races.
   */
  async takeUse(id: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('guest_links')
      .set({ uses: sql<number>`uses + 1` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async insertAdmission(row: Insertable<GuestAdmissionsTable>): Promise<void> {
    await this.db.insertInto('guest_admissions').values(row).execute();
  }

  private admissions() {
    return this.db
      .selectFrom('guest_admissions as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .innerJoin('guest_links as l', 'l.id', 'a.link_id')
      .selectAll('a')
      .select(['u.display_name as name', 'l.room_id']);
  }

  findAdmission(id: string): Promise<AdmissionWithName | undefined> {
    return this.admissions().where('a.id', '=', id).executeTakeFirst();
  }

  findAdmissionBySecret(secretHash: string): Promise<AdmissionWithName | undefined> {
    return this.admissions().where('a.secret_hash', '=', secretHash).executeTakeFirst();
  }

  /** A call's admissions in these states, oldest first. */
  admissionsOfCall(callId: string, statuses: AdmissionStatus[]): Promise<AdmissionWithName[]> {
    return this.admissions()
      .where('a.call_id', '=', callId)
      .where('a.status', 'in', statuses)
      .orderBy('a.requested_at')
      .orderBy('a.id')
      .limit(500)
      .execute();
  }

  /** Moves an admission from one of `from` to `status`; false when another change got there first. */
  async decide(
    id: string,
    from: AdmissionStatus[],
    patch: { status: AdmissionStatus; decided_by?: string | null; decided_at?: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('guest_admissions')
      .set(patch)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Ends these admissions (still waiting or admitted) and returns which did end. */
  async endAdmissions(
    where: { callId: string } | { linkId: string },
    nowIso: string,
  ): Promise<GuestAdmissionRow[]> {
    const column = 'callId' in where ? 'call_id' : 'link_id';
    const value = 'callId' in where ? where.callId : where.linkId;
    return this.db
      .updateTable('guest_admissions')
      .set({ status: 'ended', decided_at: nowIso })
      .where(column, '=', value)
      .where('status', 'in', ['waiting', 'admitted'])
      .returningAll()
      .execute();
  }

  /** Calls that have ended while some of their guests still wait or are in (the sweeper's safety net). */
  async callsWithStaleAdmissions(limit = 100): Promise<string[]> {
    const rows = await this.db
      .selectFrom('guest_admissions as a')
      .innerJoin('calls as c', 'c.id', 'a.call_id')
      .select('a.call_id')
      .distinct()
      .where('a.status', 'in', ['waiting', 'admitted'])
      .where('c.status', 'not in', ['ringing', 'ongoing'])
      .limit(limit)
      .execute();
    return rows.map((r) => r.call_id);
  }
}
