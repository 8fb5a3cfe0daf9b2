import type { Kysely } from 'kysely';

/**
 * Issue 21, Web Push (the push module's own tables).
 *
 * - `push_keys`: the server's VAPID key pair (RFC 8292), one row (`id` = 'vapid'). Made by the first
 *   node to start; every node reads the same row, so every push is signed with the key browsers
 *   subscribed with. The private key is sealed with SECRET_KEY (SecretBox).
 * - `push_rings`: who was sent a ringing push for a call, so the follow-up push that closes that
 *   notification goes out exactly once, from whichever node sees the call answered, declined or over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('push_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('push_rings')
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_rings_pk', ['call_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_rings').execute();
  await db.schema.dropTable('push_keys').execute();
}
