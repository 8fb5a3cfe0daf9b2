import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, MfaPendingSignInsTable } from '../../db/schema.js';

export type PendingSignInRow = Selectable<MfaPendingSignInsTable>;

/** Sign-ins whose first factor is proven and whose second is still to come (the `parley_mfa` cookie). */
export class PendingSignInsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<MfaPendingSignInsTable>): Promise<void> {
    await this.db.insertInto('mfa_pending_sign_ins').values(row).execute();
  }

  findActive(id: string, nowIso: string): Promise<PendingSignInRow | undefined> {
    return this.db
      .selectFrom('mfa_pending_sign_ins')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
  }

  /** Counts a wrong proof; returns the attempts so far (0 when the row is gone). */
  async countFailure(id: string): Promise<number> {
    const row = await this.db
      .updateTable('mfa_pending_sign_ins')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirst();
    return row?.attempts ?? 0;
  }

  /** Ends it; true for the one caller that did (a second factor finishes a sign-in once). */
  async take(id: string): Promise<boolean> {
    const row = await this.db
      .deleteFrom('mfa_pending_sign_ins')
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async deleteExpired(nowIso: string): Promise<number> {
    const result = await this.db
      .deleteFrom('mfa_pending_sign_ins')
      .where('expires_at', '<=', nowIso)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
