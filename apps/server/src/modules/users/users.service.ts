import type { AdminUser, Me, ProfileUpdateRequest, PublicUser } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { reencodeAvatar, type AvatarStore } from './avatar-store.js';
import type { UsersEvents } from './users.events.js';
import { presentAdminUser, presentMe, presentPublicUser } from './users.presenter.js';
import type { Account, UserRow, UsersRepository } from './users.repository.js';

export interface UsersDependencies {
  repo: UsersRepository;
  avatars: AvatarStore;
  events: UsersEvents;
  clock: Clock;
}

export class UsersService {
  constructor(private readonly deps: UsersDependencies) {}

  async updateProfile(user: Account, patch: ProfileUpdateRequest): Promise<Me> {
    const updated = await this.deps.repo.update(user.id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      updated_at: this.deps.clock.now().toISOString(),
    });
    return this.changed(updated);
  }

  async setAvatar(user: Account, bytes: Buffer): Promise<Me> {
    const webp = await reencodeAvatar(bytes);
    if (!webp) throw Errors.invalidImage();
    const file = await this.deps.avatars.save(user.id, webp);
    return this.changed(await this.replaceAvatar(user.id, file));
  }

  async removeAvatar(user: Account): Promise<Me> {
    return this.changed(await this.replaceAvatar(user.id, null));
  }

  /**
   * Points the avatar at `file` with a compare-and-set on the previous value, retried until it
   * lands, then deletes the previous file. Concurrent changes therefore each delete exactly the file
   * they replaced, and the reference always names a file that exists.
   */
  private async replaceAvatar(userId: string, file: string | null): Promise<UserRow | undefined> {
    for (;;) {
      const current = await this.deps.repo.findById(userId);
      if (!current) {
        if (file) await this.deps.avatars.remove(file);
        return undefined;
      }
      const swapped = await this.deps.repo.setAvatarIf(
        userId,
        current.avatar_file,
        file,
        this.deps.clock.now().toISOString(),
      );
      if (!swapped) continue;
      const replaced = current.avatar_file;
      if (replaced && replaced !== file) await this.deps.avatars.remove(replaced);
      return this.deps.repo.findById(userId);
    }
  }

  /** The directory as `viewerId` sees it: without people they know only under an alias. */
  async search(query: string, limit: number, viewerId?: string): Promise<PublicUser[]> {
    return (await this.deps.repo.search(query, limit, viewerId)).map(presentPublicUser);
  }

  /**
   * One person, unless `viewerId` knows them only under an alias (a nicknamed client, to their
   * provider): then the account's id must not lead to its profile, and it answers like no one.
   */
  async get(id: string, viewerId?: string): Promise<PublicUser> {
    const row = await this.deps.repo.findById(id);
    if (!row) throw Errors.notFound('userNotFound');
    if (viewerId !== undefined && (await this.deps.repo.isKnownOnlyByAlias(viewerId, id))) {
      throw Errors.notFound('userNotFound');
    }
    return presentPublicUser(row);
  }

  async listForAdmin(): Promise<AdminUser[]> {
    return (await this.deps.repo.listAll()).map(presentAdminUser);
  }

  /** After an account change made through the auth service: tell everyone, answer the admin. */
  async accountChanged(row: Account): Promise<AdminUser> {
    await this.changed(row);
    return presentAdminUser(row);
  }

  private async changed(row: Account | undefined): Promise<Me> {
    if (!row) throw Errors.notFound('userNotFound');
    await this.deps.events.profileChanged(row);
    return presentMe(row);
  }
}
