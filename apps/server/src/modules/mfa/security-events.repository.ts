import type { Insertable, Kysely } from 'kysely';
import type { SecurityEvent } from '@parley/shared';
import type { Database, SecurityEventsTable } from '../../db/schema.js';

/** Kinds recorded in `security_events`. */
export type SecurityEventKind =
  'factor_added' | 'factor_removed' | 'recovery_codes_regenerated' | 'mfa_reset';

/** The record of security changes to an account: who did what, when. */
export class SecurityEventsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<SecurityEventsTable>): Promise<void> {
    await this.db.insertInto('security_events').values(row).execute();
  }

  /** Newest first, with the acting person (null when they were deleted). */
  async list(userId: string, limit = 100): Promise<SecurityEvent[]> {
    const rows = await this.db
      .selectFrom('security_events as e')
      .leftJoin('users as a', 'a.id', 'e.actor_id')
      .select([
        'e.id',
        'e.kind',
        'e.user_id',
        'e.created_at',
        'a.id as actor_id',
        'a.username as actor_username',
        'a.display_name as actor_display_name',
      ])
      .where('e.user_id', '=', userId)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      userId: r.user_id,
      actor:
        r.actor_id && r.actor_username && r.actor_display_name
          ? { id: r.actor_id, username: r.actor_username, displayName: r.actor_display_name }
          : null,
      createdAt: r.created_at,
    }));
  }
}
