import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DATABASE_KINDS } from '../test/databases.js';
import { insertPerson } from '../test/fakes.js';
import { migrateToLatest, type Db } from './database.js';
import { migrations } from './migrations/index.js';

const NOW = '2026-11-23T10:00:00.000Z';

/** Issue 18: sessions from before the devices list get a public id each and count as seen at sign-in. */
describe.each(DATABASE_KINDS)('migration: device sessions (%s)', (kind) => {
  let db: (Db & { url: string }) | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it('gives every existing session its own random public id and its creation as last use', async () => {
    db = await createTestDb(kind);
    const k = db.kysely;
    const migrator = new Migrator({ db: k, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo('20261206000000_e2ee_keys')).error).toBeUndefined();
    await insertPerson(
      k,
      { id: 'ada', username: 'ada', displayName: 'Ada', avatarUrl: null, role: 'user' },
      NOW,
    );
    const created = ['2026-11-01T08:00:00.000Z', '2026-11-02T09:00:00.000Z', '2026-11-03T10:00:00.000Z'];
    for (const [i, at] of created.entries()) {
      await sql`insert into sessions (id, user_id, csrf_token, created_at, expires_at, user_agent)
        values (${`hash${i}`}, 'ada', 'csrf', ${at}, '2026-12-31T00:00:00.000Z', 'Firefox')`.execute(k);
    }

    await migrateToLatest(db);

    const rows = await k
      .selectFrom('sessions')
      .select(['id', 'public_id', 'created_at', 'last_seen_at', 'ip', 'signed_in_with'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.last_seen_at)).toEqual(created);
    expect(rows.map((r) => [r.ip, r.signed_in_with])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    const ids = rows.map((r) => r.public_id);
    for (const id of ids) expect(id).toMatch(/^[\w-]{22}$/);
    expect(new Set(ids).size).toBe(3);
    // The public id is unique: a second row cannot take one that is in use.
    await expect(
      sql`insert into sessions (id, user_id, csrf_token, created_at, expires_at, public_id, last_seen_at)
        values ('hash9', 'ada', 'csrf', ${NOW}, ${NOW}, ${ids[0]}, ${NOW})`.execute(k),
    ).rejects.toThrow();
  });
});
