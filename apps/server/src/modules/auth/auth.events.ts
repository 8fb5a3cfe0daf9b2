import type { AuthInvalidation } from '../../lib/principal-cache.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';

export interface AuthEventsDependencies {
  realtime: RealtimePort;
  /** Forgets cached principals here and on the other nodes. */
  invalidateAuth: (what: AuthInvalidation) => Promise<void>;
}

/** What auth tells live sockets and the principal caches (here and on the other nodes). */
export class AuthEvents {
  constructor(private readonly deps: AuthEventsDependencies) {}

  /** Sessions that ended: their sockets are told and closed, caches everywhere forget them. */
  async sessionsEnded(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.deps.realtime.endSessions(ids);
    await this.deps.invalidateAuth({ sessions: ids });
  }

  /** A session proved a second factor (step-up): caches everywhere read it again. */
  sessionChanged(id: string): Promise<void> {
    return this.deps.invalidateAuth({ sessions: [id] });
  }

  /** A deactivated account: every socket it has closes at once. */
  userEnded(userId: string): void {
    this.deps.realtime.endUser(userId);
  }

  /** The account's password, role or state changed: cached principals everywhere forget it. */
  userChanged(userId: string): Promise<void> {
    return this.deps.invalidateAuth({ users: [userId] });
  }
}
