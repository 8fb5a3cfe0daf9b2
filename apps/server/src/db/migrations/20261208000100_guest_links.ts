import type { Kysely } from 'kysely';

/**
 * Issue 19, call guests: a room's owners and moderators hand out links (`guest_links`, the token's
 * sha256 only) that let people without an account ask to join whichever call is live in the room;
 * each such request is a `guest_admissions` row (the guest's account, their secret's sha256, and
 * whether they wait in the lobby, were let in or turned away, or their call ended).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guest_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('call_id', 'text', (c) => c.references('calls.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('passcode_hash', 'text')
    .addColumn('lobby', 'integer', (c) => c.notNull())
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guest_links_room_idx').on('guest_links').column('room_id').execute();
  await db.schema.createIndex('guest_links_expires_idx').on('guest_links').column('expires_at').execute();
  await db.schema
    .createTable('guest_admissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('guest_links.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guest_admissions_call_idx')
    .on('guest_admissions')
    .columns(['call_id', 'status'])
    .execute();
  await db.schema.createIndex('guest_admissions_link_idx').on('guest_admissions').column('link_id').execute();
  await db.schema.createIndex('guest_admissions_user_idx').on('guest_admissions').column('user_id').execute();
  await db.schema
    .createIndex('guest_admissions_status_idx')
    .on('guest_admissions')
    .columns(['status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('guest_admissions').execute();
  await db.schema.dropTable('guest_links').execute();
}
