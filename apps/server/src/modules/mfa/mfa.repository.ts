import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, MfaFactorsTable, WebauthnChallengesTable } from '../../db/schema.js';

export type MfaFactorRow = Selectable<MfaFactorsTable>;
export type ChallengePurpose = WebauthnChallengesTable['purpose'];

/** Second factors, recovery codes, WebAuthn challenges and the security record. */
export class MfaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  factors(userId: string): Promise<MfaFactorRow[]> {
    return this.db
      .selectFrom('mfa_factors')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  confirmedFactors(userId: string): Promise<MfaFactorRow[]> {
    return this.db
      .selectFrom('mfa_factors')
      .selectAll()
      .where('user_id', '=', userId)
      .where('confirmed', '=', 1)
      .execute();
  }

  async hasConfirmedFactor(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('mfa_factors')
      .select('id')
      .where('user_id', '=', userId)
      .where('confirmed', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  findByCredentialId(credentialId: string): Promise<MfaFactorRow | undefined> {
    return this.db
      .selectFrom('mfa_factors')
      .selectAll()
      .where('credential_id', '=', credentialId)
      .where('confirmed', '=', 1)
      .executeTakeFirst();
  }

  /** A new unconfirmed TOTP replaces an earlier unconfirmed one. */
  async replaceUnconfirmedTotp(row: Insertable<MfaFactorsTable>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('mfa_factors')
        .where('user_id', '=', row.user_id)
        .where('type', '=', 'totp')
        .where('confirmed', '=', 0)
        .execute();
      await trx.insertInto('mfa_factors').values(row).execute();
    });
  }

  async insert(row: Insertable<MfaFactorsTable>): Promise<void> {
    await this.db.insertInto('mfa_factors').values(row).execute();
  }

  /**
   * Confirms the TOTP factor, unless the person already has a confirmed one (a race of two confirms):
   * true when this call confirmed it.
   */
  async confirmTotp(id: string, userId: string, step: number, nowIso: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const confirmed = await trx
        .selectFrom('mfa_factors')
        .select('id')
        .where('user_id', '=', userId)
        .where('type', '=', 'totp')
        .where('confirmed', '=', 1)
        .executeTakeFirst();
      if (confirmed) return false;
      const result = await trx
        .updateTable('mfa_factors')
        .set({ confirmed: 1, totp_last_step: step, last_used_at: nowIso })
        .where('id', '=', id)
        .where('confirmed', '=', 0)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  /** Records a TOTP step as used, only if it is newer than the last one (so a replay race loses). */
  async useTotpStep(id: string, step: number, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('mfa_factors')
      .set({ totp_last_step: step, last_used_at: nowIso })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async usePasskey(id: string, signCount: number, nowIso: string): Promise<void> {
    await this.db
      .updateTable('mfa_factors')
      .set({ sign_count: signCount, last_used_at: nowIso })
      .where('id', '=', id)
      .execute();
  }

  /** Deletes one of the person's factors; false when it is not theirs or does not exist. */
  async deleteFactor(userId: string, id: string): Promise<MfaFactorRow | undefined> {
    const row = await this.db
      .deleteFrom('mfa_factors')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row;
  }

  /** Removes every factor and recovery code (admin reset, or the last factor removed). */
  async deleteAllFor(userId: string, { factors = true }: { factors?: boolean } = {}): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (factors) await trx.deleteFrom('mfa_factors').where('user_id', '=', userId).execute();
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    });
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('mfa_recovery_codes')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
        .execute();
    });
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('mfa_recovery_codes')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks an unused code used; true only for the one call that did (a code works once). */
  async useRecoveryCode(userId: string, hash: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: nowIso })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async saveChallenge(row: Insertable<WebauthnChallengesTable>): Promise<void> {
    await this.db.insertInto('webauthn_challenges').values(row).execute();
  }

  /** Takes a challenge out (single use): whether it was there, unexpired, for this purpose and owner. */
  async takeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    owner: string,
    nowIso: string,
  ): Promise<boolean> {
    const row = await this.db
      .deleteFrom('webauthn_challenges')
      .where('challenge', '=', challenge)
      .returningAll()
      .executeTakeFirst();
    return row !== undefined && row.purpose === purpose && row.owner === owner && row.expires_at > nowIso;
  }

  async deleteExpiredChallenges(nowIso: string): Promise<number> {
    const result = await this.db
      .deleteFrom('webauthn_challenges')
      .where('expires_at', '<=', nowIso)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
