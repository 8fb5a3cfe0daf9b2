import type { Consultation, GuestInvite } from '@parley/shared';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { errorMessage, isApiError } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { HoldCountdown } from './HoldCountdown';
import { consultationsApi } from './consultations.api';
import { CancelDialog, MoveDialog } from './ConsultationDialogs';
import { GuestInviteNotice } from './GuestInviteNotice';
import { StatusBadge } from './StatusBadge';
import { awaitsMyAnswer, isChangeable, isEnded, joinWindow, otherParty } from './status';
import { clock, whenText } from '../../lib/zonedTime';
import { consultationPath } from './consultationPath';

export { consultationPath };

/** What happened, said once above the list (a late cancellation, a declined proposal…). */
export type Say = (tone: 'success' | 'info' | 'warning' | 'error', text: string) => void;

/** After a cancel: whether it counted as late, in words. */
export function canceledSentence(c: Consultation, wasHeld: boolean): string {
  if (c.status === 'late_canceled') {
    return 'Canceled. It was close to the start, so it counts as a late cancellation.';
  }
  if (wasHeld) return c.role === 'provider' ? 'Proposal withdrawn.' : 'The time was released.';
  return 'Canceled.';
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
  const [dialog, setDialog] = useState<'cancel' | 'reschedule' | 'propose' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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
    done?: (c: Consultation) => string,
  ) => {
    setBusy(label);
    setError(null);
    try {
      const next = await action();
      onChanged(next);
      if (done) say('success', done(next));
    } catch (e) {
      setError(
        isApiError(e) && e.code === 'slot_taken'
          ? 'That time was taken meanwhile. Choose another one.'
          : errorMessage(e),
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
      setError(errorMessage(e));
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
              {c.role === 'provider' ? 'Your client' : 'Your provider'}
            </span>
          </p>
          <p className="consultation-item-when">
            <time dateTime={c.start}>{whenText(c.start, c.end)}</time>
          </p>
          <StatusBadge consultation={c} />
          {c.proposal && (
            <p className="consultation-item-note">
              {c.role === 'client' ? `${other.displayName} proposes` : 'You proposed'} a new time:{' '}
              <strong>{whenText(c.proposal.start, c.proposal.end)}</strong>
              {c.role === 'provider' && ' — waiting for the client.'}
            </p>
          )}
          {proposedNew && c.role === 'provider' && (
            <p className="consultation-item-note">
              Proposed to {other.displayName}; waiting for their answer.
            </p>
          )}
          {proposedNew && c.role === 'client' && (
            <p className="consultation-item-note">
              {other.displayName} proposes this session. Accept it to book it.
            </p>
          )}
          {myHold && <HoldCountdown until={c.heldUntil} onExpired={() => undefined} />}
          {c.status === 'scheduled' && opens === 'before' && !c.proposal && (
            <p className="consultation-item-note muted">Opens at {clock(c.joinOpensAt)}</p>
          )}
          {c.cancelReason && (c.status === 'canceled' || c.status === 'late_canceled') && (
            <p className="consultation-item-note muted">
              {c.canceledBy === c.role ? 'Your reason' : 'Reason'}: {c.cancelReason}
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
                  () => 'Accepted. The new time is booked.',
                )
              }
            >
              Accept<span className="sr-only"> the proposal from {other.displayName}</span>
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
                  (next) =>
                    next.status === 'scheduled'
                      ? 'Declined. Your booking keeps its time.'
                      : 'Proposal declined.',
                )
              }
            >
              Decline<span className="sr-only"> the proposal from {other.displayName}</span>
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
                  () => 'Booked. See you then!',
                )
              }
            >
              Confirm booking
            </Button>
            <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
              Release
            </Button>
          </>
        )}
        {proposedNew && c.role === 'provider' && (
          <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
            Withdraw
          </Button>
        )}
        {(c.status === 'active' || (c.status === 'scheduled' && opens === 'open')) && (
          <Link className="btn btn-primary btn-sm" to={consultationPath(c)}>
            <Icon name="video" />
            <span>
              Join<span className="sr-only"> the consultation with {other.displayName}</span>
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
                Reschedule<span className="sr-only"> the consultation with {other.displayName}</span>
              </Button>
            )}
            {c.role === 'provider' && !c.proposal && (
              <Button
                size="sm"
                variant="secondary"
                disabled={busy !== null}
                onClick={() => setDialog('propose')}
              >
                Propose new time<span className="sr-only"> to {other.displayName}</span>
              </Button>
            )}
            <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setDialog('cancel')}>
              Cancel<span className="sr-only"> the consultation with {other.displayName}</span>
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
            Send a new link<span className="sr-only"> to {other.displayName}</span>
          </Button>
        )}
        {(c.status === 'scheduled' || c.status === 'active') && (
          <a className="btn btn-ghost btn-sm" href={consultationsApi.calendarUrl(c.id)} download>
            <span>
              Add to calendar<span className="sr-only"> (the consultation with {other.displayName})</span>
            </span>
          </a>
        )}
        {ended && (
          <Link className="btn btn-ghost btn-sm" to={consultationPath(c)}>
            <span>
              Details<span className="sr-only"> of the consultation with {other.displayName}</span>
            </span>
          </Link>
        )}
      </div>
      {error && (
        <p className="field-error row-error" role="alert">
          {error}
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
            say(
              next.status === 'late_canceled' ? 'warning' : 'success',
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
                ? `Proposal sent to ${other.displayName}.`
                : `Moved to ${whenText(next.start, next.end)}. ${other.displayName} is told.`,
            );
          }}
        />
      )}
    </li>
  );
}
