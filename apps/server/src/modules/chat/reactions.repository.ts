import { aliased, type Executor, type UserColumns } from './rooms.repository.js';

/** One emoji on one message, as a page of messages shows it. */
export interface ReactionGroup {
  message_id: string;
  emoji: string;
  count: number;
  /** The first people who reacted with it, oldest first (as the message's room shows them). */
  by: UserColumns[];
}

/** How `forMessages` groups and `mine` names one emoji on one message. */
export const reactionKey = (messageId: string, emoji: string): string => `${messageId}\u0000${emoji}`;

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** Reactions: the only SQL on `message_reactions`. */
export class ReactionsRepository {
  constructor(private readonly db: Executor) {}

  /** Adds one; false when this person already reacted with this emoji (idempotent). */
  async add(messageId: string, userId: string, emoji: string, nowIso: string): Promise<boolean> {
    const res = await this.db
      .insertInto('message_reactions')
      .values({ message_id: messageId, user_id: userId, emoji, created_at: nowIso })
      .onConflict((oc) => oc.columns(['message_id', 'user_id', 'emoji']).doNothing())
      .returning('emoji')
      .executeTakeFirst();
    return res !== undefined;
  }

  /** Removes one; false when there was none. */
  async remove(messageId: string, userId: string, emoji: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('message_reactions')
      .where('message_id', '=', messageId)
      .where('user_id', '=', userId)
      .where('emoji', '=', emoji)
      .executeTakeFirst();
    return num(res.numDeletedRows) > 0;
  }

  /** Every reaction of a message (it was deleted). */
  async removeAll(messageId: string): Promise<void> {
    await this.db.deleteFrom('message_reactions').where('message_id', '=', messageId).execute();
  }

  /** How many different emoji this person put on this message. */
  async countBy(messageId: string, userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('message_reactions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('message_id', '=', messageId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return num(row.n);
  }

  /**
   * The reactions of these messages grouped by emoji, each with its count and its first `byLimit`
   * people; emoji in the order they were first used. One query (window functions, both databases).
   */
  async forMessages(messageIds: readonly string[], byLimit: number): Promise<ReactionGroup[]> {
    if (messageIds.length === 0) return [];
    const ranked = this.db
      .selectFrom('message_reactions as r')
      .innerJoin('messages as m', 'm.id', 'r.message_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .leftJoin('room_members as am', (j) =>
        j.onRef('am.room_id', '=', 'm.room_id').onRef('am.user_id', '=', 'r.user_id'),
      )
      .select([
        'r.message_id',
        'r.emoji',
        'r.created_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.avatar_file',
        'u.role',
        'am.alias',
      ])
      .select((eb) => [
        eb.fn
          .agg<number>('row_number')
          .over((ob) =>
            ob.partitionBy(['r.message_id', 'r.emoji']).orderBy('r.created_at').orderBy('r.user_id'),
          )
          .as('rn'),
        eb.fn
          .countAll<string | number>()
          .over((ob) => ob.partitionBy(['r.message_id', 'r.emoji']))
          .as('cnt'),
      ])
      .where('r.message_id', 'in', [...messageIds]);
    const rows = await this.db
      .selectFrom(ranked.as('x'))
      .selectAll()
      .where('x.rn', '<=', byLimit)
      .orderBy('x.message_id')
      .orderBy('x.rn')
      .execute();
    const groups = new Map<string, ReactionGroup & { first: string }>();
    for (const row of rows) {
      const key = reactionKey(row.message_id, row.emoji);
      let group = groups.get(key);
      if (!group) {
        group = {
          message_id: row.message_id,
          emoji: row.emoji,
          count: num(row.cnt),
          by: [],
          first: row.created_at,
        };
        groups.set(key, group);
      }
      const user: UserColumns = {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        avatar_file: row.avatar_file,
        role: row.role,
      };
      group.by.push(aliased(user, row.alias));
    }
    return [...groups.values()]
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.emoji < b.emoji ? -1 : 1))
      .map(({ first: _first, ...group }) => group);
  }

  /** Which of these messages' emoji this person used (`me`). */
  async mine(messageIds: readonly string[], userId: string): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('message_reactions')
      .select(['message_id', 'emoji'])
      .where('message_id', 'in', [...messageIds])
      .where('user_id', '=', userId)
      .execute();
    return new Set(rows.map((r) => reactionKey(r.message_id, r.emoji)));
  }
}
