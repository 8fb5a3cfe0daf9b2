import type { Kysely } from 'kysely';

/**
 * Issue 19: third participants in a consultation (an interpreter, a family member) and providers'
 * public booking pages. A participant is proposed by either party by name (and e-mail) and reaches
 * the consultation only once its client consented (when and by whom recorded), through a guest
 * account of their own (`user_id`, made at consent) and a personal link (`guest_passes`); `chat` is
 * whether the client let them into the consultation's chat. `providers.public_booking` is the
 * provider's own switch for `/book/<username>` (effective only while the admin allows public booking).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consultation_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'text')
    .addColumn('consent_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('chat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('joined_at', 'text')
    .execute();
  await db.schema
    .createIndex('consultation_participants_consultation_idx')
    .on('consultation_participants')
    .column('consultation_id')
    .execute();
  await db.schema
    .createIndex('consultation_participants_user_idx')
    .on('consultation_participants')
    .column('user_id')
    .execute();
  await db.schema
    .alterTable('providers')
    .addColumn('public_booking', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('providers').dropColumn('public_booking').execute();
  await db.schema.dropTable('consultation_participants').execute();
}
