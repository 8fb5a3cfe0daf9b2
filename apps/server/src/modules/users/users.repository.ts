import { DEFAULT_AVAILABILITY } from '@parley/shared';
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Account, Database, UserRow, UsersTable } from '../../db/schema.js';

export type { Account, UserRow };

/** Drops the password hash before a row leaves the auth checks. */
export const toAccount = ({ password_hash: _hash, ...account }: UserRow): Account => account;

/** Escapes LIKE wildcards so a search for "50%" finds that text, not everything. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type AccountChange = { role?: 'admin' | 'user'; active?: 0 | 1; is_provider?: 0 | 1 };

export class UsersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  /**
   * Changes role, activity and/or the provider role unless that would leave no active administrator.
   * Serialised: on PostgreSQL by a transaction-scoped advisory lock (two admins demoting each other at
   * once must not both succeed); SQLite runs one transaction at a time anyway. Granting the provider
   * role creates the provider profile (default availability) the first time and shows it again after a
   * revoke; revoking hides it (`providers.active = 0`) but keeps it and past consultations — in the
   * same transaction as the flag, so the two never disagree.
   */
  async changeAccount(
    id: string,
    change: AccountChange,
    nowIso: string,
  ): Promise<{ ok: true; user: UserRow } | { ok: false; reason: 'not_found' | 'last_admin' }> {
    return this.db.transaction().execute(async (trx) => {
      if (this.kind === 'postgres') await sql`select pg_advisory_xact_lock(7261001)`.execute(trx);
      const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!user) return { ok: false, reason: 'not_found' };
      const staysActiveAdmin = (change.role ?? user.role) === 'admin' && (change.active ?? user.active) === 1;
      if (user.role === 'admin' && user.active === 1 && !staysActiveAdmin) {
        const others = await trx
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('role', '=', 'admin')
          .where('active', '=', 1)
          .where('id', '!=', id)
          .executeTakeFirstOrThrow();
        if (Number(others.n) === 0) return { ok: false, reason: 'last_admin' };
      }
      await trx
        .updateTable('users')
        .set({ ...change, updated_at: nowIso })
        .where('id', '=', id)
        .execute();
      if (change.is_provider === 1) {
        await trx
          .insertInto('providers')
          .values({
            user_id: id,
            active: 1,
            search_text: `${user.display_name}\n${user.username}`.normalize('NFC').toLowerCase(),
            availability: JSON.stringify(DEFAULT_AVAILABILITY),
            timezone: DEFAULT_AVAILABILITY.timezone,
            session_minutes: DEFAULT_AVAILABILITY.sessionMinutes,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ active: 1, updated_at: nowIso }))
          .execute();
      } else if (change.is_provider === 0) {
        await trx
          .updateTable('providers')
          .set({ active: 0, updated_at: nowIso })
          .where('user_id', '=', id)
          .execute();
      }
      const updated = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { ok: true, user: updated };
    });
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findPasswordHash(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.password_hash;
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** Accounts with this e-mail address, compared without case (addresses are not unique). */
  findByEmail(email: string): Promise<UserRow[]> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .orderBy('created_at')
      .limit(10)
      .execute();
  }

  async insert(row: Insertable<UsersTable>): Promise<UserRow> {
    await this.db.insertInto('users').values(row).execute();
    return (await this.findById(row.id))!;
  }

  /**
   * Creates the first administrator exactly once: "no administrator yet" is checked and the user
   * written in one transaction, serialised on PostgreSQL by a transaction-scoped advisory lock (SQLite
   * runs one writer at a time), so two racing setup requests cannot both succeed. Returns undefined if
   * setup was done. (Installations set up before kept an `instance.setup` settings row; nothing reads it.)
   */
  async insertFirstAdmin(row: Insertable<UsersTable>): Promise<UserRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      if (this.kind === 'postgres') await sql`select pg_advisory_xact_lock(7261002)`.execute(trx);
      const admins = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      if (Number(admins.n) > 0) return undefined;
      await trx.insertInto('users').values(row).execute();
      return trx.selectFrom('users').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    });
  }

  async update(id: string, patch: Updateable<UsersTable>): Promise<UserRow | undefined> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
    return this.findById(id);
  }

  async countAdmins(): Promise<number> {
    const { n } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /**
   * People `viewerId` knows only under an alias: they share a room where the person has one (a
   * consultation's client who booked under a nickname, to their provider) and no room where they
   * have none. To the viewer these accounts are not in the directory.
   */
  private knownOnlyByAlias(viewerId: string) {
    return this.db
      .selectFrom('room_members as t')
      .innerJoin('room_members as v', 'v.room_id', 't.room_id')
      .select('t.user_id')
      .where('v.user_id', '=', viewerId)
      .where('t.user_id', '!=', viewerId)
      .where('t.alias', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('room_members as t2')
              .innerJoin('room_members as v2', 'v2.room_id', 't2.room_id')
              .select('t2.room_id')
              .whereRef('t2.user_id', '=', 't.user_id')
              .where('v2.user_id', '=', viewerId)
              .where('t2.alias', 'is', null),
          ),
        ),
      );
  }

  /** Whether `viewerId` knows `userId` only under an alias (see `knownOnlyByAlias`). */
  async isKnownOnlyByAlias(viewerId: string, userId: string): Promise<boolean> {
    const row = await this.knownOnlyByAlias(viewerId).where('t.user_id', '=', userId).executeTakeFirst();
    return row !== undefined;
  }

  /** Who knows `userId` only under an alias: their browsers must not learn the account's profile. */
  async aliasWatchers(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members as t')
      .innerJoin('room_members as v', 'v.room_id', 't.room_id')
      .select('v.user_id')
      .distinct()
      .where('t.user_id', '=', userId)
      .where('v.user_id', '!=', userId)
      .where('t.alias', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('room_members as t2')
              .innerJoin('room_members as v2', 'v2.room_id', 't2.room_id')
              .select('t2.room_id')
              .where('t2.user_id', '=', userId)
              .whereRef('v2.user_id', '=', 'v.user_id')
              .where('t2.alias', 'is', null),
          ),
        ),
      )
      .execute();
    return rows.map((r) => r.user_id);
  }

  /**
   * Username prefix or display-name substring, case-insensitive, ordered by username; without the
   * people `viewerId` knows only under an alias, and without guests (issue 19: never listed or found).
   */
  search(query: string, limit: number, viewerId?: string): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().where('guest', '=', 0);
    if (viewerId !== undefined) q = q.where('id', 'not in', this.knownOnlyByAlias(viewerId));
    if (query) {
      const needle = likeEscape(query.toLowerCase());
      q = q.where(
        sql<boolean>`(username like ${needle + '%'} escape '\\' or lower(display_name) like ${'%' + needle + '%'} escape '\\')`,
      );
    }
    return q.orderBy('username').limit(limit).execute();
  }

  /** Compare-and-set of the avatar reference: true when it still was `expected` and is now `next`. */
  async setAvatarIf(
    id: string,
    expected: string | null,
    next: string | null,
    nowIso: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ avatar_file: next, updated_at: nowIso })
      .where('id', '=', id)
      .where((eb) => (expected === null ? eb('avatar_file', 'is', null) : eb('avatar_file', '=', expected)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listAvatarFiles(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .select('avatar_file')
      .where('avatar_file', 'is not', null)
      .execute();
    return rows.map((r) => r.avatar_file!);
  }

  /** Every account but guests (issue 19: they are not people of the workspace; their links are their own). */
  listAll(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().where('guest', '=', 0).orderBy('username').execute();
  }
}
