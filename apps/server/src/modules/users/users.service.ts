import type { AdminUser, Me, ProfileUpdateRequest, PublicUser } from '@parley/shared';
import type { AuthInvalidation } from '../../lib/principal-cache.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import { reencodeAvatar, type AvatarStore } from './avatar-store.js';
import { presentAdminUser, presentMe, presentPublicUser } from './users.presenter.js';
import type { Account, UserRow, UsersRepository } from './users.repository.js';

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly avatars: AvatarStore,
    private readonly realtime: RealtimePort,
    private readonly clock: Clock,
    /** Cached principals hold the user row: forget them when it changes. */
    private readonly invalidateAuth: (what: AuthInvalidation) => Promise<void> = () => Promise.resolve(),
  ) {}

  async updateProfile(user: Account, patch: ProfileUpdateRequest): Promise<Me> {
    const updated = await this.users.update(user.id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      updated_at: this.clock.now().toISOString(),
    });
    return this.changed(updated);
  }

  async setAvatar(user: Account, bytes: Buffer): Promise<Me> {
    const webp = await reencodeAvatar(bytes);
    if (!webp) throw Errors.invalidImage();
    const file = await this.avatars.save(user.id, webp);
    return this.changed(await this.replaceAvatar(user.id, file));
  }

  async removeAvatar(user: Account): Promise<Me> {
    return this.changed(await this.replaceAvatar(user.id, null));
  }

  /** Hourly: files that no account references (a crash between writing and referencing). */
  async sweepAvatarFiles(): Promise<number> {
    return this.avatars.sweep(new Set(await this.users.listAvatarFiles()), this.clock.now());
  }

  /**
   * Points the avatar at `file` with a compare-and-set on the previous value, retried until it
   * lands, then deletes the previous file. Concurrent changes therefore each delete exactly the file
   * they replaced, and the reference always names a file that exists.
   */
  private async replaceAvatar(userId: string, file: string | null): Promise<UserRow | undefined> {
    for (;;) {
      const current = await this.users.findById(userId);
      if (!current) {
        if (file) await this.avatars.remove(file);
        return undefined;
      }
      const swapped = await this.users.setAvatarIf(
        userId,
        current.avatar_file,
        file,
        this.clock.now().toISOString(),
      );
      if (!swapped) continue;
      if (current.avatar_file && current.avatar_file !== file) await this.avatars.remove(current.avatar_file);
      return this.users.findById(userId);
    }
  }

  /** The directory as `viewerId` sees it: without people they know only under an alias. */
  async search(query: string, limit: number, viewerId?: string): Promise<PublicUser[]> {
    return (await this.users.search(query, limit, viewerId)).map(presentPublicUser);
  }

  /**
   * One person, unless `viewerId` knows them only under an alias (a nicknamed client, to their
   * provider): then the account's id must not lead to its profile, and it answers like no one.
   */
  async get(id: string, viewerId?: string): Promise<PublicUser> {
    const row = await this.users.findById(id);
    if (!row) throw Errors.notFound('The user');
    if (viewerId !== undefined && (await this.users.isKnownOnlyByAlias(viewerId, id))) {
      throw Errors.notFound('The user');
    }
    return presentPublicUser(row);
  }

  async listForAdmin(): Promise<AdminUser[]> {
    return (await this.users.listAll()).map(presentAdminUser);
  }

  /** After an account change made through the auth service: tell everyone, answer the admin. */
  async accountChanged(row: Account): Promise<AdminUser> {
    await this.changed(row);
    return presentAdminUser(row);
  }

  private async changed(row: Account | undefined): Promise<Me> {
    if (!row) throw Errors.notFound('The user');
    // A name or avatar change: other nodes may show the old one for a moment, so no need to wait.
    void this.invalidateAuth({ users: [row.id] });
    // Whoever knows this person only under an alias (their provider) does not learn the new profile.
    const watchers = await this.users.aliasWatchers(row.id);
    if (watchers.length === 0) this.realtime.broadcast('user:updated', presentPublicUser(row));
    else this.realtime.broadcastExcept(watchers, 'user:updated', presentPublicUser(row));
    return presentMe(row);
  }
}
