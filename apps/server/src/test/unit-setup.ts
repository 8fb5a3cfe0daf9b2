/**
 * Setup for the server's unit tier (`*.unit.test.ts`): opening SQLite, PostgreSQL or Redis fails the
 * test instead of quietly needing a service, so the tier keeps running where none is installed. A
 * test that needs one belongs in the integration tier (`*.test.ts`).
 */
import { vi } from 'vitest';

const refuse = (what: string) => (): never => {
  throw new Error(`${what} in a unit test: use a fake, or name the file *.test.ts (integration tier)`);
};

vi.mock('better-sqlite3', () => ({
  default: function BetterSqlite3() {
    refuse('SQLite')();
  },
}));
vi.mock('pg', () => ({
  default: {
    Pool: function Pool() {
      refuse('PostgreSQL')();
    },
    Client: function Client() {
      refuse('PostgreSQL')();
    },
  },
}));
vi.mock('redis', () => ({ createClient: refuse('Redis') }));
