import type { Migration } from 'kysely';
import * as createAccounts from './20261122000000_create_accounts.js';

/** Every migration, in order. The same list runs on SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '20261122000000_create_accounts': createAccounts,
};
