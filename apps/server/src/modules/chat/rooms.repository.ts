import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, RoomMembersTable, RoomsTable, UsersTable } from '../../db/schema.js';

export type RoomRow = Selectable<RoomsTable>;
export type RoomRole = RoomMembersTable['role'];
export type Executor = Kysely<Database> | Transaction<Database>;

/** The user columns chat shows (authors, members); joined here so a page of messages is one query. */
export type UserColumns = Pick<
  Selectable<UsersTable>,
  'id' | 'username' | 'display_name' | 'avatar_file' | 'role'
>;

/** The username every aliased member goes by (mentions of them use it too). */
export const ALIAS_USERNAME = 'client';

/**
 * A member as the room presents them: under their alias (a consultation's nickname), if they have
 * one there, with nothing of their account but its opaque id; otherwise their account.
 */
export function aliased(user: UserColumns, alias: string | null | undefined): UserColumns {
  if (alias === null || alias === undefined) return user;
  return { id: user.id, username: ALIAS_USERNAME, display_name: alias, avatar_file: null, role: 'user' };
}

export interface MemberRow {
  user: UserColumns;
  role: RoomRole;
  joined_at: string;
}

export interface MyRoomRow extends RoomRow {
  my_role: RoomRole;
  last_read_seq: number;
  unread: number;
  mention_count: number;
  notify_level: 'all' | 'mentions' | 'none';
  mute_until: string | null;
}

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** Rooms and memberships: the only SQL on `rooms` and `room_members`. */
export class RoomsRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    room: Omit<RoomRow, 'last_seq' | 'member_count' | 'topic'> & { topic: string },
  ): Promise<void> {
    await this.db.insertInto('rooms').values(room).execute();
  }

  findById(id: string): Promise<RoomRow | undefined> {
    return this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByIds(ids: readonly string[]): Promise<RoomRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('rooms').selectAll().where('id', 'in', ids).execute();
  }

  /**
   * Takes the room's row lock for the rest of the transaction (PostgreSQL; SQLite runs one writer at
   * a time anyway), so membership changes in one room are checked and applied one after another.
   */
  lock(id: string, nowIso: string): Promise<RoomRow | undefined> {
    return this.db
      .updateTable('rooms')
      .set({ updated_at: nowIso })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  findByDirectKey(key: string): Promise<RoomRow | undefined> {
    return this.db.selectFrom('rooms').selectAll().where('direct_key', '=', key).executeTakeFirst();
  }

  /** The room and the caller's role in it (null when not a member), in one read. */
  async findWithRole(
    id: string,
    userId: string,
  ): Promise<{ room: RoomRow; role: RoomRole | null; alias: string | null } | undefined> {
    const row = await this.db
      .selectFrom('rooms')
      .leftJoin('room_members as m', (j) =>
        j.onRef('m.room_id', '=', 'rooms.id').on('m.user_id', '=', userId),
      )
      .selectAll('rooms')
      .select(['m.role as my_role', 'm.alias as my_alias'])
      .where('rooms.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { my_role, my_alias, ...room } = row;
    return { room, role: my_role ?? null, alias: my_alias ?? null };
  }

  /** The member's alias in the room (null: none, or not a member). */
  async aliasOf(roomId: string, userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('room_members')
      .select('alias')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.alias ?? null;
  }

  async roleOf(roomId: string, userId: string): Promise<RoomRole | null> {
    const row = await this.db
      .selectFrom('room_members')
      .select('role')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role ?? null;
  }

  /** Adds a member unless already there; true when added. Keeps `member_count` in step. */
  async addMember(
    roomId: string,
    userId: string,
    role: RoomRole,
    nowIso: string,
    lastReadSeq: number,
    alias: string | null = null,
  ): Promise<boolean> {
    const inserted = await this.db
      .insertInto('room_members')
      .values({
        room_id: roomId,
        user_id: userId,
        role,
        joined_at: nowIso,
        last_read_seq: lastReadSeq,
        alias,
      })
      .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (num(inserted.numInsertedOrUpdatedRows) === 0) return false;
    await this.db
      .updateTable('rooms')
      .set((eb) => ({ member_count: eb('member_count', '+', 1) }))
      .where('id', '=', roomId)
      .execute();
    return true;
  }

  async removeMember(roomId: string, userId: string): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('room_members')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (num(deleted.numDeletedRows) === 0) return false;
    await this.db
      .updateTable('rooms')
      .set((eb) => ({ member_count: eb('member_count', '-', 1) }))
      .where('id', '=', roomId)
      .execute();
    return true;
  }

  async setRole(roomId: string, userId: string, role: RoomRole): Promise<boolean> {
    const res = await this.db
      .updateTable('room_members')
      .set({ role })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return num(res.numUpdatedRows) > 0;
  }

  async countRole(roomId: string, role: RoomRole): Promise<number> {
    const row = await this.db
      .selectFrom('room_members')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('room_id', '=', roomId)
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    return num(row.n);
  }

  /** Who takes over when the last owner leaves: moderators first, then the longest-standing member. */
  async successor(roomId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .orderBy(sql`case role when 'moderator' then 0 else 1 end`)
      .orderBy('joined_at')
      .orderBy('user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  async update(
    id: string,
    patch: Partial<Pick<RoomRow, 'display_name' | 'topic' | 'archived_at'>>,
    nowIso: string,
  ): Promise<void> {
    await this.db
      .updateTable('rooms')
      .set({ ...patch, updated_at: nowIso })
      .where('id', '=', id)
      .execute();
  }

  listMembers(roomId: string): Promise<MemberRow[]> {
    return this.db
      .selectFrom('room_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.avatar_file',
        'u.role as user_role',
        'm.role',
        'm.joined_at',
        'm.alias',
      ])
      .where('m.room_id', '=', roomId)
      .orderBy('m.joined_at')
      .orderBy('u.username')
      .execute()
      .then((rows) =>
        rows.map((r) => ({
          user: aliased(
            {
              id: r.id,
              username: r.username,
              display_name: r.display_name,
              avatar_file: r.avatar_file,
              role: r.user_role,
            },
            r.alias,
          ),
          role: r.role,
          joined_at: r.joined_at,
        })),
      );
  }

  async memberRoles(roomId: string): Promise<{ user_id: string; role: RoomRole }[]> {
    return this.db
      .selectFrom('room_members')
      .select(['user_id', 'role'])
      .where('room_id', '=', roomId)
      .execute();
  }

  async roomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('room_members')
      .select('room_id')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.room_id);
  }

  /** Which of `userIds` share at least one room with `viewerId` (the viewer included). */
  async sharingARoomWith(viewerId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('room_members as other')
      .innerJoin('room_members as mine', 'mine.room_id', 'other.room_id')
      .select('other.user_id')
      .distinct()
      .where('mine.user_id', '=', viewerId)
      .where('other.user_id', 'in', userIds)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /**
   * My rooms with read state and counts: unread = others' live user messages after my last read,
   * outside threads; mentions count in replies too.
   */
  listMine(userId: string): Promise<MyRoomRow[]> {
    return this.db
      .selectFrom('room_members as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .selectAll('r')
      .select(['m.role as my_role', 'm.last_read_seq', 'm.notify_level', 'm.mute_until'])
      .select((eb) => [
        eb
          .selectFrom('messages as x')
          .select((e) => e.fn.countAll<string | number>().as('n'))
          .whereRef('x.room_id', '=', 'r.id')
          .whereRef('x.seq', '>', 'm.last_read_seq')
          .where('x.kind', '=', 'user')
          .where('x.deleted_at', 'is', null)
          // Thread replies count in their thread's unread, not the room's (issue 20); mentions still do.
          .where('x.thread_id', 'is', null)
          .where((w) => w.or([w('x.author_id', 'is', null), w('x.author_id', '!=', userId)]))
          .as('unread'),
        eb
          .selectFrom('message_mentions as mm')
          .select((e) => e.fn.countAll<string | number>().as('n'))
          .where('mm.user_id', '=', userId)
          .whereRef('mm.room_id', '=', 'r.id')
          .whereRef('mm.seq', '>', 'm.last_read_seq')
          .as('mention_count'),
      ])
      .where('m.user_id', '=', userId)
      .orderBy('r.id')
      .execute()
      .then((rows) =>
        rows.map((r) => ({ ...r, unread: num(r.unread), mention_count: num(r.mention_count) })),
      );
  }

  /** Public channels and teams, plus channels of teams I am in; archived ones left out. */
  directory(userId: string, query: string, limit: number, teamId?: string): Promise<RoomRow[]> {
    const like = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db
      .selectFrom('rooms as r')
      .selectAll('r')
      .where('r.archived_at', 'is', null)
      .where((w) =>
        w.or([
          w('r.type', 'in', ['channel', 'team']),
          w.and([
            w('r.type', '=', 'private'),
            w(
              'r.team_id',
              'in',
              w.selectFrom('room_members').select('room_id').where('user_id', '=', userId),
            ),
          ]),
        ]),
      )
      .$if(teamId !== undefined, (qb) => qb.where('r.team_id', '=', teamId!))
      .$if(query !== '', (qb) =>
        qb.where((w) =>
          w.or([
            w(sql`lower(r.name)`, 'like', sql`${like} escape '\\'`),
            w(sql`lower(r.display_name)`, 'like', sql`${like} escape '\\'`),
            w(sql`lower(r.topic)`, 'like', sql`${like} escape '\\'`),
          ]),
        ),
      )
      .orderBy('r.member_count', 'desc')
      .orderBy('r.name')
      .limit(limit)
      .execute();
  }

  /** Members of the given DMs, for their names and avatars. */
  async directMembers(roomIds: string[]): Promise<Map<string, UserColumns[]>> {
    const byRoom = new Map<string, UserColumns[]>();
    if (roomIds.length === 0) return byRoom;
    const rows = await this.db
      .selectFrom('room_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.room_id', 'm.alias', 'u.id', 'u.username', 'u.display_name', 'u.avatar_file', 'u.role'])
      .where('m.room_id', 'in', roomIds)
      .orderBy('m.joined_at')
      .orderBy('u.username')
      .execute();
    for (const { room_id, alias, ...user } of rows) {
      const list = byRoom.get(room_id) ?? [];
      list.push(aliased(user, alias));
      byRoom.set(room_id, list);
    }
    return byRoom;
  }

  /** Moves my read marker forward (never back, never past the newest message); returns the new value. */
  async markRead(roomId: string, userId: string, seq: number): Promise<number | null> {
    const newest = sql<number>`(select last_seq from rooms where id = ${roomId})`;
    const wanted = sql<number>`cast(${seq} as integer)`;
    const target = sql<number>`case when ${wanted} < ${newest} then ${wanted} else ${newest} end`;
    const res = await this.db
      .updateTable('room_members')
      .set({
        last_read_seq: sql<number>`case when last_read_seq < ${target} then ${target} else last_read_seq end`,
      })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .returning('last_read_seq')
      .executeTakeFirst();
    return res ? num(res.last_read_seq) : null;
  }

  /**
   * Accounts among these ids (with `activeOnly`, for invitations and DMs: only active ones, and no
   * guests, who are never invited into rooms or written to directly — issue 19).
   */
  usersByIds(ids: string[], { activeOnly = false }: { activeOnly?: boolean } = {}): Promise<UserColumns[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'avatar_file', 'role'])
      .where('id', 'in', ids)
      .$if(activeOnly, (q) => q.where('active', '=', 1).where('guest', '=', 0))
      .execute();
  }

  /** Active accounts with these usernames (`/invite @bob`); never guests (issue 19). */
  activeUsersByUsername(usernames: string[]): Promise<UserColumns[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'avatar_file', 'role'])
      .where('username', 'in', usernames)
      .where('active', '=', 1)
      .where('guest', '=', 0)
      .execute();
  }

  /**
   * Room members whose usernames are among `usernames` (mentions). An aliased member answers only to
   * the alias's username, never to their own: a guessed real username must not find them.
   */
  async membersByUsername(roomId: string, usernames: string[]): Promise<string[]> {
    if (usernames.length === 0) return [];
    const rows = await this.db
      .selectFrom('room_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.id')
      .where('m.room_id', '=', roomId)
      .where((w) =>
        usernames.includes(ALIAS_USERNAME)
          ? w.or([
              w.and([w('m.alias', 'is', null), w('u.username', 'in', usernames)]),
              w('m.alias', 'is not', null),
            ])
          : w.and([w('m.alias', 'is', null), w('u.username', 'in', usernames)]),
      )
      .execute();
    return rows.map((r) => r.id);
  }
}
