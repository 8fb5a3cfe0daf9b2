import type { Consultation } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { t as translate } from '../../i18n';
import { Avatar } from '../../components/Avatar';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { consultationsApi } from './consultations.api';
import { StatusBadge } from './StatusBadge';
import { awaitsMyAnswer, isChangeable, isEnded, otherParty, type Words } from './status';
import { clientZone, whenText, zoneLabel } from '../../lib/zonedTime';

export type ConsultationDialogName = 'cancel' | 'reschedule' | 'propose';

/** The consultation page's head: back, with whom and when, its status and presence, what can change. */
export function ConsultationHeader({
  consultation: c,
  otherIn,
  inCall,
  now,
  back,
  onDialog,
}: {
  consultation: Consultation;
  otherIn: boolean;
  /** In the meeting: the head keeps to the essentials. */
  inCall: boolean;
  now: number;
  back: string;
  onDialog: (dialog: ConsultationDialogName) => void;
}) {
  const { t } = useTranslation();
  // A guest (issue 19) books through their provider: they may cancel, not move it.
  const guest = useMe().guest === true;
  const other = otherParty(c);
  /** A client, or a third participant (issue 19): the page is about the provider. */
  const client = c.role !== 'provider';
  const otherCameBefore = (client ? c.providerJoinedAt : c.clientJoinedAt) !== null;
  const presenceText = t(
    otherIn
      ? 'consultations.header.otherIn'
      : otherCameBefore
        ? 'consultations.header.otherLeft'
        : 'consultations.header.otherNotYet',
    { name: other.displayName },
  );

  return (
    <header className="consultation-head">
      <Link className="consultation-back" to={back}>
        ← {c.role === 'provider' ? t('consultations.dashboard') : t('consultations.myConsultations')}
      </Link>
      <div className="consultation-head-main">
        <Avatar user={other} size="md" decorative />
        <div className="consultation-head-text">
          <h1 className="consultation-title" tabIndex={-1} data-page-title>
            {t(client ? 'consultations.header.consultationWith' : 'consultations.header.sessionWith', {
              name: other.displayName,
            })}
          </h1>
          <p className="consultation-when">
            <time dateTime={c.start}>{whenText(c.start, c.end)}</time>
            <span className="muted">
              {' '}
              · {t('consultations.header.yourTime', { zone: zoneLabel(clientZone()) })}
            </span>
          </p>
          <div className="consultation-head-badges">
            <StatusBadge consultation={c} />
            {!isEnded(c) && c.status !== 'held' && (
              <span className={`presence-pill${otherIn ? ' is-in' : ''}`} role="status">
                <span className="presence-pill-dot" aria-hidden="true" />
                {presenceText}
              </span>
            )}
          </div>
        </div>
      </div>
      {!inCall && (
        <div className="consultation-head-actions">
          {(c.status === 'scheduled' || c.status === 'active') && (
            <a className="btn btn-ghost btn-sm" href={consultationsApi.calendarUrl(c.id)} download>
              <Icon name="calendar" />
              <span>{t('consultations.addToCalendar')}</span>
            </a>
          )}
          {isChangeable(c, now) && (
            <>
              {!guest && (
                <Button size="sm" variant="ghost" onClick={() => onDialog('reschedule')}>
                  {t('consultations.reschedule')}
                </Button>
              )}
              {c.role === 'provider' && !c.proposal && (
                <Button size="sm" variant="ghost" onClick={() => onDialog('propose')}>
                  {t('consultations.proposeNewTime')}
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => onDialog('cancel')}>
                {t('consultations.cancelButton')}
              </Button>
            </>
          )}
        </div>
      )}
    </header>
  );
}

/** A new time proposed for a scheduled consultation; the client accepts or declines it here. */
export function ProposalNotice({
  consultation: c,
  busy,
  act,
}: {
  consultation: Consultation & { proposal: NonNullable<Consultation['proposal']> };
  /** Which answer is being sent. */
  busy: string | null;
  act: (label: string, action: () => Promise<Consultation>, said: Words) => void;
}) {
  const { t } = useTranslation();
  const other = otherParty(c);
  const client = c.role === 'client';
  return (
    <Alert
      tone="info"
      title={
        client
          ? t('consultations.proposal.theyPropose', { name: other.displayName })
          : t('consultations.proposal.youProposed')
      }
      action={
        awaitsMyAnswer(c) ? (
          <div className="button-row">
            <Button
              size="sm"
              busy={busy === 'accept'}
              disabled={busy !== null}
              onClick={() =>
                act(
                  'accept',
                  () => consultationsApi.accept(c.id),
                  () => translate('consultations.proposal.accepted'),
                )
              }
            >
              {t('consultations.accept')}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              busy={busy === 'decline'}
              disabled={busy !== null}
              onClick={() =>
                act(
                  'decline',
                  () => consultationsApi.decline(c.id),
                  () => translate('consultations.proposal.declined'),
                )
              }
            >
              {t('consultations.decline')}
            </Button>
          </div>
        ) : undefined
      }
    >
      {t(client ? 'consultations.proposal.insteadOf' : 'consultations.proposal.waiting', {
        when: whenText(c.proposal.start, c.proposal.end),
      })}
    </Alert>
  );
}
