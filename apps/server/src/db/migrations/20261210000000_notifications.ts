import type { Kysely } from 'kysely';

/**
 * Issue 21: notifications that reach a closed tab, preferences, languages.
 *
 * - `users.locale`: the language a person chose (null: the browser's; e-mails then use the
 *   workspace default). Codes from `LOCALES`.
 * - `room_members.notify_level` (`all` | `mentions` | `none`) and `mute_until` (ISO time or null).
 * - `push_subscriptions`: one row per device (a browser's `PushSubscription`); the endpoint is
 *   unique (a browser that subscribes again replaces its row), keys are the browser's public key and
 *   auth secret (not secrets of ours: they only let us encrypt to it). Removed on 404/410.
 * - `notification_settings`: one row per person who changed a default (do not disturb, e-mail).
 * - `notification_digests`: timer rows for the digest sweeper: one per person with unread DMs or
 *   mentions, `due_at` when the e-mail goes out unless they read them first (timers survive restarts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  await db.schema
    .alterTable('room_members')
    .addColumn('notify_level', 'text', (c) => c.notNull().defaultTo('all'))
    .execute();
  await db.schema.alterTable('room_members').addColumn('mute_until', 'text').execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('device', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user_idx')
    .on('push_subscriptions')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('dnd_until', 'text')
    /** JSON of a `DndSchedule`, or null. */
    .addColumn('dnd_schedule', 'text')
    .addColumn('digest_minutes', 'integer')
    .addColumn('missed_calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('preview', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_digests')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    /** When the digest goes out if the person has not read what it would list. */
    .addColumn('due_at', 'text', (c) => c.notNull())
    /** The oldest unread DM or mention it covers (ISO time). */
    .addColumn('since', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_digests_due_idx')
    .on('notification_digests')
    .column('due_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_digests').execute();
  await db.schema.dropTable('notification_settings').execute();
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.alterTable('room_members').dropColumn('mute_until').execute();
  await db.schema.alterTable('room_members').dropColumn('notify_level').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
