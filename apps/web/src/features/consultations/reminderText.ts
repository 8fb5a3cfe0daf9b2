import type { ReminderEvent } from '@parley/shared';
import { t } from '../../i18n';
import { daysFromToday, otherParty } from './status';
import { clock, longDay } from '../../lib/zonedTime';

/** "in 15 minutes", "in 2 hours", "tomorrow at 14:00", in the interface's language. */
export function startsInText(event: ReminderEvent): string {
  const minutes = event.startsIn;
  if (minutes < 60) return t('consultations.reminder.inMinutes', { count: minutes });
  if (minutes < 24 * 60) return t('consultations.reminder.inHours', { count: Math.round(minutes / 60) });
  const start = event.consultation.start;
  const time = clock(start);
  return daysFromToday(start) === 1
    ? t('consultations.reminder.tomorrowAt', { time })
    : t('consultations.reminder.onDayAt', { day: longDay(start), time });
}

export function reminderSentence(event: ReminderEvent): string {
  const c = event.consultation;
  return t('consultations.reminder.sentence', {
    role: c.role === 'client' ? 'client' : 'other',
    name: otherParty(c).displayName,
    when: startsInText(event),
  });
}
