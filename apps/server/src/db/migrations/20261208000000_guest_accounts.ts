import type { Kysely } from 'kysely';

/**
 * Issue 19, guests: a person without an account is still an account row, marked `guest`, so calls,
 * consultations, chat and the access log treat them like anyone; a guest cannot sign in (unusable
 * password), is never listed or found, and reaches only what its link names. Personal links for guest
 * clients and third participants are `guest_passes`: the token's sha256 only, limited in time and scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('guest', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('guest_passes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('consultation_id', 'text', (c) => c.references('consultations.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('guest_passes_user_idx').on('guest_passes').column('user_id').execute();
  await db.schema
    .createIndex('guest_passes_consultation_idx')
    .on('guest_passes')
    .column('consultation_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('guest_passes').execute();
  await db.schema.alterTable('users').dropColumn('guest').execute();
}
