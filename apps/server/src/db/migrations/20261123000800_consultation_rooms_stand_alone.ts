import { sql, type Kysely } from 'kysely';

/**
 * Nothing hangs off a consultation's chat room (issue 15): discussions started under one escaped
 * the consultation's rules (the client's real name, anyone could be added, erasure and retention
 * did not reach them). They are removed here with everything in them — discussions of discussions,
 * messages, mentions, members, calls — and so are the "@username started a discussion" lines they
 * left in the consultation's chat, which named the client behind their nickname. Done explicitly
 * rather than through the foreign keys' cascades, so it does not depend on SQLite enforcing them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const doomed: string[] = [];
  let parents = (
    await sql<{ id: string }>`select id from rooms where type = 'consultation'`.execute(db)
  ).rows.map((r) => r.id);
  const consultationRooms = parents;
  while (parents.length > 0) {
    const children: string[] = [];
    for (const chunk of chunks(parents)) {
      const rows = await sql<{ id: string }>`
        select id from rooms where parent_id in (${sql.join(chunk)})`.execute(db);
      children.push(...rows.rows.map((r) => r.id));
    }
    doomed.push(...children);
    parents = children;
  }
  // The deepest first, so no row is left pointing at a removed parent.
  for (const chunk of chunks(doomed.reverse())) {
    const ids = sql.join(chunk);
    await sql`delete from call_participants where call_id in (select id from calls where room_id in (${ids}))`.execute(
      db,
    );
    await sql`delete from calls where room_id in (${ids})`.execute(db);
    await sql`delete from message_mentions where message_id in (select id from messages where room_id in (${ids}))`.execute(
      db,
    );
    await sql`delete from messages where room_id in (${ids})`.execute(db);
    await sql`delete from room_members where room_id in (${ids})`.execute(db);
    await sql`update rooms set team_id = null where team_id in (${ids})`.execute(db);
    await sql`delete from rooms where id in (${ids})`.execute(db);
  }
  for (const chunk of chunks(consultationRooms)) {
    const ids = sql.join(chunk);
    // Never possible (a team link needs a team), but nothing may point at a consultation's room.
    await sql`update rooms set team_id = null where team_id in (${ids})`.execute(db);
    const lines = sql`
      select id from messages
      where room_id in (${ids}) and kind = 'system' and text like '@% started a discussion%'`;
    await sql`delete from message_mentions where message_id in (${lines})`.execute(db);
    await sql`
      delete from messages
      where room_id in (${ids}) and kind = 'system' and text like '@% started a discussion%'`.execute(db);
  }
}

export async function down(): Promise<void> {
  // What was removed is gone; there is nothing to put back.
}

/** Bound parameter lists stay well under SQLite's and PostgreSQL's limits. */
function chunks(ids: string[], size = 500): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
