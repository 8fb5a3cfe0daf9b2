import type { ReminderEvent } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { consultationPath } from './consultationPath';
import { reminderSentence } from './reminderText';

/** The reminder banners ("Your consultation with Bob starts in 15 minutes · Open · Dismiss"). */
export function ReminderBanners({
  shown,
  dismiss,
}: {
  shown: ReminderEvent[];
  dismiss: (consultationId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {shown.map((event) => (
        <div key={`${event.consultation.id}:${event.startsIn}`} className="reminder">
          <Icon name="bell" className="reminder-icon" />
          <p className="reminder-text">
            {reminderSentence(event)}
            {' · '}
            <Link to={consultationPath(event.consultation)} onClick={() => dismiss(event.consultation.id)}>
              {t('consultations.reminder.open')}
            </Link>
          </p>
          <button
            type="button"
            className="icon-button reminder-close"
            onClick={() => dismiss(event.consultation.id)}
          >
            <Icon name="close" />
            <span className="sr-only">{t('consultations.reminder.dismiss')}</span>
          </button>
        </div>
      ))}
    </>
  );
}
