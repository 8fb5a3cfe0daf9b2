import type { Kysely } from 'kysely';

/**
 * End-to-end encrypted media (issue 16): a call and a consultation's session each get their own
 * media key when the admin turned encryption on, fixed with the mode for the call's life so everyone
 * in one meeting agrees. The key is erased when the call or consultation ends. `unencrypted` marks a
 * participant whose browser cannot encrypt (mode "offered": they joined in clear, the others are told).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calls')
    .addColumn('e2ee_mode', 'text', (c) => c.notNull().defaultTo('off'))
    .execute();
  await db.schema.alterTable('calls').addColumn('e2ee_key', 'text').execute();
  await db.schema
    .alterTable('call_participants')
    .addColumn('unencrypted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Null until the first join decides the session's mode (the row itself is made on first use).
  await db.schema.alterTable('consultation_sessions').addColumn('e2ee_mode', 'text').execute();
  await db.schema.alterTable('consultation_sessions').addColumn('e2ee_key', 'text').execute();
  await db.schema
    .alterTable('consultation_sessions')
    .addColumn('provider_unencrypted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('consultation_sessions')
    .addColumn('client_unencrypted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['e2ee_mode', 'e2ee_key', 'provider_unencrypted', 'client_unencrypted']) {
    await db.schema.alterTable('consultation_sessions').dropColumn(column).execute();
  }
  await db.schema.alterTable('call_participants').dropColumn('unencrypted').execute();
  await db.schema.alterTable('calls').dropColumn('e2ee_key').execute();
  await db.schema.alterTable('calls').dropColumn('e2ee_mode').execute();
}
