import { sql, type Kysely } from 'kysely';

/**
 * A member's alias in one room (issue 10): a client who booked a consultation under a nickname is
 * that nickname, with no username or avatar of theirs, wherever the room's chat presents them — to
 * both parties. Null: the member's own account, as everywhere else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_members').addColumn('alias', 'text').execute();
  // Consultations booked before: their clients' nicknames, in the rooms made for them.
  await sql`
    update room_members set alias = (
      select c.client_nickname from consultations c
      where c.room_id = room_members.room_id and c.client_id = room_members.user_id
        and c.client_nickname is not null
      limit 1
    )
    where exists (
      select 1 from consultations c
      where c.room_id = room_members.room_id and c.client_id = room_members.user_id
        and c.client_nickname is not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_members').dropColumn('alias').execute();
}
