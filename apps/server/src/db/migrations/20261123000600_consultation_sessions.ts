import type { Kysely } from 'kysely';

/**
 * What a consultation's call needs beyond the booking (issue 10), in a table of its own (one row per
 * consultation, made on first use): whether Jitsi's own events (event_sync, JaaS webhooks) report
 * on it — from then on they, not the browsers, say who is in the call —, the time of each party's
 * last presence change (so a late or repeated Jitsi delivery cannot undo a newer one), and each
 * party's camera and microphone as last reported (so a repeated report posts no second chat line).
 * Also the access log by person, for the admin view.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consultation_sessions')
    .addColumn('consultation_id', 'text', (c) =>
      c.primaryKey().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('server_events', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider_presence_at', 'text')
    .addColumn('client_presence_at', 'text')
    .addColumn('media', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('consultation_access_user_idx')
    .on('consultation_access_log')
    .columns(['user_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('consultation_access_user_idx').execute();
  await db.schema.dropTable('consultation_sessions').execute();
}
