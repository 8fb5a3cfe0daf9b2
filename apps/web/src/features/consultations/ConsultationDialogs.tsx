import type { Consultation } from '@parley/shared';
import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { t as translate } from '../../i18n';
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
  const { t } = useTranslation();
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
      ? t('consultations.cancel.withdrawTitle')
      : t('consultations.cancel.releaseTitle')
    : t('consultations.cancel.title');
  return (
    <ConfirmDialog
      title={title}
      initialFocus={held ? undefined : 'textarea'}
      cancelLabel={t('consultations.keepIt')}
      confirmLabel={
        held
          ? consultation.role === 'provider'
            ? t('consultations.withdraw')
            : t('consultations.release')
          : t('consultations.cancel.confirm')
      }
      tone="danger"
      onConfirm={() => void cancel()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>
        {t('consultations.cancel.with', {
          name: other.displayName,
          when: whenText(consultation.start, consultation.end),
        })}
      </p>
      {!held && (
        <>
          <Alert tone="warning" title={t('consultations.cancel.lateTitle')}>
            {t('consultations.cancel.lateText', { name: other.displayName })}
          </Alert>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-reason`}>
              {t('consultations.cancel.reason')}
            </label>
            <textarea
              id={`${id}-reason`}
              className="input textarea"
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <p className="field-hint">{t('consultations.cancel.reasonHint', { name: other.displayName })}</p>
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
  const { t } = useTranslation();
  const { chosen, setChosen, busy, error, refreshKey, slotGone, retake, send } = useSlotChoice();
  const mine = consultation.role === 'provider';
  // 'your' is SlotPicker's word for the reader's own free times, not text.
  const providerName = mine
    ? 'your'
    : (consultation.provider.displayName.split(/\s+/)[0] ?? t('consultations.move.theProvider'));

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
          const { message } = e;
          return retake(
            e.code === 'slot_taken'
              ? () => translate('consultations.move.slotTaken')
              : () => translate('consultations.move.slotUnavailable', { error: message }),
          );
        }
        const failure = errorMessage(e);
        return () => failure;
      },
    );
  };

  return (
    <ConfirmDialog
      title={mode === 'propose' ? t('consultations.move.proposeTitle') : t('consultations.reschedule')}
      className="move-dialog"
      initialFocus=".slot-day:not(:disabled), .slot-week-nav button:not(:disabled)"
      confirmLabel={mode === 'propose' ? t('consultations.sendProposal') : t('consultations.move.confirm')}
      onConfirm={() => void save()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
      confirmDisabled={!chosen}
    >
      <p>
        {t('consultations.move.now', {
          when: whenText(consultation.start, consultation.end),
          name: otherParty(consultation).displayName,
        })}
        {mode === 'propose' && ` ${t('consultations.move.canAccept')}`}
      </p>
      {error && <Alert tone="warning">{error()}</Alert>}
      <SlotPicker
        providerId={consultation.provider.id}
        providerName={providerName}
        selected={chosen?.start ?? null}
        onPick={setChosen}
        refreshKey={refreshKey}
        title={t('consultations.move.newTime')}
      />
      <p className="move-choice" aria-live="polite">
        {chosen ? (
          <Trans
            t={t}
            i18nKey="consultations.move.chosen"
            values={{ when: slotSentence(chosen) }}
            components={{ b: <strong /> }}
          />
        ) : (
          t('consultations.move.choose')
        )}
      </p>
    </ConfirmDialog>
  );
}
