import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db, type DatabaseKind } from '../db/database.js';

/** Every integration suite runs once per database. */
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];

/** A fresh, empty database: in-memory SQLite, or a new PostgreSQL database dropped on close. */
export async function createTestDb(kind: DatabaseKind): Promise<Db & { url: string }> {
  if (kind === 'sqlite') return { ...openDatabase('sqlite::memory:'), url: 'sqlite::memory:' };
  const adminUrl = inject('pgUrl');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = openDatabase(url);
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
