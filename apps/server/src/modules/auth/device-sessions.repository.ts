import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.js';

export type DeviceSessionRow = Pick<
  Selectable<SessionsTable>,
  'id' | 'public_id' | 'created_at' | 'last_seen_at' | 'user_agent' | 'ip' | 'signed_in_with'
>;

/** The `sessions` table as the devices list sees it: by public id, per person, and when last used. */
export class DeviceSessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The person's live sessions, newest first. */
  listActive(userId: string, nowIso: string): Promise<DeviceSessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'public_id', 'created_at', 'last_seen_at', 'user_agent', 'ip', 'signed_in_with'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', nowIso)
      .orderBy('created_at', 'desc')
      .orderBy('public_id', 'desc')
      .execute();
  }

  /** Deletes one of the person's live sessions; its (secret) id, or null when it is not theirs or gone. */
  async deleteActive(userId: string, publicId: string, nowIso: string): Promise<string | null> {
    const row = await this.db
      .deleteFrom('sessions')
      .where('public_id', '=', publicId)
      .where('user_id', '=', userId)
      .where('expires_at', '>', nowIso)
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Records a use unless one was recorded since `unlessSinceIso`: one conditional statement, so
   * several nodes (or a restart) still write at most about once a minute per session.
   */
  async touch(id: string, input: { nowIso: string; ip: string; unlessSinceIso: string }): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: input.nowIso, ip: input.ip })
      .where('id', '=', id)
      .where('last_seen_at', '<=', input.unlessSinceIso)
      .execute();
  }
}
