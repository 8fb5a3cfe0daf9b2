import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DATABASE_KINDS } from '../test/databases.js';
import { insertPerson } from '../test/fakes.js';
import { migrateToLatest, type Db } from './database.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

const NOW = '2026-11-23T10:00:00.000Z';
const person = (id: string) => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  avatarUrl: null,
  role: 'user' as const,
});

/**
 * Issue 15: discussions started under a consultation's chat room, from before that was refused,
 * are removed with everything in them; the lines they left in the consultation's chat go too.
 */
describe.each(DATABASE_KINDS)('migration: nothing hangs off a consultation room (%s)', (kind) => {
  let db: (Db & { url: string }) | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  async function room(k: Kysely<Database>, id: string, type: string, parentId: string | null = null) {
    await sql`
      insert into rooms (id, type, name, display_name, topic, parent_id, team_id, source_message_id,
        direct_key, created_by, created_at, updated_at, archived_at, last_seq, member_count)
      values (${id}, ${type}, null, ${id}, '', ${parentId}, null, null,
        ${type === 'consultation' ? `consultation:${id}` : null}, 'cli', ${NOW}, ${NOW}, null, 0, 0)`.execute(
      k,
    );
    for (const user of ['cli', 'pro']) {
      await sql`insert into room_members (room_id, user_id, role, joined_at, last_read_seq)
        values (${id}, ${user}, 'member', ${NOW}, 0)`.execute(k);
    }
  }
  async function message(
    k: Kysely<Database>,
    id: string,
    roomId: string,
    seq: number,
    text: string,
    kind = 'user',
  ) {
    await sql`insert into messages (id, room_id, seq, kind, author_id, text, created_at)
      values (${id}, ${roomId}, ${seq}, ${kind}, 'cli', ${text}, ${NOW})`.execute(k);
    await sql`insert into message_mentions (message_id, room_id, user_id, seq)
      values (${id}, ${roomId}, 'pro', ${seq})`.execute(k);
  }

  it('deletes discussions under consultation rooms (nested too) with their messages, members and calls', async () => {
    db = await createTestDb(kind);
    const k = db.kysely;
    const migrator = new Migrator({
      db: k,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const before = await migrator.migrateTo('20261123000700_member_alias');
    expect(before.error).toBeUndefined();
    for (const id of ['cli', 'pro']) await insertPerson(k, person(id), NOW);

    await room(k, 'consult', 'consultation');
    await message(k, 'c1', 'consult', 1, 'hello');
    await message(k, 'c2', 'consult', 2, '@cli started a discussion: side talk', 'system');
    await room(k, 'side', 'discussion', 'consult');
    await message(k, 's1', 'side', 1, 'my real name is out');
    await room(k, 'deeper', 'discussion', 'side');
    await message(k, 'd1', 'deeper', 1, 'further down');
    await sql`insert into calls (id, room_id, type, status, title, created_by, provider, meeting_id,
        room_name, ringing, created_at, max_until)
      values ('call1', 'side', 'group', 'ongoing', '', 'cli', 'jitsi', 'm1', 'm1', 0, ${NOW}, ${NOW})`.execute(
      k,
    );
    await sql`insert into call_participants (call_id, user_id, state, moderator, invited_at)
      values ('call1', 'cli', 'accepted', 0, ${NOW})`.execute(k);
    // An ordinary channel and its discussion are left alone.
    await room(k, 'general', 'channel');
    await room(k, 'thread', 'discussion', 'general');
    await message(k, 't1', 'thread', 1, '@cli started a discussion: kept');

    await migrateToLatest(db);

    const rooms = await k.selectFrom('rooms').select('id').orderBy('id').execute();
    expect(rooms.map((r) => r.id)).toEqual(['consult', 'general', 'thread']);
    const messages = await k.selectFrom('messages').select(['id', 'room_id']).orderBy('id').execute();
    expect(messages).toEqual([
      { id: 'c1', room_id: 'consult' },
      { id: 't1', room_id: 'thread' },
    ]);
    const members = await k
      .selectFrom('room_members')
      .select('room_id')
      .distinct()
      .orderBy('room_id')
      .execute();
    expect(members.map((m) => m.room_id)).toEqual(['consult', 'general', 'thread']);
    expect(await k.selectFrom('calls').select('id').execute()).toEqual([]);
    expect(await k.selectFrom('call_participants').select('call_id').execute()).toEqual([]);
    const mentions = await k
      .selectFrom('message_mentions')
      .select('message_id')
      .orderBy('message_id')
      .execute();
    expect(mentions.map((m) => m.message_id)).toEqual(['c1', 't1']);
  });
});
