import type { Clock } from '../../lib/clock.js';
import type { AvatarStore } from './avatar-store.js';
import type { UsersRepository } from './users.repository.js';

export interface UsersSweeperDependencies {
  repo: UsersRepository;
  avatars: AvatarStore;
  clock: Clock;
}

/** The users module's timed work (hourly, see app.ts). */
export class UsersSweeper {
  constructor(private readonly deps: UsersSweeperDependencies) {}

  /** Avatar files that no account references (a crash between writing and referencing). */
  async sweepAvatarFiles(): Promise<number> {
    return this.deps.avatars.sweep(new Set(await this.deps.repo.listAvatarFiles()), this.deps.clock.now());
  }
}
