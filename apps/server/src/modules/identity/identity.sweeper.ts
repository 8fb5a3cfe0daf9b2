import type { Clock } from '../../lib/clock.js';
import type { IdentitiesRepository } from './identities.repository.js';

/** Sign-ins abandoned at the provider and logout token ids past their use (hourly, see app.ts). */
export class IdentitySweeper {
  constructor(private readonly deps: { identities: IdentitiesRepository; clock: Clock }) {}

  sweep(): Promise<number> {
    return this.deps.identities.deleteExpiredFlows(this.deps.clock.now().toISOString());
  }
}
