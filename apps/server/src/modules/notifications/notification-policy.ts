import type { Clock } from '../../lib/clock.js';
import { isDndActive, type DndState } from './dnd.js';
import type { NotificationsRepository, RoomNotifyRow } from './notifications.repository.js';
import { dndStateOf } from './notifications.presenter.js';

/** What might notify a person (a push, a ring, a sound). */
export interface NotificationEvent {
  kind: 'call' | 'message' | 'mention' | 'consultation';
  /** The room it happens in (calls, messages, mentions); absent for consultation reminders. */
  roomId?: string;
  /** Who caused it (the caller, the sender). */
  fromUserId?: string;
}

/**
 * The rule, as a pure function (see docs/notifications.md, "Preferences"):
 *
 * 1. Room level `none`: nothing from that room, not even mentions or calls.
 * 2. Room level `mentions`, or muted (before `muteUntil`): only mentions and calls, which are
 *    addressed to the person as a mention is; other messages stay silent.
 * 3. Do not disturb (until, or the weekly schedule): nothing, except calls from the people in
 *    `allowFrom`. Consultation reminders and changes wait too: they are also shown in the app and
 *    sent by e-mail, which do not disturb does not hold back.
 *
 * `room` is the person's membership of `event.roomId` (null: they are not in it, so nothing).
 */
export function allowsNotification(
  dnd: DndState,
  room: RoomNotifyRow | null,
  event: NotificationEvent,
  now: Date,
): boolean {
  if (event.roomId !== undefined) {
    if (room === null || room.notify_level === 'none') return false;
    const muted = room.mute_until !== null && Date.parse(room.mute_until) > now.getTime();
    const addressed = event.kind === 'mention' || event.kind === 'call';
    if ((room.notify_level === 'mentions' || muted) && !addressed) return false;
  }
  if (!isDndActive(dnd, now)) return true;
  return (
    event.kind === 'call' &&
    event.fromUserId !== undefined &&
    (dnd.schedule?.allowFrom ?? []).includes(event.fromUserId)
  );
}

/** The policy the push module (and any other notifier) asks before it disturbs someone. */
export class NotificationPolicy {
  constructor(private readonly deps: { repo: NotificationsRepository; clock: Clock }) {}

  async allows(userId: string, event: NotificationEvent): Promise<boolean> {
    const [settings, room] = await Promise.all([
      this.deps.repo.settingsOf(userId),
      event.roomId !== undefined ? this.deps.repo.roomNotifyOf(event.roomId, userId) : undefined,
    ]);
    return allowsNotification(dndStateOf(settings), room ?? null, event, this.deps.clock.now());
  }
}
