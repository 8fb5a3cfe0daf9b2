import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Issue 18, devices on the profile: each sign-in session gets a public id (random, what the API shows
 * and deletes by; the row's own id is the cookie's hash and never leaves the server), when and from
 * where it was last used, and how it signed in. Sessions from before get a random public id each and
 * count as last seen when they were created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['public_id', 'last_seen_at', 'ip', 'signed_in_with']) {
    await db.schema.alterTable('sessions').addColumn(column, 'text').execute();
  }
  const k = db as Kysely<{ sessions: { id: string; public_id: string | null; created_at: string } }>;
  const rows = await k.selectFrom('sessions').select('id').execute();
  for (const row of rows) {
    await k
      .updateTable('sessions')
      .set({ public_id: randomBytes(16).toString('base64url') })
      .where('id', '=', row.id)
      .execute();
  }
  await sql`update sessions set last_seen_at = created_at`.execute(db);
  await db.schema.createIndex('sessions_public_id_idx').on('sessions').column('public_id').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_public_id_idx').execute();
  for (const column of ['signed_in_with', 'ip', 'last_seen_at', 'public_id']) {
    await db.schema.alterTable('sessions').dropColumn(column).execute();
  }
}
