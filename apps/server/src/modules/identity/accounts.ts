import { isUniqueViolation } from '../../db/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuthEvents } from '../auth/index.js';
import {
  toAccount,
  type AccountChange,
  type UserRow,
  type UsersRepository,
  type UsersService,
} from '../users/index.js';
import {
  cleanDisplayName,
  emailDomain,
  rolesFromGroups,
  usernameBase,
  type ProviderPerson,
} from './claims.js';
import type { IdentitiesRepository } from './identities.repository.js';
import type { ProviderSettings } from './identity-providers.service.js';
import { OidcFailure } from './oidc-client.js';

/** Stored as the password of accounts made by single sign-on: no password ever matches it. */
export const NO_PASSWORD = '!sso';
const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export interface AccountsDependencies {
  identities: IdentitiesRepository;
  users: UsersRepository;
  profiles: UsersService;
  events: AuthEvents;
  clock: Clock;
  log: { warn(obj: object, msg: string): void };
  /** Seconds to wait for an avatar download. */
  timeoutSeconds: number;
}

/** Finds, links or creates the Parley account of a provider's person, and keeps it in step. */
export class ProviderAccounts {
  constructor(private readonly deps: AccountsDependencies) {}

  /** Domains first (a refused domain links nothing), then the link, a verified e-mail, or a new account. */
  async resolve(provider: ProviderSettings, person: ProviderPerson): Promise<UserRow> {
    checkDomain(provider, person);
    const now = this.deps.clock.now().toISOString();
    const linked = await this.deps.identities.findBySubject(provider.id, person.subject);
    let user: UserRow | undefined;
    if (linked) {
      user = await this.deps.users.findById(linked.user_id);
      await this.deps.identities.noteSignIn(linked.id, person.email, now);
    } else {
      user = await this.byEmail(provider, person, now);
      if (!user) {
        if (!provider.autoCreate) throw new OidcFailure('no_account');
        user = await this.create(provider, person, now);
      }
    }
    if (!user) throw new OidcFailure('no_account');
    // Deactivated in Parley wins over the provider: nothing about the account changes either.
    if (user.active !== 1) throw new OidcFailure('account_deactivated');
    return this.refresh(provider, person, user);
  }

  /** Links a provider account to someone already signed in (the profile's "Link"). */
  async link(provider: ProviderSettings, person: ProviderPerson, userId: string): Promise<void> {
    checkDomain(provider, person);
    const existing = await this.deps.identities.findBySubject(provider.id, person.subject);
    if (existing) {
      if (existing.user_id !== userId) throw new OidcFailure('already_linked');
      return;
    }
    const now = this.deps.clock.now().toISOString();
    const inserted = await this.deps.identities.link({
      id: newId(this.deps.clock.now().getTime()),
      user_id: userId,
      provider_id: provider.id,
      subject: person.subject,
      email: person.email,
      linked_at: now,
      last_sign_in_at: null,
    });
    if (!inserted) throw new OidcFailure('already_linked');
  }

  private async byEmail(
    provider: ProviderSettings,
    person: ProviderPerson,
    now: string,
  ): Promise<UserRow | undefined> {
    if (person.email === null) return undefined;
    const matches = await this.deps.identities.findUsersByEmail(person.email);
    if (matches.length === 0) return undefined;
    // An address the provider has not verified could be anyone's: it must not open this account.
    if (!person.emailVerified) throw new OidcFailure('email_unverified');
    if (matches.length > 1) throw new OidcFailure('no_account');
    const user = matches[0]!;
    const inserted = await this.deps.identities.link({
      id: newId(this.deps.clock.now().getTime()),
      user_id: user.id,
      provider_id: provider.id,
      subject: person.subject,
      email: person.email,
      linked_at: now,
      last_sign_in_at: now,
    });
    if (!inserted) throw new OidcFailure('already_linked');
    return user;
  }

