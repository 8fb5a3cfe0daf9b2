import pg from 'pg';
import { inject, describe, expect, it } from 'vitest';
import { createTestDb } from '../test/databases.js';
import { sql } from 'kysely';

describe('PostgreSQL connections', () => {
  it('survive the server cutting an idle pooled connection (a restart or failover) without crashing', async () => {
    const db = await createTestDb('postgres');
    try {
      await sql`select 1`.execute(db.kysely);
      // Terminate every other connection to this database, as a server restart would.
      const admin = new pg.Client({ connectionString: inject('pgUrl') });
      await admin.connect();
      const name = db.url.slice(db.url.lastIndexOf('/') + 1);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await admin.end();
      // Without a pool 'error' listener the terminated idle client would be an unhandled error here.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(db.kysely);
      expect(rows[0]?.n).toBe(1);
    } finally {
      await db.close();
    }
  });
});
