import type { Me, ProfileUpdateRequest, PublicUser } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import { sniffImage, type AvatarStore } from './avatar-store.js';
import { presentMe, presentPublicUser } from './users.presenter.js';
import type { UserRow, UsersRepository } from './users.repository.js';

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly avatars: AvatarStore,
    private readonly realtime: RealtimePort,
    private readonly clock: Clock,
  ) {}

  async updateProfile(user: UserRow, patch: ProfileUpdateRequest): Promise<Me> {
    const updated = await this.users.update(user.id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      updated_at: this.clock.now().toISOString(),
    });
    return this.changed(updated);
  }

  async setAvatar(user: UserRow, bytes: Buffer): Promise<Me> {
    const kind = sniffImage(bytes);
    if (!kind) throw Errors.invalidImage();
    const file = await this.avatars.save(user.id, bytes, kind);
    const updated = await this.users.update(user.id, {
      avatar_file: file,
      updated_at: this.clock.now().toISOString(),
    });
    // The new file is referenced before the old one goes, so a crash in between leaves a stray file, not a broken avatar.
    if (user.avatar_file && user.avatar_file !== file) await this.avatars.remove(user.avatar_file);
    return this.changed(updated);
  }

  async removeAvatar(user: UserRow): Promise<Me> {
    const updated = await this.users.update(user.id, {
      avatar_file: null,
      updated_at: this.clock.now().toISOString(),
    });
    if (user.avatar_file) await this.avatars.remove(user.avatar_file);
    return this.changed(updated);
  }

  async search(query: string, limit: number): Promise<PublicUser[]> {
    return (await this.users.search(query, limit)).map(presentPublicUser);
  }

  async get(id: string): Promise<PublicUser> {
    const row = await this.users.findById(id);
    if (!row) throw Errors.notFound('The user');
    return presentPublicUser(row);
  }

  async listForAdmin(): Promise<Me[]> {
    return (await this.users.listAll()).map(presentMe);
  }

  private changed(row: UserRow | undefined): Me {
    if (!row) throw Errors.notFound('The user');
    this.realtime.broadcast('user:updated', presentPublicUser(row));
    return presentMe(row);
  }
}
