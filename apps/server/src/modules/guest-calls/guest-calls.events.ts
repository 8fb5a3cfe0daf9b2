import type { GuestSession } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import type { DomainEvents } from '../../lib/domain-events.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { CallEvent } from '../calls/index.js';
import type { AdmissionWithName, GuestCallsRepository } from './guest-calls.repository.js';
import { presentRequest } from './guest-calls.presenter.js';

/**
 * What a committed change to a guest's admission announces: `call:guest` to the room's members (the
 * lobby prompt appears, or goes once someone decided) and `guest:status` to the guest's own sockets.
 */
export type GuestCallEvent = { type: 'guest-calls.changed'; admissionId: string };

export const guestCallEvents = {
  changed: (admissionId: string): GuestCallEvent => ({ type: 'guest-calls.changed', admissionId }),
};

export interface GuestCallEventsDependencies {
  repos: { guestCalls: GuestCallsRepository };
  realtime: RealtimePort;
  clock: Clock;
  /** What the guest is told (an admitted guest's includes a fresh meeting join). */
  sessionOf(admission: AdmissionWithName): Promise<GuestSession>;
}

/** Subscribes the announcements; a call that ends ends the admissions of its guests. */
export function subscribeGuestCallEvents(events: DomainEvents, deps: GuestCallEventsDependencies): void {
  const { repos, realtime } = deps;
  const announce = async (admission: AdmissionWithName) => {
    realtime.toRoom(admission.room_id, 'call:guest', presentRequest(admission));
    realtime.toGuest(admission.id, 'guest:status', await deps.sessionOf(admission));
  };
  events.on<GuestCallEvent>('guest-calls.changed', async ({ admissionId }) => {
    const admission = await repos.guestCalls.findAdmission(admissionId);
    if (admission) await announce(admission);
  });
  // Whoever waits in the lobby or is in the call is done once it ends (the sweeper catches what a
  // crash between the call's commit and this handler left behind).
  events.on<Extract<CallEvent, { type: 'call.ended' }>>('call.ended', async ({ callId }) => {
    await endAdmissionsOfCall(deps, callId);
  });
}

/** Ends a call's guests' admissions and tells them and the room; how many ended. */
export async function endAdmissionsOfCall(
  deps: Pick<GuestCallEventsDependencies, 'repos' | 'realtime' | 'clock'>,
  callId: string,
): Promise<number> {
  const ended = await deps.repos.guestCalls.endAdmissions({ callId }, deps.clock.now().toISOString());
  for (const row of ended) {
    const admission = await deps.repos.guestCalls.findAdmission(row.id);
    if (!admission) continue;
    deps.realtime.toRoom(admission.room_id, 'call:guest', presentRequest(admission));
    deps.realtime.toGuest(admission.id, 'guest:status', { status: 'ended' });
  }
  return ended.length;
}
