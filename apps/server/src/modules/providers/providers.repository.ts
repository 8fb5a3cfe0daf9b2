import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ProvidersTable } from '../../db/schema.js';

export type ProviderRow = Selectable<ProvidersTable>;

/** A provider profile with the account it belongs to. */
export interface ProviderRecord extends ProviderRow {
  username: string;
  display_name: string;
  avatar_file: string | null;
  /** users.active: a deactivated account offers nothing. */
  user_active: number;
  /** users.is_provider: the role an admin granted (0 after a revoke; `providers.active` follows it). */
  is_provider: number;
}

export interface ProfileChange {
  bio: string;
  specialities: string;
  languages: string;
  search_text: string;
  accepting: number;
  /** Absent: left as it is. */
  public_booking?: number;
}

/** Provider profiles and availability: the only SQL on `providers` (the role flag is the users module's). */
export class ProvidersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private select() {
    return this.db
      .selectFrom('providers as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .selectAll('p')
      .select(['u.username', 'u.display_name', 'u.avatar_file', 'u.active as user_active', 'u.is_provider']);
  }

  find(userId: string): Promise<ProviderRecord | undefined> {
    return this.select().where('p.user_id', '=', userId).executeTakeFirst();
  }

  /** A provider by their account's username (a public booking page's handle), case-insensitively. */
  findByUsername(username: string): Promise<ProviderRecord | undefined> {
    return this.select()
      .where(sql<string>`lower(u.username)`, '=', username.toLowerCase())
      .executeTakeFirst();
  }

  /**
   * Providers clients may find: the role held, the account active, accepting bookings. `needle`
   * (lowercased) matches the username, the display name or the profile's search text.
   */
  listVisible(needle: string | undefined, limit: number): Promise<ProviderRecord[]> {
    const like = needle ? `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return this.select()
      .where('p.active', '=', 1)
      .where('p.accepting', '=', 1)
      .where('u.is_provider', '=', 1)
      .where('u.guest', '=', 0)
      .where('u.active', '=', 1)
      .$if(like !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`lower(u.username)`, 'like', sql`${like} escape '\\'`),
            eb(sql`lower(u.display_name)`, 'like', sql`${like} escape '\\'`),
            eb(sql`p.search_text`, 'like', sql`${like} escape '\\'`),
          ]),
        ),
      )
      .orderBy('u.display_name')
      .orderBy('u.username')
      .limit(limit)
      .execute();
  }

  async updateProfile(userId: string, change: ProfileChange, nowIso: string): Promise<void> {
    await this.db
      .updateTable('providers')
      .set({ ...change, updated_at: nowIso })
      .where('user_id', '=', userId)
      .execute();
  }

  async updateAvailability(
    userId: string,
    availability: string,
    timezone: string,
    sessionMinutes: number,
    nowIso: string,
  ): Promise<void> {
    await this.db
      .updateTable('providers')
      .set({ availability, timezone, session_minutes: sessionMinutes, updated_at: nowIso })
      .where('user_id', '=', userId)
      .execute();
  }
}
