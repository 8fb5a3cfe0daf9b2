import { sql, type Kysely } from 'kysely';

/**
 * API tokens get scopes (space-separated, e.g. `read write`); tokens made before scopes existed keep
 * what they could do, minus administration. Accounts get an `active` flag (1/0) for deactivation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('read write'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('active', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('active').execute();
  await db.schema.alterTable('api_tokens').dropColumn('scopes').execute();
}
