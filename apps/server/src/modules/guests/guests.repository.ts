import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { GuestPassesTable, UserRow } from '../../db/schema.js';

export type GuestPassRow = Selectable<GuestPassesTable>;

/** Guest accounts and their personal links (issue 19): the only SQL of the guests module. */
export class GuestsRepository {
  constructor(private readonly db: Db['kysely']) {}

  async insertAccount(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async insertPass(row: Insertable<GuestPassesTable>): Promise<void> {
    await this.db.insertInto('guest_passes').values(row).execute();
  }

  /** A pass by its token's hash, whatever its state (the caller decides what expired or revoked means). */
  findPass(tokenHash: string): Promise<GuestPassRow | undefined> {
    return this.db
      .selectFrom('guest_passes')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touchPass(id: string, nowIso: string): Promise<void> {
    await this.db.updateTable('guest_passes').set({ last_used_at: nowIso }).where('id', '=', id).execute();
  }

  /** Revokes a person's live passes for a consultation (a new link replaces the old one). */
  async revokePasses(userId: string, consultationId: string | null, nowIso: string): Promise<number> {
    let query = this.db
      .updateTable('guest_passes')
      .set({ revoked_at: nowIso })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    query =
      consultationId === null
        ? query.where('consultation_id', 'is', null)
        : query.where('consultation_id', '=', consultationId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A guest account by id (undefined for anyone with an account, issue 19's clients who claimed one included). */
  findGuest(userId: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .where('guest', '=', 1)
      .executeTakeFirst();
  }
}
