import type { Call, PublicUser } from '@parley/shared';
import type { DomainEvents } from '../../lib/domain-events.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import { roomDisplayNames, type ChatRepositories } from '../chat/index.js';
import { presentCall } from './calls.presenter.js';
import type { CallsRepository } from './calls.repository.js';

/**
 * What a committed call change announces. Emitted inside the unit of work (`tx.emit`), published after
 * the commit, and turned into socket events here: the call is read back as it is then, so clients see
 * the committed state, never a change that rolled back.
 */
export type CallEvent =
  /** The call changed (`call:updated` to the room's members, or to each person in a DM's call). */
  | { type: 'call.updated'; callId: string }
  /** The call ended (`call:ended`, to the same people). */
  | { type: 'call.ended'; callId: string }
  /** The call rings these callees (`call:ringing`, to each of them). */
  | { type: 'call.ringing'; callId: string; caller: PublicUser; calleeIds: string[] };

type Of<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

type CallsRepositories = ChatRepositories & { calls: CallsRepository };

/** Subscribes calls' socket announcements; `repos` reads the call an event names after its commit. */
export function subscribeCallEvents(
  events: DomainEvents,
  deps: { repos: CallsRepositories; realtime: RealtimePort },
): void {
  const { repos, realtime } = deps;

  /** The call as it is now, named for no one in particular (a DM: ''), or null if it is gone. */
  const current = async (callId: string) => {
    const row = await repos.calls.findById(callId);
    if (!row) return null;
    const participants = (await repos.calls.participantsOf([row.id])).get(row.id) ?? [];
    return { row, participants };
  };
  const nameFor = async (viewerId: string | null, roomId: string) =>
    (await roomDisplayNames(repos, viewerId, [roomId])).get(roomId) ?? '';

  // A DM is named differently for each of its members, so they are told one by one; other rooms get
  // one emit.
  const announce = async ({ type, callId }: Of<'call.updated' | 'call.ended'>) => {
    const found = await current(callId);
    if (!found) return;
    const { row, participants } = found;
    const event = type === 'call.ended' ? 'call:ended' : 'call:updated';
    if (row.type === 'direct') {
      for (const p of participants) {
        realtime.toUser(
          p.user_id,
          event,
          presentCall(row, participants, await nameFor(p.user_id, row.room_id)),
        );
      }
      return;
    }
    realtime.toRoom(row.room_id, event, presentCall(row, participants, await nameFor(null, row.room_id)));
  };
  events.on<Of<'call.updated'>>('call.updated', announce);
  events.on<Of<'call.ended'>>('call.ended', announce);

  // Each callee's phone rings with the call named as they see it.
  events.on<Of<'call.ringing'>>('call.ringing', async ({ callId, caller, calleeIds }) => {
    const found = await current(callId);
    if (!found) return;
    const { row, participants } = found;
    for (const calleeId of calleeIds) {
      const call: Call = presentCall(row, participants, await nameFor(calleeId, row.room_id));
      realtime.toUser(calleeId, 'call:ringing', { call, caller });
    }
  });
}

/** Constructors, so services emit well-formed events without repeating their shape. */
export const callEvents = {
  updated: (callId: string): CallEvent => ({ type: 'call.updated', callId }),
  ended: (callId: string): CallEvent => ({ type: 'call.ended', callId }),
  changed: (callId: string, outcome: 'updated' | 'ended'): CallEvent => ({
    type: outcome === 'ended' ? 'call.ended' : 'call.updated',
    callId,
  }),
  ringing: (callId: string, caller: PublicUser, calleeIds: string[]): CallEvent => ({
    type: 'call.ringing',
    callId,
    caller,
    calleeIds,
  }),
};
