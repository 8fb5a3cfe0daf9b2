import type { Kysely } from 'kysely';

/** Messages show the discussion started from them: looked up by `rooms.source_message_id`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('rooms_source_message_idx').on('rooms').column('source_message_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('rooms_source_message_idx').execute();
}
