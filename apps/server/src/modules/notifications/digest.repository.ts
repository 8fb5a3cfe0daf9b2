import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** One unread DM or mention a digest lists. */
export interface DigestItem {
  roomId: string;
  roomType: string;
  roomName: string;
  sender: string;
  createdAt: string;
  mention: boolean;
}

/**
 * The digest's timers (`notification_digests`) and what it lists. Reads `messages`, `rooms` and
 * `room_members` (never writes them); the only SQL on `notification_digests`.
 */
export class DigestRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** People to start a timer for: the DM's other members and the mentioned, who want a digest. */
  async recipientsOf(
    messageId: string,
  ): Promise<{ userId: string; digestMinutes: number; createdAt: string }[]> {
    const message = await this.db
      .selectFrom('messages as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .select(['m.id', 'm.room_id', 'm.author_id', 'm.kind', 'm.created_at', 'r.type'])
      .where('m.id', '=', messageId)
      .executeTakeFirst();
    if (!message || message.kind !== 'user' || message.author_id === null) return [];
    const rows = await this.db
      .selectFrom('room_members as rm')
      .innerJoin('notification_settings as s', 's.user_id', 'rm.user_id')
      .select(['rm.user_id', 's.digest_minutes'])
      .where('rm.room_id', '=', message.room_id)
      .where('rm.user_id', '!=', message.author_id)
      .where('s.digest_minutes', 'is not', null)
      .where((eb) =>
        message.type === 'direct'
          ? eb.lit(true)
          : eb.exists(
              eb
                .selectFrom('message_mentions as mm')
                .select('mm.user_id')
                .where('mm.message_id', '=', messageId)
                .whereRef('mm.user_id', '=', 'rm.user_id'),
            ),
      )
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      digestMinutes: Number(r.digest_minutes),
      createdAt: message.created_at,
    }));
  }

  /** Starts a timer unless one runs (the first unread item decides when the e-mail goes). */
  async startTimer(userId: string, dueAt: string, since: string): Promise<void> {
    await this.db
      .insertInto('notification_digests')
      .values({ user_id: userId, due_at: dueAt, since })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  timerOf(userId: string): Promise<{ due_at: string; since: string } | undefined> {
    return this.db
      .selectFrom('notification_digests')
      .select(['due_at', 'since'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async cancel(userId: string): Promise<void> {
    await this.db.deleteFrom('notification_digests').where('user_id', '=', userId).execute();
  }

  /** Claims the timers due at `nowIso` (deleted as they are read, so one node sends each). */
  claimDue(nowIso: string, limit = 100): Promise<{ user_id: string; since: string }[]> {
    return this.db
      .deleteFrom('notification_digests')
      .where(
        'user_id',
        'in',
        this.db
          .selectFrom('notification_digests')
          .select('user_id')
          .where('due_at', '<=', nowIso)
          .orderBy('due_at')
          .limit(limit),
      )
      .where('due_at', '<=', nowIso)
      .returning(['user_id', 'since'])
      .execute();
  }

  /**
   * What is still unread for `userId` since `since`: others' live messages after their read marker,
   * in DMs or mentioning them, in rooms not set to nothing (a quiet room lists only mentions).
   */
  async unreadSince(userId: string, since: string, nowIso: string): Promise<DigestItem[]> {
    const rows = await this.db
      .selectFrom('messages as m')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'm.room_id').on('rm.user_id', '=', userId),
      )
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .innerJoin('users as a', 'a.id', 'm.author_id')
      .leftJoin('room_members as am', (j) =>
        j.onRef('am.room_id', '=', 'm.room_id').onRef('am.user_id', '=', 'm.author_id'),
      )
      .select((eb) => [
        'm.room_id',
        'r.type',
        'r.display_name',
        'a.display_name as author_name',
        'am.alias as author_alias',
        'm.created_at',
        'rm.notify_level',
        'rm.mute_until',
        eb
          .exists(
            eb
              .selectFrom('message_mentions as mm')
              .select('mm.user_id')
              .whereRef('mm.message_id', '=', 'm.id')
              .where('mm.user_id', '=', userId),
          )
          .as('mention'),
      ])
      .where('m.kind', '=', 'user')
      .where('m.deleted_at', 'is', null)
      .where('m.author_id', '!=', userId)
      .where('m.created_at', '>=', since)
      .whereRef('m.seq', '>', 'rm.last_read_seq')
      .where('rm.notify_level', '!=', 'none')
      .orderBy('m.created_at')
      .limit(200)
      .execute();
    return rows
      .map((r) => ({
        roomId: r.room_id,
        roomType: r.type,
        roomName: r.display_name,
        sender: r.author_alias ?? r.author_name,
        createdAt: r.created_at,
        mention: Boolean(r.mention),
        quiet: r.notify_level === 'mentions' || (r.mute_until !== null && r.mute_until > nowIso),
      }))
      .filter((r) => (r.roomType === 'direct' && !r.quiet) || r.mention)
      .map(({ quiet: _quiet, ...item }) => item);
  }

  emailOf(
    userId: string,
  ): Promise<{ email: string | null; display_name: string; locale: string | null } | undefined> {
    return this.db
      .selectFrom('users')
      .select(['email', 'display_name', 'locale'])
      .where('id', '=', userId)
      .where('active', '=', 1)
      .executeTakeFirst();
  }
}
