import type { Kysely } from 'kysely';

/**
 * A member's alias in one room (issue 10): a client who booked a consultation under a nickname is
 * that nickname, with no username or avatar of theirs, wherever the room's chat presents them — to
 * both parties. Null: the member's own account, as everywhere else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_members').addColumn('alias', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_members').dropColumn('alias').execute();
}
