import type { Clock } from '../../lib/clock.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { MeetingProvider } from '../../meetings/meeting-provider.js';
import { callEvents } from './calls.events.js';
import type { CallsRepository } from './calls.repository.js';

export interface CallsSweeperDependencies {
  uow: UnitOfWork<{ calls: CallsRepository }>;
  meetings: MeetingProvider;
  clock: Clock;
}

/**
 * The call timers (the app's sweeper runs them every second): ringing that is due stops, calls empty
 * for their grace period end, and so do calls past the maximum length.
 */
export class CallsSweeper {
  constructor(private readonly deps: CallsSweeperDependencies) {}

  private nowIso(offsetMs = 0): string {
    return new Date(this.deps.clock.now().getTime() + offsetMs).toISOString();
  }

  /**
   * One pass: ringing that is due stops (the unanswered are missed; a direct call nobody answered is
   * missed), calls empty for their grace period end, and so do calls past the maximum length. Each
   * row is claimed inside the transaction that changes it, so one node acts on it once, and a pass
   * interrupted by a restart is redone by the next one.
   */
  async sweep(): Promise<number> {
    const { uow, meetings } = this.deps;
    const now = this.nowIso();
    let handled = 0;
    for (const row of await uow.repos.calls.dueRinging(now)) {
      const outcome = await uow.run(async (tx) => {
        if (!(await tx.calls.claimTimer(row.id, 'ring_until', row.ring_until!))) return null;
        await tx.calls.setParticipantsWhere(row.id, ['ringing'], { state: 'missed' });
        const missed =
          row.status === 'ringing' &&
          (await tx.calls.transition(row.id, ['ringing'], {
            status: 'missed',
            ended_at: now,
            end_reason: 'timeout',
            idle_until: null,
          }));
        tx.emit(callEvents.changed(row.id, missed ? 'ended' : 'updated'));
        return missed ? 'ended' : 'updated';
      });
      if (outcome) handled++;
    }
    for (const row of await uow.repos.calls.dueIdle(now)) {
      const ended = await uow.run(async (tx) => {
        if (!(await tx.calls.claimTimer(row.id, 'idle_until', row.idle_until!))) return false;
        if ((await tx.calls.countInState(row.id, ['joined'])) > 0) return false;
        // The call ended when its last person left, not when the grace period ran out: its
        // duration is the time people spent in it. A call nobody entered ends now.
        const lastLeft = await tx.calls.lastLeftAt(row.id);
        const at = lastLeft && row.started_at && lastLeft < row.started_at ? row.started_at : lastLeft;
        if (!(await tx.calls.end(row.id, 'ended', 'empty', at ?? now))) return false;
        tx.emit(callEvents.ended(row.id));
        return true;
      });
      if (ended) {
        handled++;
        await meetings.end(row.meeting_id);
      }
    }
    for (const row of await uow.repos.calls.dueMaxDuration(now)) {
      const ended = await uow.run(async (tx) => {
        const status = row.status === 'ringing' ? 'missed' : 'ended';
        if (!(await tx.calls.end(row.id, status, 'max_duration', this.nowIso()))) return false;
        tx.emit(callEvents.ended(row.id));
        return true;
      });
      if (ended) {
        handled++;
        await meetings.end(row.meeting_id);
      }
    }
    return handled;
  }

  /** Forgets delivered event keys after a day (JaaS refuses older replays by their timestamp). */
  sweepEventKeys(): Promise<number> {
    return this.deps.uow.repos.calls.forgetEventsBefore(this.nowIso(-24 * 3_600_000));
  }
}
