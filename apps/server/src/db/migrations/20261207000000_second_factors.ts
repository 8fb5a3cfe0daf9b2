import type { Kysely } from 'kysely';

/**
 * Second factors (issue 18): a TOTP authenticator (its secret sealed) and passkeys per person,
 * single-use recovery codes (hashes only), sign-ins waiting for their second factor, WebAuthn
 * challenges (single use, short-lived), and a record of security changes. `users.mfa_required_since`
 * starts a person's grace period when policy first asks them for a factor; `sessions.mfa_at` says
 * when a session last proved one (step-up).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    // TOTP: the sealed base32 secret and the last time step accepted (a step works once).
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'integer')
    // Passkeys: the credential id (base64url), its COSE public key (base64url), signature counter.
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('sign_count', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('mfa_factors_user_idx').on('mfa_factors').column('user_id').execute();
  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('mfa_pending_sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('identity', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    // Whose ceremony it is: a user (registration, step-up), a pending sign-in, or nobody (passwordless).
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('security_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('security_events_user_idx')
    .on('security_events')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.alterTable('users').addColumn('mfa_required_since', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('mfa_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('mfa_at').execute();
  await db.schema.alterTable('users').dropColumn('mfa_required_since').execute();
  for (const table of [
    'security_events',
    'webauthn_challenges',
    'mfa_pending_sign_ins',
    'mfa_recovery_codes',
    'mfa_factors',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
