import type { ReminderEvent } from '@parley/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { notificationsEnabled, notify } from '../chat/notifications';
import { consultationPath } from './ConsultationItem';
import { otherParty } from './status';
import { clock, relativeDay } from './time';

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

/**
 * Reminders in the notification area: each `reminder` event is a banner ("Your consultation with Bob
 * starts in 15 minutes · Open") until dismissed or opened, and a browser notification while Parley
 * is in the background (if the person turned notifications on).
 */
export function ConsultationReminders() {
  const navigate = useNavigate();
  const [shown, setShown] = useState<ReminderEvent[]>([]);

  useSocketEvent('reminder', (event) => {
    const key = (e: ReminderEvent) => `${e.consultation.id}:${e.startsIn}`;
    setShown((current) => [...current.filter((e) => key(e) !== key(event)), event].slice(-3));
    if (notificationsEnabled() && document.visibilityState === 'hidden') {
      notify(
        'Consultation reminder',
        reminderSentence(event),
        `reminder-${event.consultation.id}`,
        () => void navigate(consultationPath(event.consultation)),
      );
    }
  });

  const dismiss = (id: string) => setShown((current) => current.filter((e) => e.consultation.id !== id));

  return (
    <div className="reminders" role="status" aria-live="polite" aria-label="Reminders">
      {shown.map((event) => (
        <div key={`${event.consultation.id}:${event.startsIn}`} className="reminder">
          <Icon name="bell" className="reminder-icon" />
          <p className="reminder-text">
            {reminderSentence(event)}
            {' · '}
            <Link to={consultationPath(event.consultation)} onClick={() => dismiss(event.consultation.id)}>
              Open
            </Link>
          </p>
          <button
            type="button"
            className="icon-button reminder-close"
            onClick={() => dismiss(event.consultation.id)}
          >
            <Icon name="close" />
            <span className="sr-only">Dismiss the reminder</span>
          </button>
        </div>
      ))}
    </div>
  );
}
