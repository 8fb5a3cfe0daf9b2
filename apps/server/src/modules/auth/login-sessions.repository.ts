import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.js';

export type LoginSessionRow = Selectable<SessionsTable>;

/** Sign-in sessions (the `sessions` table): one row per browser signed in with a password. */
export class LoginSessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<SessionsTable>): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findActive(id: string, nowIso: string): Promise<LoginSessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
  }

  async setMfaAt(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('sessions').set({ mfa_at: atIso }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Returns the ids it removed so their live sockets can be told. */
  async deleteAllForUserExcept(userId: string, keepId: string | null): Promise<string[]> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) q = q.where('id', '!=', keepId);
    const rows = await q.returning('id').execute();
    return rows.map((r) => r.id);
  }

  /** Deletes expired sessions and returns their ids. */
  async deleteExpired(nowIso: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', nowIso)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }
}
