import type { Consultation } from '@parley/shared';
import { useId, useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SlotPicker, slotSentence } from '../providers';
import { consultationsApi } from './consultations.api';
import { otherParty } from './status';
import { whenText } from '../../lib/zonedTime';
import { useSlotChoice } from './useSlotChoice';

/**
 * Cancel, with a reason. Whether it counts as late is the server's call (the window is an admin
 * setting this page cannot read), so the rule is said generically and the answer tells which it was.
 */
export function CancelDialog({
  consultation,
  onClose,
  onDone,
}: {
  consultation: Consultation;
  onClose: () => void;
  onDone: (c: Consultation) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const other = otherParty(consultation);
  const held = consultation.status === 'held';

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await consultationsApi.cancel(consultation.id, reason.trim() || undefined));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const title = held
    ? consultation.bookedBy === 'provider' && consultation.role === 'provider'
      ? 'Withdraw this proposal?'
      : 'Release this time?'
    : 'Cancel this consultation?';
  return (
    <ConfirmDialog
      title={title}
      initialFocus={held ? undefined : 'textarea'}
      cancelLabel="Keep it"
      confirmLabel={
        held ? (consultation.role === 'provider' ? 'Withdraw' : 'Release') : 'Cancel consultation'
      }
      tone="danger"
      onConfirm={() => void cancel()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>
        With {other.displayName}, {whenText(consultation.start, consultation.end)}.
      </p>
      {!held && (
        <>
          <Alert tone="warning" title="Close to the start, this is a late cancellation">
            Your workspace counts cancellations made shortly before the start as late, and keeps a record of
            them. {other.displayName} is told at once.
          </Alert>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-reason`}>
              Reason (optional)
            </label>
            <textarea
              id={`${id}-reason`}
              className="input textarea"
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <p className="field-hint">{other.displayName} sees it.</p>
          </div>
        </>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

/**
 * A new time from the provider's free slots: a reschedule (either side moves it) or, for the
 * provider, a proposal the client accepts or declines.
 */
export function MoveDialog({
  consultation,
  mode,
  onClose,
  onDone,
}: {
  consultation: Consultation;
  mode: 'reschedule' | 'propose';
  onClose: () => void;
  onDone: (c: Consultation) => void;
}) {
  const { chosen, setChosen, busy, error, refreshKey, slotGone, retake, send } = useSlotChoice();
  const mine = consultation.role === 'provider';
  const providerName = mine ? 'your' : (consultation.provider.displayName.split(/\s+/)[0] ?? 'The provider');

  const save = async () => {
    if (!chosen) return;
    await send(
      async () =>
        onDone(
          mode === 'propose'
            ? await consultationsApi.proposeTime(consultation.id, chosen.start)
            : await consultationsApi.reschedule(consultation.id, chosen.start),
        ),
      (e) => {
        if (isApiError(e) && slotGone(e)) {
          return retake(
            e.code === 'slot_taken'
              ? 'Someone else just took that time. Choose another one: the free times are up to date.'
              : `${e.message}. The free times are up to date.`,
          );
        }
        return errorMessage(e);
      },
    );
  };

  return (
    <ConfirmDialog
      title={mode === 'propose' ? 'Propose a new time' : 'Reschedule'}
      className="move-dialog"
      initialFocus=".slot-day:not(:disabled), .slot-week-nav button:not(:disabled)"
      confirmLabel={mode === 'propose' ? 'Send proposal' : 'Move to this time'}
      onConfirm={() => void save()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
      confirmDisabled={!chosen}
    >
      <p>
        Now: {whenText(consultation.start, consultation.end)} with {otherParty(consultation).displayName}.
        {mode === 'propose' && ' They can accept the new time or keep the current one.'}
      </p>
      {error && <Alert tone="warning">{error}</Alert>}
      <SlotPicker
        providerId={consultation.provider.id}
        providerName={providerName}
        selected={chosen?.start ?? null}
        onPick={setChosen}
        refreshKey={refreshKey}
        title="New time"
      />
      <p className="move-choice" aria-live="polite">
        {chosen ? (
          <>
            New time: <strong>{slotSentence(chosen)}</strong>
          </>
        ) : (
          'Choose a new time.'
        )}
      </p>
    </ConfirmDialog>
  );
}
