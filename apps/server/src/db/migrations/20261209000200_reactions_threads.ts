import type { Kysely } from 'kysely';

/**
 * Issue 20: reactions and threads.
 *
 * `message_reactions`: one row per (message, person, emoji); they go with the message (or the person).
 *
 * A thread reply is a message with `thread_id` (its root, in the same room; one level: a root is never
 * itself a reply). It takes the room's seq like any message. The root carries its summary
 * (`thread_replies`, `thread_last_reply_at`), written in the reply's transaction, so a page of the
 * timeline needs no count query. `thread_follows`: who follows a root (`following` 0 remembers an
 * explicit unfollow, so taking part again does not re-follow) and how far they read its replies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'user_id', 'emoji'])
    .execute();
  await db.schema
    .createIndex('message_reactions_message_idx')
    .on('message_reactions')
    .column('message_id')
    .execute();

  await db.schema.alterTable('messages').addColumn('thread_id', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('thread_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('thread_last_reply_at', 'text').execute();
  await db.schema.createIndex('messages_thread_idx').on('messages').columns(['thread_id', 'seq']).execute();

  await db.schema
    .createTable('thread_follows')
    .addColumn('root_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('following', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_follows_pk', ['root_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('thread_follows_user_idx')
    .on('thread_follows')
    .columns(['user_id', 'following'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('thread_follows').execute();
  await db.schema.dropIndex('messages_thread_idx').execute();
  await db.schema.alterTable('messages').dropColumn('thread_last_reply_at').execute();
  await db.schema.alterTable('messages').dropColumn('thread_replies').execute();
  await db.schema.alterTable('messages').dropColumn('thread_id').execute();
  await db.schema.dropTable('message_reactions').execute();
}
