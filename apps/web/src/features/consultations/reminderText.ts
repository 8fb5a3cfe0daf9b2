import type { ReminderEvent } from '@parley/shared';
import { otherParty } from './status';
import { clock, relativeDay } from '../../lib/zonedTime';

/** "in 15 minutes", "in 2 hours", "tomorrow at 14:00". */
export function startsInText(event: ReminderEvent): string {
  const minutes = event.startsIn;
  if (minutes < 60) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  if (minutes < 24 * 60) {
    const hours = Math.round(minutes / 60);
    return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const day = relativeDay(event.consultation.start);
  const at = clock(event.consultation.start);
  return day === 'Tomorrow' ? `tomorrow at ${at}` : `on ${day} at ${at}`;
}

export function reminderSentence(event: ReminderEvent): string {
  const c = event.consultation;
  const what = c.role === 'client' ? 'Your consultation' : 'Your session';
  return `${what} with ${otherParty(c).displayName} starts ${startsInText(event)}`;
}
