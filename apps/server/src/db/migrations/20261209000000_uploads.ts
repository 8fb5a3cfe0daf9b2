import type { Kysely } from 'kysely';

/**
 * Issue 20: files uploaded into rooms. A row is written only after its bytes are complete in the
 * object store (under `object_key`, and an image's preview under `thumbnail_key`), so a row always
 * names a whole object; an object no row names (a crash between the two) is removed by the sweeper.
 * `message_id` is null until the uploader sends a message with it; an upload never attached is swept
 * too. `size` counts toward its owner's quota.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('thumbnail_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attached_at', 'text')
    .execute();
  await db.schema.createIndex('uploads_owner_idx').on('uploads').column('owner_id').execute();
  await db.schema
    .createIndex('uploads_message_idx')
    .on('uploads')
    .columns(['message_id', 'position'])
    .execute();
  await db.schema.createIndex('uploads_room_idx').on('uploads').columns(['room_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('uploads').execute();
}
