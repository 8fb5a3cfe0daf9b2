import type { Consultation, Provider } from '@parley/shared';
import type { Ref } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { clientZone, zoneLabel } from '../../lib/zonedTime';
import { slotSentence } from '../providers';
import { consultationsApi } from './consultations.api';
import { joinOpensSentence } from './status';

/** The booking's last step: when it is, when it can be joined, and where to go from here. */
export function BookingConfirmed({
  provider,
  consultation,
  headingRef,
}: {
  provider: Provider;
  consultation: Consultation;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  return (
    <section className="card confirmed-card" aria-labelledby="confirmed-title">
      <span className="confirmed-icon" aria-hidden="true">
        <Icon name="check" />
      </span>
      <h2 className="card-title" id="confirmed-title" ref={headingRef} tabIndex={-1}>
        {t('consultations.booked.title')}
      </h2>
      <p>
        <Trans
          t={t}
          i18nKey="consultations.booked.when"
          values={{
            name: provider.displayName,
            when: slotSentence(consultation),
            zone: zoneLabel(clientZone()),
          }}
          components={{ b: <strong /> }}
        />
      </p>
      <p className="muted">
        {Date.now() >= Date.parse(consultation.joinOpensAt)
          ? t('consultations.booked.joinNow')
          : t('consultations.booked.joinFrom', { when: joinOpensSentence(consultation) })}{' '}
        {t('consultations.booked.reminded')}
      </p>
      <div className="button-row">
        <a className="btn btn-secondary" href={consultationsApi.calendarUrl(consultation.id)} download>
          <Icon name="calendar" />
          <span>{t('consultations.addToCalendar')}</span>
        </a>
        <Link className="btn btn-primary" to={`/consultations/${encodeURIComponent(consultation.id)}`}>
          <span>{t('consultations.booked.open')}</span>
        </Link>
        <Link className="btn btn-ghost" to="/consultations">
          <span>{t('consultations.myConsultations')}</span>
        </Link>
      </div>
    </section>
  );
}
