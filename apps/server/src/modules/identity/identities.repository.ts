import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, OidcFlowsTable, UserIdentitiesTable } from '../../db/schema.js';
import type { UserRow } from '../users/index.js';

export type UserIdentityRow = Selectable<UserIdentitiesTable>;
export type OidcFlowRow = Selectable<OidcFlowsTable>;

/**
 * Linked provider accounts, sign-ins in flight, back-channel logout tokens seen, and the sessions a
 * provider's logout ends.
 */
export class IdentitiesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findBySubject(providerId: string, subject: string): Promise<UserIdentityRow | undefined> {
    return this.db
      .selectFrom('user_identities')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('subject', '=', subject)
      .executeTakeFirst();
  }

  /** Returns false when that provider account is linked already (to anyone). */
  async link(row: Insertable<UserIdentitiesTable>): Promise<boolean> {
    const inserted = await this.db
      .insertInto('user_identities')
      .values(row)
      .onConflict((oc) => oc.columns(['provider_id', 'subject']).doNothing())
      .returning('id')
      .execute();
    return inserted.length > 0;
  }

  async noteSignIn(id: string, email: string | null, nowIso: string): Promise<void> {
    await this.db
      .updateTable('user_identities')
      .set({ email, last_sign_in_at: nowIso })
      .where('id', '=', id)
      .execute();
  }

  listForUser(userId: string): Promise<(UserIdentityRow & { provider_name: string })[]> {
    return this.db
      .selectFrom('user_identities')
      .innerJoin('identity_providers', 'identity_providers.id', 'user_identities.provider_id')
      .selectAll('user_identities')
      .select('identity_providers.name as provider_name')
      .where('user_identities.user_id', '=', userId)
      .orderBy('user_identities.linked_at')
      .orderBy('user_identities.id')
      .execute();
  }

  /** Scoped to the owner: someone else's id removes nothing. */
  async unlink(id: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .deleteFrom('user_identities')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  /** Accounts with this e-mail address (any case), at most two: more than one means none is chosen. */
  findUsersByEmail(email: string): Promise<UserRow[]> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .limit(2)
      .execute();
  }

  /**
   * A new account and its link in one transaction, so neither exists without the other. A username
   * taken throws the unique violation (the caller tries another); the provider account linked already
   * (a parallel first sign-in) answers 'subject_taken'.
   */
  async createLinkedUser(
    user: UserRow,
    identity: Insertable<UserIdentitiesTable>,
  ): Promise<UserRow | 'subject_taken'> {
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('user_identities')
        .select('id')
        .where('provider_id', '=', identity.provider_id)
        .where('subject', '=', identity.subject)
        .executeTakeFirst();
      if (taken) return 'subject_taken';
      await trx.insertInto('users').values(user).execute();
      await trx.insertInto('user_identities').values(identity).execute();
      return user;
    });
  }

  async insertFlow(row: OidcFlowRow): Promise<void> {
    await this.db.insertInto('oidc_flows').values(row).execute();
  }

  /** Takes the flow out: a `state` works once, whatever happens next. */
  async takeFlow(stateHash: string): Promise<OidcFlowRow | undefined> {
    const rows = await this.db
      .deleteFrom('oidc_flows')
      .where('state_hash', '=', stateHash)
      .returningAll()
      .execute();
    return rows[0];
  }

  /** Returns how many rows went. */
  async deleteExpiredFlows(nowIso: string): Promise<number> {
    const flows = await this.db
      .deleteFrom('oidc_flows')
      .where('expires_at', '<=', nowIso)
      .returning('state_hash')
      .execute();
    const tokens = await this.db
      .deleteFrom('oidc_logout_tokens')
      .where('expires_at', '<=', nowIso)
      .returning('jti')
      .execute();
    return flows.length + tokens.length;
  }

  /** Records a logout token's `jti`; false when it was seen before (a replay). */
  async rememberLogoutToken(jti: string, expiresAtIso: string): Promise<boolean> {
    const rows = await this.db
      .insertInto('oidc_logout_tokens')
      .values({ jti, expires_at: expiresAtIso })
      .onConflict((oc) => oc.column('jti').doNothing())
      .returning('jti')
      .execute();
    return rows.length > 0;
  }

  /** Ends the sessions a provider's logout names and returns their ids (so their sockets close). */
  async deleteProviderSessions(
    providerId: string,
    by: { sid: string } | { userId: string },
  ): Promise<string[]> {
    let q = this.db.deleteFrom('sessions').where('identity_provider_id', '=', providerId);
    q = 'sid' in by ? q.where('oidc_sid', '=', by.sid) : q.where('user_id', '=', by.userId);
    const rows = await q.returning('id').execute();
    return rows.map((r) => r.id);
  }

  /** Which provider a session signed in through, for RP-initiated logout. */
  async sessionProvider(sessionId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('sessions')
      .select('identity_provider_id')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return row?.identity_provider_id ?? null;
  }
}
