import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from '../../db/schema.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export class TokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
    await this.db.insertInto('api_tokens').values(row).execute();
    return (await this.db.selectFrom('api_tokens').selectAll().where('id', '=', row.id).executeTakeFirst())!;
  }

  findByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  listForUser(userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async touch(id: string, nowIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: nowIso }).where('id', '=', id).execute();
  }

  /** Scoped to the owner: deleting someone else's token id is a no-op that reports false. */
  async deleteForUser(id: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .deleteFrom('api_tokens')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  async deleteAllForUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('api_tokens')
      .where('user_id', '=', userId)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }
}
