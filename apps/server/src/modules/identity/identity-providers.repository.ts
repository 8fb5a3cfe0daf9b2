import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, IdentityProvidersTable } from '../../db/schema.js';

export type IdentityProviderRow = Selectable<IdentityProvidersTable>;

/** The identity providers an administrator added (the `identity_providers` table). */
export class IdentityProvidersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<IdentityProvidersTable>): Promise<IdentityProviderRow> {
    await this.db.insertInto('identity_providers').values(row).execute();
    return (await this.findById(row.id))!;
  }

  findById(id: string): Promise<IdentityProviderRow | undefined> {
    return this.db.selectFrom('identity_providers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<IdentityProviderRow[]> {
    return this.db.selectFrom('identity_providers').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  listEnabled(): Promise<Pick<IdentityProviderRow, 'id' | 'name'>[]> {
    return this.db
      .selectFrom('identity_providers')
      .select(['id', 'name'])
      .where('enabled', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async update(
    id: string,
    patch: Updateable<IdentityProvidersTable>,
  ): Promise<IdentityProviderRow | undefined> {
    await this.db.updateTable('identity_providers').set(patch).where('id', '=', id).execute();
    return this.findById(id);
  }

  /** Its links and flows go with it (foreign keys cascade). */
  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .deleteFrom('identity_providers')
      .where('id', '=', id)
      .returning('id')
      .execute();
    return rows.length > 0;
  }
}
