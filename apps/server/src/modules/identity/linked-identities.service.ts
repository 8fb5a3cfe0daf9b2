import type { LinkedIdentity } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Principal } from '../../lib/principal.js';
import { passwordAllowed } from '../mfa/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersRepository } from '../users/index.js';
import type { IdentitiesRepository } from './identities.repository.js';
import type { OidcSignInService } from './oidc-sign-in.service.js';

export interface LinkedIdentitiesDependencies {
  identities: IdentitiesRepository;
  users: UsersRepository;
  settings: SettingsService;
  signIn: OidcSignInService;
  /** Whether the person has a passkey that signs in on its own (second factors, issue 18). */
  hasPasskey: (userId: string) => Promise<boolean>;
}

/** The profile's linked accounts: list, link (through the provider) and unlink (not the last way in). */
export class LinkedIdentitiesService {
  constructor(private readonly deps: LinkedIdentitiesDependencies) {}

  async list(userId: string): Promise<LinkedIdentity[]> {
    return (await this.deps.identities.listForUser(userId)).map((row) => ({
      id: row.id,
      providerId: row.provider_id,
      providerName: row.provider_name,
      email: row.email,
      linkedAt: row.linked_at,
      lastSignInAt: row.last_sign_in_at,
    }));
  }

  /** The URL that links an account at the provider, and the cookie binding the flow to this browser. */
  startLink(
    principal: Principal,
    providerId: string,
    browserCookie: string | undefined,
  ): Promise<{ url: string; browserCookie: string }> {
    return this.deps.signIn.start(providerId, {
      purpose: 'link',
      userId: principal.user.id,
      returnTo: '/profile/security',
      browserCookie,
    });
  }

  async unlink(principal: Principal, id: string): Promise<void> {
    const userId = principal.user.id;
    const mine = await this.deps.identities.listForUser(userId);
    if (!mine.some((row) => row.id === id)) throw Errors.notFound('linkedAccountNotFound');
    const others = mine.length > 1;
    if (!others && !(await this.mayUsePassword(principal)) && !(await this.deps.hasPasskey(userId))) {
      throw Errors.conflict('onlySignInMethod');
    }
    if (!(await this.deps.identities.unlink(id, userId))) throw Errors.notFound('linkedAccountNotFound');
  }

  private async mayUsePassword(principal: Principal): Promise<boolean> {
    const hash = await this.deps.users.findPasswordHash(principal.user.id);
    if (!hash?.startsWith('scrypt$')) return false;
    return passwordAllowed(await this.deps.settings.get('security'), principal.user);
  }
}
