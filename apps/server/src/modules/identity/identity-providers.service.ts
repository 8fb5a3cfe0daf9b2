import {
  ClaimMappingSchema,
  type ClaimMapping,
  type GroupRole,
  type IdentityProvider,
  type IdentityProviderCreateRequestSchema,
  type IdentityProviderUpdateRequestSchema,
} from '@parley/shared';
import type { z } from 'zod';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { IdentityProviderRow, IdentityProvidersRepository } from './identity-providers.repository.js';
import { isAllowedIssuer, type OidcClients, type ProviderConnection } from './oidc-client.js';

type CreateInput = z.output<typeof IdentityProviderCreateRequestSchema>;
type UpdateInput = z.output<typeof IdentityProviderUpdateRequestSchema>;

/** A provider as the sign-in code reads it: JSON columns parsed, flags as booleans. */
export interface ProviderSettings {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  claims: ClaimMapping;
  groupRoles: Record<string, GroupRole>;
  allowedDomains: string[];
  autoCreate: boolean;
  trustProviderMfa: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityProvidersDependencies {
  repo: IdentityProvidersRepository;
  secrets: SecretBox;
  clients: OidcClients;
  clock: Clock;
  publicUrl: string;
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function toSettings(row: IdentityProviderRow): ProviderSettings {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: parseJson(row.scopes, ['openid']),
    claims: ClaimMappingSchema.parse(parseJson(row.claims, {})),
    groupRoles: parseJson(row.group_roles, {}),
    allowedDomains: parseJson(row.allowed_domains, []),
    autoCreate: row.auto_create === 1,
    trustProviderMfa: row.trust_provider_mfa === 1,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const issuerProblem = () =>
  Errors.validation(
    [{ path: 'body.issuer', message: 'The issuer must use https (plain http only on this machine)' }],
    'issuerHttps',
  );

/** Administration → Sign-in: the identity providers, their secret sealed and never answered. */
export class IdentityProvidersService {
  constructor(private readonly deps: IdentityProvidersDependencies) {}

  /** The "Sign in with …" buttons. */
  listPublic(): Promise<{ id: string; name: string }[]> {
    return this.deps.repo.listEnabled();
  }

  async list(): Promise<IdentityProvider[]> {
    return (await this.deps.repo.list()).map((row) => this.present(row));
  }

  async get(id: string): Promise<IdentityProvider> {
    return this.present(await this.row(id));
  }

  async create(input: CreateInput): Promise<IdentityProvider> {
    if (!isAllowedIssuer(input.issuer)) throw issuerProblem();
    const at = this.deps.clock.now();
    const now = at.toISOString();
    const row = await this.deps.repo.insert({
      id: newId(at.getTime()),
      name: input.name,
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret: this.deps.secrets.seal(input.clientSecret),
      scopes: JSON.stringify(input.scopes),
      claims: JSON.stringify(ClaimMappingSchema.parse(input.claims ?? {})),
      group_roles: JSON.stringify(input.groupRoles ?? {}),
      allowed_domains: JSON.stringify(unique(input.allowedDomains ?? [])),
      auto_create: input.autoCreate === false ? 0 : 1,
      trust_provider_mfa: input.trustProviderMfa ? 1 : 0,
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    return this.present(row);
  }

  async update(id: string, input: UpdateInput): Promise<IdentityProvider> {
    const current = toSettings(await this.row(id));
    if (input.issuer !== undefined && !isAllowedIssuer(input.issuer)) throw issuerProblem();
    const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
    const patch = {
      name: input.name,
      issuer: input.issuer === undefined ? undefined : input.issuer,
      client_id: input.clientId,
      client_secret:
        input.clientSecret === undefined ? undefined : this.deps.secrets.seal(input.clientSecret),
      scopes: input.scopes === undefined ? undefined : JSON.stringify(input.scopes),
      claims:
        input.claims === undefined
          ? undefined
          : JSON.stringify(ClaimMappingSchema.parse({ ...current.claims, ...input.claims })),
      group_roles: input.groupRoles === undefined ? undefined : JSON.stringify(input.groupRoles),
      allowed_domains:
        input.allowedDomains === undefined ? undefined : JSON.stringify(unique(input.allowedDomains)),
      auto_create: flag(input.autoCreate),
      trust_provider_mfa: flag(input.trustProviderMfa),
      enabled: flag(input.enabled),
      updated_at: this.deps.clock.now().toISOString(),
    };
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const row = await this.deps.repo.update(id, defined);
    if (!row) throw Errors.notFound('identityProviderNotFound');
    this.deps.clients.forget(id);
    return this.present(row);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.deps.repo.delete(id))) throw Errors.notFound('identityProviderNotFound');
    this.deps.clients.forget(id);
  }

  /** The provider and how to reach it, or undefined when it does not exist. */
  async find(
    id: string,
  ): Promise<{ settings: ProviderSettings; connection: ProviderConnection | null } | undefined> {
    const row = await this.deps.repo.findById(id);
    if (!row) return undefined;
    const secret = this.deps.secrets.open(row.client_secret);
    return {
      settings: toSettings(row),
      connection:
        secret === null
          ? null
          : {
              id: row.id,
              issuer: row.issuer,
              clientId: row.client_id,
              clientSecret: secret,
              version: row.updated_at,
            },
    };
  }

  redirectUri(id: string): string {
    return `${this.deps.publicUrl}/api/v1/auth/oidc/${id}/callback`;
  }

  private async row(id: string): Promise<IdentityProviderRow> {
    const row = await this.deps.repo.findById(id);
    if (!row) throw Errors.notFound('identityProviderNotFound');
    return row;
  }

  private present(row: IdentityProviderRow): IdentityProvider {
    const { id, ...settings } = toSettings(row);
    return {
      id,
      ...settings,
      clientSecret: { set: true, readable: this.deps.secrets.open(row.client_secret) !== null },
      redirectUri: this.redirectUri(id),
      backchannelLogoutUri: `${this.deps.publicUrl}/api/v1/auth/oidc/${id}/backchannel-logout`,
    };
  }
}

const unique = (items: string[]) => [...new Set(items)];
