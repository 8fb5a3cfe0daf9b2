import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export class HealthRepository {
  constructor(private readonly db: Db) {}

  /** The cheapest query that proves the database answers. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db.kysely);
  }

  get kind(): Db['kind'] {
    return this.db.kind;
  }
}
