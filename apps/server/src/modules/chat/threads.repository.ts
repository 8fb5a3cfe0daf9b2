import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Executor } from './rooms.repository.js';

/** A followed thread as `GET /threads` lists it. */
export interface FollowedThreadRow {
  root_id: string;
  room_id: string;
  unread: number;
}

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/**
 * Replies from others after the follower's marker, not counting deleted ones: `f` is the
 * `thread_follows` row (its root, user and marker).
 */
function unreadReplies(eb: ExpressionBuilder<Database & { f: Database['thread_follows'] }, 'f'>) {
  return eb
    .selectFrom('messages as t')
    .select((e) => e.fn.countAll<string | number>().as('n'))
    .whereRef('t.thread_id', '=', 'f.root_id')
    .whereRef('t.seq', '>', 'f.last_read_seq')
    .where('t.deleted_at', 'is', null)
    .where((w) => w.or([w('t.author_id', 'is', null), w('t.author_id', '!=', w.ref('f.user_id'))]));
}

/** Who follows which thread and how far they read it: the only SQL on `thread_follows`. */
export class ThreadsRepository {
  constructor(private readonly db: Executor) {}

  /** Follows for people who took part (not those who unfollowed on purpose: their row stays 0). */
  async autoFollow(
    rootId: string,
    roomId: string,
    userIds: readonly string[],
    nowIso: string,
  ): Promise<void> {
    if (userIds.length === 0) return;
    await this.db
      .insertInto('thread_follows')
      .values(
        [...new Set(userIds)].map((user_id) => ({
          root_id: rootId,
          user_id,
          room_id: roomId,
          following: 1,
          last_read_seq: 0,
          created_at: nowIso,
        })),
      )
      .onConflict((oc) => oc.columns(['root_id', 'user_id']).doNothing())
      .execute();
  }

  /** Follow or unfollow on purpose (an unfollow is remembered). */
  async setFollowing(
    rootId: string,
    roomId: string,
    userId: string,
    following: boolean,
    nowIso: string,
  ): Promise<void> {
    const flag = following ? 1 : 0;
    await this.db
      .insertInto('thread_follows')
      .values({ root_id: rootId, user_id: userId, room_id: roomId, following: flag, created_at: nowIso })
      .onConflict((oc) => oc.columns(['root_id', 'user_id']).doUpdateSet({ following: flag }))
      .execute();
  }

  /** Moves the marker forward only (a late, older read never un-reads); false without a row. */
  async markRead(rootId: string, userId: string, seq: number): Promise<boolean> {
    const wanted = sql<number>`cast(${seq} as integer)`;
    const row = await this.db
      .updateTable('thread_follows')
      .set({
        last_read_seq: sql<number>`case when last_read_seq < ${wanted} then ${wanted} else last_read_seq end`,
      })
      .where('root_id', '=', rootId)
      .where('user_id', '=', userId)
      .returning('root_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Whether this person follows the thread, and their unread replies in it. */
  async stateOf(rootId: string, userId: string): Promise<{ following: boolean; unread: number }> {
    const row = await this.db
      .selectFrom('thread_follows as f')
      .select('f.following')
      .select((eb) => unreadReplies(eb).as('unread'))
      .where('f.root_id', '=', rootId)
      .where('f.user_id', '=', userId)
      .executeTakeFirst();
    if (!row || num(row.following) !== 1) return { following: false, unread: 0 };
    return { following: true, unread: num(row.unread) };
  }

  /** The thread's followers who are still in its room. */
  async followers(rootId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('thread_follows as f')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'f.room_id').onRef('rm.user_id', '=', 'f.user_id'),
      )
      .select('f.user_id')
      .where('f.root_id', '=', rootId)
      .where('f.following', '=', 1)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Threads this person follows in rooms they are in, newest reply first, with their unread. */
  async listFollowed(userId: string, limit: number): Promise<FollowedThreadRow[]> {
    const rows = await this.followedOf(userId)
      .innerJoin('messages as root', 'root.id', 'f.root_id')
      .select(['f.root_id', 'f.room_id'])
      .select((eb) => unreadReplies(eb).as('unread'))
      .orderBy('root.thread_last_reply_at', 'desc')
      .orderBy('f.root_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ root_id: r.root_id, room_id: r.room_id, unread: num(r.unread) }));
  }

  /** How many threads this person follows (in rooms they are in) have unread replies. */
  async unreadThreads(userId: string): Promise<number> {
    const row = await this.followedOf(userId)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where((eb) => eb(unreadReplies(eb), '>', 0))
      .executeTakeFirstOrThrow();
    return num(row.n);
  }

  private followedOf(userId: string) {
    return this.db
      .selectFrom('thread_follows as f')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'f.room_id').onRef('rm.user_id', '=', 'f.user_id'),
      )
      .where('f.user_id', '=', userId)
      .where('f.following', '=', 1);
  }
}
