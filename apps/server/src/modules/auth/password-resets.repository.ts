import type { Insertable, Kysely } from 'kysely';
import type { Database, PasswordResetsTable } from '../../db/schema.js';

export class PasswordResetsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a new link and drops the user's older unused ones: only the newest works. Two links made at
   * once for one account (two "Forgot password?" requests) are serialised on the account's row, so the
   * second one's delete sees the first; otherwise both could stay usable on PostgreSQL.
   */
  async replaceForUser(row: Insertable<PasswordResetsTable>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', row.user_id)
        .execute();
      await trx
        .deleteFrom('password_resets')
        .where('user_id', '=', row.user_id)
        .where('used_at', 'is', null)
        .execute();
      await trx.insertInto('password_resets').values(row).execute();
    });
  }

  findUsable(tokenHash: string, nowIso: string) {
    return this.db
      .selectFrom('password_resets')
      .select(['user_id', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
  }

  /** Marks the link used if it still was usable: one statement, so two parallel uses cannot both win. */
  async claim(tokenHash: string, nowIso: string): Promise<string | null> {
    const row = await this.db
      .updateTable('password_resets')
      .set({ used_at: nowIso })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  /** Deactivation: a link made before must not work again after a reactivation. */
  async deleteUnusedForUser(userId: string): Promise<void> {
    await this.db
      .deleteFrom('password_resets')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }
}
