import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';
import { ensureDir } from '../lib/ensure-dir.js';
import { StartupError } from '../lib/startup-error.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

/** `sqlite:./data/parley.db`, `sqlite::memory:` or `postgres://user:pass@host:5432/db`. */
export function openDatabase(url: string): Db {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
  return openPostgres(url);
}

function openSqlite(file: string): Db {
  // An empty path would silently give an in-memory database: everything lost on restart and the
  // next visitor becoming administrator. Only the explicit `sqlite::memory:` means memory.
  if (file === '') {
    throw new StartupError('DATABASE_URL: sqlite: needs a file path such as sqlite:./data/parley.db');
  }
  const inMemory = file === ':memory:';
  const path = inMemory ? ':memory:' : resolve(file);
  let sqlite: BetterSqlite3.Database;
  try {
    if (!inMemory) createPrivateFile(path);
    sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = WAL');
    // WAL defaults to synchronous=NORMAL in this build, which can lose the last commits on power loss.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const why =
      code === 'SQLITE_NOTADB'
        ? 'is not a SQLite database'
        : code === 'SQLITE_CANTOPEN'
          ? 'cannot be opened'
          : `cannot be used (${code || (err as Error).message})`;
    throw new StartupError(`DATABASE_URL: ${path} ${why}`, { cause: err });
  }
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { kysely, kind: 'sqlite', close: () => kysely.destroy() };
}

/** Distinct SQL texts kept prepared; Parley issues far fewer, so in practice every statement stays. */
const STATEMENT_CACHE_SIZE = 2_000;

/**
 * Kysely prepares every query anew, and preparing costs more than running most of Parley's small
 * statements. Kysely runs one statement at a time per SQLite connection (it never streams here), so a
 * prepared statement can be reused; SQLite re-prepares it by itself after a schema change.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    let statement = statements.get(source);
    if (!statement) {
      statement = sqlite.prepare(source);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get: (target, property) => {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      // Native methods must run on the real database object, not on the proxy.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The database holds password hashes: create it readable by Parley's user only, in a folder only it
 * can enter. SQLite gives the -wal and -shm files the database file's permissions.
 */
function createPrivateFile(path: string): void {
  try {
    ensureDir(dirname(path), 0o700);
  } catch (err) {
    throw new StartupError(`DATABASE_URL: ${(err as Error).message}`, { cause: err });
  }
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection can be cut by the server (a restart, a failover, an administrator's
  // terminate). pg then emits 'error' on the pool, which would crash the process if nobody listened;
  // the pool has already discarded that client and opens a new one on the next query.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, kind: 'postgres', close: () => kysely.destroy() };
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
