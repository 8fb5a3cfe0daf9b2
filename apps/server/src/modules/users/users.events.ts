import type { AuthInvalidation } from '../../lib/principal-cache.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import { presentPublicUser } from './users.presenter.js';
import type { Account, UsersRepository } from './users.repository.js';

export interface UsersEventsDependencies {
  repo: UsersRepository;
  realtime: RealtimePort;
  /** Cached principals hold the user row: forget them when it changes. */
  invalidateAuth?: (what: AuthInvalidation) => Promise<void>;
}

/** What the users module tells connected clients and the principal caches. */
export class UsersEvents {
  constructor(private readonly deps: UsersEventsDependencies) {}

  /** A name, email or avatar changed: `user:updated` to everyone who knows this person by name. */
  async profileChanged(row: Account): Promise<void> {
    // A name or avatar change: other nodes may show the old one for a moment, so no need to wait.
    void this.deps.invalidateAuth?.({ users: [row.id] });
    // Whoever knows this person only under an alias (their provider) does not learn the new profile.
    const watchers = await this.deps.repo.aliasWatchers(row.id);
    if (watchers.length === 0) this.deps.realtime.broadcast('user:updated', presentPublicUser(row));
    else this.deps.realtime.broadcastExcept(watchers, 'user:updated', presentPublicUser(row));
  }
}
