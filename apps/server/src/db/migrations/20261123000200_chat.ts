import type { Kysely } from 'kysely';

/**
 * Rooms, members and messages. `rooms.last_seq` is the per-room message counter: a send bumps it and
 * inserts the message in one transaction, so seqs are strictly increasing without gaps or reuse
 * (on PostgreSQL the UPDATE's row lock orders concurrent sends in one room).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    // Channel and team handles share one namespace; NULL (DMs, discussions) never collides.
    .addColumn('name', 'text', (c) => c.unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'text', (c) => c.references('rooms.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('source_message_id', 'text')
    // Sorted member ids of a DM: starting the same DM twice finds the first one.
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('rooms_parent_idx').on('rooms').column('parent_id').execute();
  await db.schema.createIndex('rooms_team_idx').on('rooms').column('team_id').execute();
  await db.schema.createIndex('rooms_type_idx').on('rooms').column('type').execute();

  await db.schema
    .createTable('room_members')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('room_members_pk', ['room_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('room_members_user_idx')
    .on('room_members')
    .columns(['user_id', 'room_id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('action', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_to_id', 'text')
    /** JSON array of mentioned member ids (denormalised for reads; `message_mentions` is for counting). */
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('client_msg_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('messages_room_seq_unique', ['room_id', 'seq'])
    .execute();
  // A retried send (same author, room and clientMsgId) finds the first one; NULLs never collide.
  await db.schema
    .createIndex('messages_client_msg_idx')
    .unique()
    .on('messages')
    .columns(['room_id', 'author_id', 'client_msg_id'])
    .execute();

  await db.schema
    .createTable('message_mentions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('message_mentions_user_idx')
    .on('message_mentions')
    .columns(['user_id', 'room_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_mentions').execute();
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('room_members').execute();
  await db.schema.dropTable('rooms').execute();
}
