import type { Kysely } from 'kysely';

/**
 * Issue 21, the missed-call e-mail's outbox: `missed_call_mails` holds one row per person a call
 * rang who never joined it and asked to hear of it. The call's end writes the rows; the sweeper
 * sends them (and tries a failed send again later), so ending a call never waits on SMTP and a
 * restart loses no e-mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('missed_call_mails')
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** When the sweeper sends it: the call's end, or later after a failed try. */
    .addColumn('due_at', 'text', (c) => c.notNull())
    /** Failed tries so far. */
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('missed_call_mails_pk', ['call_id', 'user_id'])
    .execute();
  await db.schema.createIndex('missed_call_mails_due_idx').on('missed_call_mails').column('due_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('missed_call_mails').execute();
}
