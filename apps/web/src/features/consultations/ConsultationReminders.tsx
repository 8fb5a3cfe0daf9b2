import type { ReminderEvent } from '@parley/shared';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { lazyModule, lazyPage } from '../../lib/lazyPage';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { notificationsEnabled, notify } from '../chat';
import { consultationPath } from './consultationPath';

// The wording needs the time zone library: both load with the first reminder, not with every page.
type ReminderText = typeof import('./reminderText');
const reminderText = lazyModule(() => import('./reminderText'));
const ReminderBanners = lazyPage(() => import('./ReminderBanners'), 'ReminderBanners');

/**
 * Reminders in the notification area: each `reminder` event is a banner ("Your consultation with Bob
 * starts in 15 minutes · Open") until dismissed or opened, and a browser notification while Parley
 * is in the background (if the person turned notifications on).
 */
export function ConsultationReminders() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [shown, setShown] = useState<ReminderEvent[]>([]);

  useSocketEvent('reminder', (event) => {
    const key = (e: ReminderEvent) => `${e.consultation.id}:${e.startsIn}`;
    setShown((current) => [...current.filter((e) => key(e) !== key(event)), event].slice(-3));
    if (notificationsEnabled() && document.visibilityState === 'hidden') {
      const say = ({ reminderSentence }: ReminderText) =>
        notify(
          t('consultations.reminder.notificationTitle'),
          reminderSentence(event),
          `reminder-${event.consultation.id}`,
          () => void navigate(consultationPath(event.consultation)),
        );
      const loaded = reminderText.current();
      if (loaded) say(loaded);
      else void reminderText.load().then(say);
    }
  });

  const dismiss = (id: string) => setShown((current) => current.filter((e) => e.consultation.id !== id));

  return (
    <div
      className="reminders"
      role="status"
      aria-live="polite"
      aria-label={t('consultations.reminder.region')}
    >
      {shown.length > 0 && (
        <Suspense fallback={null}>
          <ReminderBanners shown={shown} dismiss={dismiss} />
        </Suspense>
      )}
    </div>
  );
}
