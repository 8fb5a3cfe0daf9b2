import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** All rows in one transaction, so a multi-section update is written whole or not at all. */
  async putMany(entries: { key: string; value: string }[], nowIso: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { key, value } of entries) {
        await trx
          .insertInto('settings')
          .values({ key, value, updated_at: nowIso })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso }))
          .execute();
      }
    });
  }
}
