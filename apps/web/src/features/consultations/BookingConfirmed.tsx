import type { Consultation, Provider } from '@parley/shared';
import type { Ref } from 'react';
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
  return (
    <section className="card confirmed-card" aria-labelledby="confirmed-title">
      <span className="confirmed-icon" aria-hidden="true">
        <Icon name="check" />
      </span>
      <h2 className="card-title" id="confirmed-title" ref={headingRef} tabIndex={-1}>
        You’re booked
      </h2>
      <p>
        Your consultation with <strong>{provider.displayName}</strong> is on{' '}
        <strong>{slotSentence(consultation)}</strong> (your time, {zoneLabel(clientZone())}).
      </p>
      <p className="muted">
        {Date.now() >= Date.parse(consultation.joinOpensAt)
          ? 'You can join now, on the consultation’s page.'
          : `You can join from ${joinOpensSentence(consultation)} on the consultation’s page, also from My consultations.`}{' '}
        Parley reminds you before it begins.
      </p>
      <div className="button-row">
        <a className="btn btn-secondary" href={consultationsApi.calendarUrl(consultation.id)} download>
          <Icon name="calendar" />
          <span>Add to calendar</span>
        </a>
        <Link className="btn btn-primary" to={`/consultations/${encodeURIComponent(consultation.id)}`}>
          <span>Open the consultation</span>
        </Link>
        <Link className="btn btn-ghost" to="/consultations">
          <span>My consultations</span>
        </Link>
      </div>
    </section>
  );
}
