import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, PushKeysTable, PushSubscriptionsTable } from '../../db/schema.js';

export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
export type PushKeysRow = Selectable<PushKeysTable>;

/** The push module's own rows: subscriptions, the VAPID key pair, pending close pushes. */
export class PushRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listForUser(userId: string): Promise<PushSubscriptionRow[]> {
    return this.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Every device of these people. */
  listForUsers(userIds: string[]): Promise<PushSubscriptionRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', userIds).execute();
  }

  /**
   * Saves a browser's subscription in one transaction: a row with the same endpoint (the browser
   * subscribed again, maybe signed in as someone else now) is replaced, and the person's oldest
   * devices beyond `maxPerUser` are dropped.
   */
  async replace(row: Insertable<PushSubscriptionsTable>, maxPerUser: number): Promise<PushSubscriptionRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('push_subscriptions').where('endpoint', '=', row.endpoint).execute();
      await trx.insertInto('push_subscriptions').values(row).execute();
      const kept = await trx
        .selectFrom('push_subscriptions')
        .select('id')
        .where('user_id', '=', row.user_id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(maxPerUser)
        .execute();
      await trx
        .deleteFrom('push_subscriptions')
        .where('user_id', '=', row.user_id)
        .where(
          'id',
          'not in',
          kept.map((k) => k.id),
        )
        .execute();
      return trx
        .selectFrom('push_subscriptions')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
    });
  }

  /** Scoped to the owner: someone else's id deletes nothing and reports false. */
  async deleteForUser(id: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .deleteFrom('push_subscriptions')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  /** The push service said the subscription is gone (404/410). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
  }

  async touch(id: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('push_subscriptions')
      .set({ last_used_at: nowIso })
      .where('id', '=', id)
      .execute();
  }

  keys(): Promise<PushKeysRow | undefined> {
    return this.db.selectFrom('push_keys').selectAll().where('id', '=', 'vapid').executeTakeFirst();
  }

  /** Stores a key pair unless another node stored one first; returns the one every node uses. */
  async claimKeys(row: Omit<PushKeysRow, 'id'>): Promise<PushKeysRow> {
    await this.db
      .insertInto('push_keys')
      .values({ id: 'vapid', ...row })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return (await this.keys())!;
  }

  async resealKeys(privateKey: string): Promise<void> {
    await this.db
      .updateTable('push_keys')
      .set({ private_key: privateKey })
      .where('id', '=', 'vapid')
      .execute();
  }

  /** Remembers that these people were sent a ringing push for the call. */
  async addRings(callId: string, userIds: string[], nowIso: string): Promise<void> {
    if (userIds.length === 0) return;
    await this.db
      .insertInto('push_rings')
      .values(userIds.map((user_id) => ({ call_id: callId, user_id, created_at: nowIso })))
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
      .execute();
  }

  /**
   * Takes the ring rows of these people (all of the call's when `userIds` is null): whoever deletes
   * a row sends its close push, so it goes out once even when several nodes see the change.
   */
  async takeRings(callId: string, userIds: string[] | null): Promise<string[]> {
    if (userIds !== null && userIds.length === 0) return [];
    let query = this.db.deleteFrom('push_rings').where('call_id', '=', callId);
    if (userIds !== null) query = query.where('user_id', 'in', userIds);
    return (await query.returning('user_id').execute()).map((r) => r.user_id);
  }
}
