import type { Clock } from '../../lib/clock.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import { endAdmissionsOfCall } from './guest-calls.events.js';
import type { GuestCallsRepository } from './guest-calls.repository.js';

/**
 * The safety net behind the calls' end event: guests still waiting in, or admitted to, a call that
 * has ended (a crash between the call's commit and its announcement) are ended and told.
 */
export class GuestCallsSweeper {
  constructor(
    private readonly deps: {
      repos: { guestCalls: GuestCallsRepository };
      realtime: RealtimePort;
      clock: Clock;
    },
  ) {}

  async sweep(): Promise<number> {
    let ended = 0;
    for (const callId of await this.deps.repos.guestCalls.callsWithStaleAdmissions()) {
      ended += await endAdmissionsOfCall(this.deps, callId);
    }
    return ended;
  }
}
