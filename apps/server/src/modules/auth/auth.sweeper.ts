import type { Clock } from '../../lib/clock.js';
import type { AuthEvents } from './auth.events.js';
import type { LoginSessionsRepository } from './login-sessions.repository.js';

export interface AuthSweeperDependencies {
  sessions: LoginSessionsRepository;
  events: AuthEvents;
  clock: Clock;
}

/** Auth's timed work (hourly, see app.ts): sign-in sessions past their expiry. */
export class AuthSweeper {
  constructor(private readonly deps: AuthSweeperDependencies) {}

  /** Deletes expired sessions and disconnects their sockets, which would otherwise outlive them. */
  async sweepExpiredSessions(): Promise<number> {
    const ended = await this.deps.sessions.deleteExpired(this.deps.clock.now().toISOString());
    await this.deps.events.sessionsEnded(ended);
    return ended.length;
  }
}
