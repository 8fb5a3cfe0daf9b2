import { sql, type Kysely } from 'kysely';

/**
 * Consultations (issue 10). Double booking is refused by the database itself: a booking claims
 * every 5-minute bucket from its start to its end plus the provider's buffer in
 * `consultation_claims`, whose primary key (provider, bucket) no two live bookings can share — on
 * SQLite and on PostgreSQL, under any concurrency. Every timer (hold expiry, no-shows, finishing,
 * reminders, chat retention) is a column the sweeper reads, so restarts neither lose nor repeat them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // On the account, so `GET /me` and the principal cache know it without a join.
  await db.schema
    .alterTable('users')
    .addColumn('is_provider', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('providers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // 0 once an admin revoked the role: the profile and past consultations stay.
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('accepting', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    // JSON arrays; searched through the lowercase copies below.
    .addColumn('specialities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    // The whole Availability document (JSON); timezone and session length copied out for lists.
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('session_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consultations')
    // A UUID: the URL, the Jitsi room name and the token's room claim.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'text', (c) => c.notNull())
    .addColumn('client_nickname', 'text')
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('held_until', 'text')
    .addColumn('proposal_start', 'text')
    .addColumn('proposal_end', 'text')
    .addColumn('proposal_at', 'text')
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('provider_joined_at', 'text')
    .addColumn('client_joined_at', 'text')
    .addColumn('provider_left_at', 'text')
    .addColumn('client_left_at', 'text')
    .addColumn('provider_in_call', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('client_in_call', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('canceled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('ended_at', 'text')
    // Reminder offsets (minutes) already sent, as a JSON array: each goes out once.
    .addColumn('reminders_sent', 'text', (c) => c.notNull().defaultTo('[]'))
    // When the chat is purged (ended_at + retention), and when it was.
    .addColumn('purge_at', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultations_provider_idx')
    .on('consultations')
    .columns(['provider_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('consultations_client_idx')
    .on('consultations')
    .columns(['client_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('consultations_status_idx')
    .on('consultations')
    .columns(['status', 'start_at'])
    .execute();
  await db.schema
    .createIndex('consultations_held_idx')
    .on('consultations')
    .column('held_until')
    .where(sql<boolean>`held_until is not null`)
    .execute();
  await db.schema
    .createIndex('consultations_purge_idx')
    .on('consultations')
    .column('purge_at')
    .where(sql<boolean>`purge_at is not null and purged_at is null`)
    .execute();
  await db.schema.createIndex('consultations_room_idx').on('consultations').column('room_id').execute();

  await db.schema
    .createTable('consultation_claims')
    .addColumn('provider_id', 'text', (c) => c.notNull())
    // The start of a 5-minute bucket (ISO instant).
    .addColumn('slot_at', 'text', (c) => c.notNull())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('consultation_claims_pk', ['provider_id', 'slot_at'])
    .execute();
  await db.schema
    .createIndex('consultation_claims_consultation_idx')
    .on('consultation_claims')
    .column('consultation_id')
    .execute();

  // Every status change and every move in time: who, when, from → to.
  await db.schema
    .createTable('consultation_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text')
    .addColumn('previous_start', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_transitions_idx')
    .on('consultation_transitions')
    .columns(['consultation_id', 'at'])
    .execute();

  // Who opened which consultation and when; never the chat's content.
  await db.schema
    .createTable('consultation_access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_access_at_idx')
    .on('consultation_access_log')
    .column('at')
    .execute();
  await db.schema
    .createIndex('consultation_access_consultation_idx')
    .on('consultation_access_log')
    .columns(['consultation_id', 'at'])
    .execute();

  await db.schema
    .createTable('consultation_feedback')
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('needs_addressed', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_feedback_pk', ['consultation_id', 'user_id'])
    .execute();

  // Chat purges (retention, or the client's erasure): when, why, how many messages; not what.
  await db.schema
    .createTable('consultation_purges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'consultation_purges',
    'consultation_feedback',
    'consultation_access_log',
    'consultation_transitions',
    'consultation_claims',
    'consultations',
    'providers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('is_provider').execute();
}
