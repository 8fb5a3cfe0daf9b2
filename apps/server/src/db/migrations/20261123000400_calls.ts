import { sql, type Kysely } from 'kysely';

/**
 * Conference calls. Every timer is a column swept by the server (ring timeout, end when empty,
 * maximum length), so a restart mid-ring neither loses nor repeats a call. A partial unique index
 * keeps one live (ringing or ongoing) call per room, whatever races.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('provider', 'text', (c) => c.notNull())
    // 128 random bits, never derived from the chat room; the Jitsi room is named after it.
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique())
    .addColumn('room_name', 'text', (c) => c.notNull())
    .addColumn('ringing', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    // Timers: ringing stops at ring_until; an empty call ends at idle_until; every call ends at max_until.
    .addColumn('ring_until', 'text')
    .addColumn('idle_until', 'text')
    .addColumn('max_until', 'text', (c) => c.notNull())
    // 1 once Jitsi itself reported on this call: its events then win over the browsers' reports.
    .addColumn('server_events', 'integer', (c) => c.notNull().defaultTo(0))
    // Bumped by every change to the call or its participants: a node may reuse what it presented
    // for the same version.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('calls_room_idx').on('calls').columns(['room_id', 'created_at']).execute();
  await db.schema.createIndex('calls_room_name_idx').on('calls').column('room_name').execute();
  await db.schema.createIndex('calls_created_idx').on('calls').column('created_at').execute();
  await db.schema
    .createIndex('calls_live_room_uq')
    .on('calls')
    .column('room_id')
    .unique()
    .where(sql<boolean>`status in ('ringing', 'ongoing')`)
    .execute();
  await db.schema
    .createIndex('calls_ring_until_idx')
    .on('calls')
    .column('ring_until')
    .where(sql<boolean>`ring_until is not null`)
    .execute();
  await db.schema
    .createIndex('calls_idle_until_idx')
    .on('calls')
    .column('idle_until')
    .where(sql<boolean>`idle_until is not null`)
    .execute();
  await db.schema.createIndex('calls_max_until_idx').on('calls').columns(['status', 'max_until']).execute();

  await db.schema
    .createTable('call_participants')
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('moderator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('joined_at', 'text')
    .addColumn('left_at', 'text')
    .addPrimaryKeyConstraint('call_participants_pk', ['call_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('call_participants_user_idx')
    .on('call_participants')
    .columns(['user_id', 'call_id'])
    .execute();

  // Jitsi's deliveries, by idempotency key: a retried or replayed event is applied once.
  await db.schema
    .createTable('call_events')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_events_received_idx').on('call_events').column('received_at').execute();

  await db.schema.alterTable('messages').addColumn('call_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('call_id').execute();
  await db.schema.dropTable('call_events').execute();
  await db.schema.dropTable('call_participants').execute();
  await db.schema.dropTable('calls').execute();
}
