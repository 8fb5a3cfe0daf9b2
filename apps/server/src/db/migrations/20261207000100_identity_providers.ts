import type { Kysely } from 'kysely';

/**
 * Single sign-on with OpenID Connect (issue 18): the identity providers an administrator adds, the
 * provider accounts linked to people, the sign-ins in flight (`oidc_flows`: one row per `state`, used
 * once), the back-channel logout tokens already seen (replay), and which provider session a Parley
 * session came from (back-channel logout ends it; RP-initiated logout sends the browser there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // Sealed with SecretBox, never answered.
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('group_roles', 'text', (c) => c.notNull())
    .addColumn('allowed_domains', 'text', (c) => c.notNull())
    .addColumn('auto_create', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('trust_provider_mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) =>
      c.notNull().references('identity_providers.id').onDelete('cascade'),
    )
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .addUniqueConstraint('user_identities_provider_subject_key', ['provider_id', 'subject'])
    .execute();
  await db.schema.createIndex('user_identities_user_idx').on('user_identities').column('user_id').execute();
  await db.schema
    .createTable('oidc_flows')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) =>
      c.notNull().references('identity_providers.id').onDelete('cascade'),
    )
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_flows_expires_idx').on('oidc_flows').column('expires_at').execute();
  await db.schema
    .createTable('oidc_logout_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sessions').addColumn('identity_provider_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('oidc_sid', 'text').execute();
  await db.schema
    .createIndex('sessions_identity_provider_idx')
    .on('sessions')
    .columns(['identity_provider_id', 'oidc_sid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_identity_provider_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('oidc_sid').execute();
  await db.schema.alterTable('sessions').dropColumn('identity_provider_id').execute();
  await db.schema.dropTable('oidc_logout_tokens').execute();
  await db.schema.dropTable('oidc_flows').execute();
  await db.schema.dropTable('user_identities').execute();
  await db.schema.dropTable('identity_providers').execute();
}
