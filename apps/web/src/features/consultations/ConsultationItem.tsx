import type { Consultation, GuestInvite } from '@parley/shared';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { errorMessage, isApiError } from '../../api/client';
import { t as translate } from '../../i18n';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { HoldCountdown } from './HoldCountdown';
import { consultationsApi } from './consultations.api';
import { CancelDialog, MoveDialog } from './ConsultationDialogs';
import { GuestInviteNotice } from './GuestInviteNotice';
import { StatusBadge } from './StatusBadge';
import { awaitsMyAnswer, isChangeable, isEnded, joinWindow, otherParty, type Words } from './status';
import { clock, whenText } from '../../lib/zonedTime';
import { consultationPath } from './consultationPath';

export { consultationPath };

/** What happened, said once above the list (a late cancellation, a declined proposal…). */
export type Say = (tone: 'success' | 'info' | 'warning' | 'error', text: Words) => void;

/** After a cancel: whether it counted as late, in words (in the interface's language, when called). */
export function canceledSentence(c: Consultation, wasHeld: boolean): string {
  if (c.status === 'late_canceled') return translate('consultations.canceled.late');
  if (wasHeld) {
    return translate(
      c.role === 'provider' ? 'consultations.canceled.withdrawn' : 'consultations.canceled.released',
    );
  }
  return translate('consultations.canceled.done');
}

/**
 * One consultation in a list: with whom, when (my time), its status in words, and what I can do
 * now — join, confirm, accept or decline a proposal, reschedule, cancel, add it to my calendar.
 */