  private async create(provider: ProviderSettings, person: ProviderPerson, now: string): Promise<UserRow> {
    const base = usernameBase(person.username, person.email);
    const at = this.deps.clock.now().getTime();
    for (let attempt = 0; attempt < 20; attempt++) {
      const username =
        attempt === 0
          ? base
          : `${base.slice(0, 27)}${attempt < 10 ? attempt : Math.floor(Math.random() * 90_000) + 10_000}`;
      const user: UserRow = {
        id: newId(at),
        username,
        display_name: cleanDisplayName(person.displayName) ?? username,
        email: person.emailVerified ? person.email : null,
        password_hash: NO_PASSWORD,
        role: 'user',
        avatar_file: null,
        mfa_required_since: null,
        locale: null,
        active: 1,
        is_provider: 0,
        guest: 0,
        created_at: now,
        updated_at: now,
      };
      try {
        const created = await this.deps.identities.createLinkedUser(user, {
          id: newId(at),
          user_id: user.id,
          provider_id: provider.id,
          subject: person.subject,
          email: person.email,
          linked_at: now,
          last_sign_in_at: now,
        });
        if (created === 'subject_taken') throw new OidcFailure('already_linked');
        await this.avatar(provider, person, created);
        return (await this.deps.users.findById(created.id)) ?? created;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new OidcFailure('provider_error', 'No free username');
  }

  /** Display name and e-mail follow the provider; roles follow its groups when a groups claim is set. */
  private async refresh(provider: ProviderSettings, person: ProviderPerson, user: UserRow): Promise<UserRow> {
    const now = this.deps.clock.now().toISOString();
    const displayName = cleanDisplayName(person.displayName);
    const email = person.email !== null && person.emailVerified ? person.email : null;
    const patch = {
      ...(displayName !== null && displayName !== user.display_name ? { display_name: displayName } : {}),
      ...(email !== null && email !== user.email ? { email } : {}),
    };
    let current = user;
    if (Object.keys(patch).length > 0) {
      current = (await this.deps.users.update(user.id, { ...patch, updated_at: now })) ?? current;
    }
    if (person.groups !== null) {
      const wanted = rolesFromGroups(person.groups, provider.groupRoles);
      const isProvider: 0 | 1 = wanted.provider ? 1 : 0;
      const change: AccountChange = {
        ...(wanted.role !== current.role ? { role: wanted.role } : {}),
        ...(isProvider !== current.is_provider ? { is_provider: isProvider } : {}),
      };
      if (Object.keys(change).length > 0) {
        const result = await this.deps.users.changeAccount(current.id, change, now);
        if (result.ok) current = result.user;
        else {
          this.deps.log.warn(
            { userId: current.id, providerId: provider.id },
            'the groups would remove the last active administrator; the role is kept',
          );
          if (change.is_provider !== undefined) {
            const provided = await this.deps.users.changeAccount(
              current.id,
              { is_provider: change.is_provider },
              now,
            );
            if (provided.ok) current = provided.user;
          }
        }
      }
    }
    if (current !== user) await this.deps.events.userChanged(user.id);
    return current;
  }

  /** The provider's picture, over https (or from the issuer's own host), at most 2 MB; failures are ignored. */
  private async avatar(provider: ProviderSettings, person: ProviderPerson, user: UserRow): Promise<void> {
    const url = person.avatarUrl;
    if (url === null || !URL.canParse(url)) return;
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.host !== new URL(provider.issuer).host) return;
    try {
      const response = await fetch(parsed, {
        redirect: 'error',
        signal: AbortSignal.timeout(this.deps.timeoutSeconds * 1000),
      });
      const length = Number(response.headers.get('content-length') ?? '0');
      if (!response.ok || length > AVATAR_MAX_BYTES) return;
      const bytes = Buffer.from(await response.arrayBuffer());
      if (bytes.length > AVATAR_MAX_BYTES) return;
      await this.deps.profiles.setAvatar(toAccount(user), bytes);
    } catch (err) {
      this.deps.log.warn(
        { userId: user.id, err: (err as Error).message },
        'the provider avatar was not used',
      );
    }
  }
}

function checkDomain(provider: ProviderSettings, person: ProviderPerson): void {
  if (provider.allowedDomains.length === 0) return;
  if (person.email === null) throw new OidcFailure('email_missing');
  // The domain is only as good as the address: an unverified one could name any domain.
  if (!person.emailVerified) throw new OidcFailure('email_unverified');
  if (!provider.allowedDomains.includes(emailDomain(person.email))) {
    throw new OidcFailure('domain_not_allowed');
  }
}
