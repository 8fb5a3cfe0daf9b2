import type { Db } from '../../db/database.js';
import type { UserRow } from '../../db/schema.js';
import type { GuestPassRow } from './guests.repository.js';

/** What a personal link opens: the pass, its person and the consultation it names. */
export interface VisitRecord {
  pass: GuestPassRow;
  user: UserRow | undefined;
  consultation:
    { id: string; status: string; start_at: string; end_at: string; provider_name: string } | undefined;
}

/** Reads behind `/visit/<token>` (issue 19): the only SQL of the visits. */
export class VisitsRepository {
  constructor(private readonly db: Db['kysely']) {}

  async find(tokenHash: string): Promise<VisitRecord | undefined> {
    const pass = await this.db
      .selectFrom('guest_passes')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!pass) return undefined;
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', pass.user_id)
      .executeTakeFirst();
    const consultation =
      pass.consultation_id === null
        ? undefined
        : await this.db
            .selectFrom('consultations as c')
            .innerJoin('users as p', 'p.id', 'c.provider_id')
            .select(['c.id', 'c.status', 'c.start_at', 'c.end_at', 'p.display_name as provider_name'])
            .where('c.id', '=', pass.consultation_id)
            .executeTakeFirst();
    return { pass, user, consultation };
  }

  /** Every live pass of a person ends (their account was claimed: a password signs in from now on). */
  async revokeAllOf(userId: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('guest_passes')
      .set({ revoked_at: nowIso })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