export function ConsultationItem({
  consultation: c,
  onChanged,
  say,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
  say: Say;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'cancel' | 'reschedule' | 'propose' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** What went wrong, said while rendering. */
  const [error, setErrorWords] = useState<Words | null>(null);
  const setError = (words: Words | null) => setErrorWords(() => words);
  const [invite, setInvite] = useState<GuestInvite | null>(null);
  // A guest (issue 19) books through their provider: they may cancel, not move it.
  const guest = useMe().guest === true;
  const other = otherParty(c);
  const ended = isEnded(c);
  const opens = joinWindow(c);
  const changeable = isChangeable(c);

  const run = async (
    label: string,
    action: () => Promise<Consultation>,
    done?: (c: Consultation) => Words,
  ) => {
    setBusy(label);
    setError(null);
    try {
      const next = await action();
      onChanged(next);
      if (done) say('success', done(next));
    } catch (e) {
      const failure = errorMessage(e);
      setError(
        isApiError(e) && e.code === 'slot_taken'
          ? () => translate('consultations.item.taken')
          : () => failure,
      );
    } finally {
      setBusy(null);
    }
  };

  const proposedNew = c.status === 'held' && c.bookedBy === 'provider';
  /** A client without an account (issue 19): their provider can send them a fresh personal link. */
  const guestLink = c.role === 'provider' && c.client.guest === true && !ended;
  const newLink = async () => {
    setBusy('link');
    setError(null);
    try {
      setInvite(await consultationsApi.newGuestInvite(c.id));
    } catch (e) {
      const failure = errorMessage(e);
      setError(() => failure);
    } finally {
      setBusy(null);
    }
  };
  const myHold = c.status === 'held' && c.bookedBy === 'client' && c.role === 'client';

  return (
    <li className={`consultation-item${ended ? ' is-ended' : ''}`}>
      <div className="consultation-item-main">
        <Avatar user={other} size="md" decorative />
        <div className="consultation-item-text">
          <p className="consultation-item-title">
            <Link to={consultationPath(c)}>{other.displayName}</Link>
            <span className="muted consultation-item-role">
              {c.role === 'provider'
                ? t('consultations.item.yourClient')
                : t('consultations.item.yourProvider')}
            </span>
          </p>
          <p className="consultation-item-when">
            <time dateTime={c.start}>{whenText(c.start, c.end)}</time>
          </p>
          <StatusBadge consultation={c} />
          {c.proposal && (
            <p className="consultation-item-note">
              <Trans
                t={t}
                i18nKey="consultations.item.newTime"
                values={{
                  role: c.role,
                  name: other.displayName,
                  when: whenText(c.proposal.start, c.proposal.end),
                }}
                components={{ b: <strong /> }}
              />
            </p>
          )}
          {proposedNew && c.role === 'provider' && (
            <p className="consultation-item-note">
              {t('consultations.item.proposedTo', { name: other.displayName })}
            </p>
          )}
          {proposedNew && c.role === 'client' && (
            <p className="consultation-item-note">
              {t('consultations.theyProposeSession', { name: other.displayName })}
            </p>
          )}
          {myHold && <HoldCountdown until={c.heldUntil} onExpired={() => undefined} />}
          {c.status === 'scheduled' && opens === 'before' && !c.proposal && (
            <p className="consultation-item-note muted">
              {t('consultations.item.opensAt', { time: clock(c.joinOpensAt) })}
            </p>
          )}
          {c.cancelReason && (c.status === 'canceled' || c.status === 'late_canceled') && (
            <p className="consultation-item-note muted">
              {t(c.canceledBy === c.role ? 'consultations.item.yourReason' : 'consultations.reason', {
                reason: c.cancelReason,
              })}
            </p>
          )}
        </div>
      </div>
      <div className="consultation-item-actions">
        {awaitsMyAnswer(c) && (
          <>
            <Button
              size="sm"
              busy={busy === 'accept'}
              disabled={busy !== null}
              onClick={() =>
                void run(
                  'accept',
                  () => consultationsApi.accept(c.id),
                  () => () => translate('consultations.item.accepted'),
                )
              }
            >
              {t('consultations.accept')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.proposalFrom', { name: other.displayName })}
              </span>
            </Button>
            <Button
              size="sm"
              variant="secondary"
              busy={busy === 'decline'}
              disabled={busy !== null}
              onClick={() =>
                void run(
                  'decline',
                  () => consultationsApi.decline(c.id),
                  (next) => () =>
                    translate(
                      next.status === 'scheduled'
                        ? 'consultations.item.declinedKeeps'
                        : 'consultations.item.declined',
                    ),
                )
              }
            >
              {t('consultations.decline')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.proposalFrom', { name: other.displayName })}
              </span>
            </Button>
          </>
        )}
        {myHold && (
          <>
            <Button
              size="sm"
              busy={busy === 'confirm'}
              disabled={busy !== null}
              onClick={() =>
                void run(
                  'confirm',
                  () => consultationsApi.confirm(c.id),
                  () => () => translate('consultations.item.booked'),
                )
              }
            >
              {t('consultations.confirmBooking')}
            </Button>
            <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
              {t('consultations.release')}
            </Button>
          </>
        )}
        {proposedNew && c.role === 'provider' && (
          <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
            {t('consultations.withdraw')}
          </Button>
        )}
        {(c.status === 'active' || (c.status === 'scheduled' && opens === 'open')) && (
          <Link className="btn btn-primary btn-sm" to={consultationPath(c)}>
            <Icon name="video" />
            <span>
              {t('consultations.item.join')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.joinWhich', { name: other.displayName })}
              </span>
            </span>
          </Link>
        )}
        {changeable && (
          <>
            {!guest && (
              <Button
                size="sm"
                variant="secondary"
                disabled={busy !== null}
                onClick={() => setDialog('reschedule')}
              >
                {t('consultations.reschedule')}
                <span className="sr-only">
                  {' '}
                  {t('consultations.item.theConsultationWith', { name: other.displayName })}
                </span>
              </Button>
            )}
            {c.role === 'provider' && !c.proposal && (
              <Button
                size="sm"
                variant="secondary"
                disabled={busy !== null}
                onClick={() => setDialog('propose')}
              >
                {t('consultations.proposeNewTime')}
                <span className="sr-only"> {t('consultations.item.to', { name: other.displayName })}</span>
              </Button>
            )}
            <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
              {t('consultations.cancelButton')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.theConsultationWith', { name: other.displayName })}
              </span>
            </Button>
          </>
        )}
        {guestLink && (
          <Button
            size="sm"
            variant="ghost"
            busy={busy === 'link'}
            disabled={busy !== null}
            onClick={() => void newLink()}
          >
            {t('consultations.item.newLink')}
            <span className="sr-only"> {t('consultations.item.to', { name: other.displayName })}</span>
          </Button>
        )}
        {(c.status === 'scheduled' || c.status === 'active') && (
          <a className="btn btn-ghost btn-sm" href={consultationsApi.calendarUrl(c.id)} download>
            <span>
              {t('consultations.addToCalendar')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.calendarOf', { name: other.displayName })}
              </span>
            </span>
          </a>
        )}
        {ended && (
          <Link className="btn btn-ghost btn-sm" to={consultationPath(c)}>
            <span>
              {t('consultations.item.details')}
              <span className="sr-only">
                {' '}
                {t('consultations.item.detailsOf', { name: other.displayName })}
              </span>
            </span>
          </Link>
        )}
      </div>
      {error && (
        <p className="field-error row-error" role="alert">
          {error()}
        </p>
      )}
      {invite && (
        <GuestInviteNotice invite={invite} name={other.displayName} onDismiss={() => setInvite(null)} />
      )}
      {dialog === 'cancel' && (
        <CancelDialog
          consultation={c}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            onChanged(next);
            say(next.status === 'late_canceled' ? 'warning' : 'success', () =>
              canceledSentence(next, c.status === 'held'),
            );
          }}
        />
      )}
      {(dialog === 'reschedule' || dialog === 'propose') && (
        <MoveDialog
          consultation={c}
          mode={dialog}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            onChanged(next);
            say(
              'success',
              dialog === 'propose'
                ? () => translate('consultations.proposalSent', { name: other.displayName })
                : () =>
                    translate('consultations.item.moved', {
                      when: whenText(next.start, next.end),
                      name: other.displayName,
                    }),
            );
          }}
        />
      )}
    </li>
  );
}
