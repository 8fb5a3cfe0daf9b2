import { GuestContactSchema, type Consultation, type GuestInvite, type PublicUser } from '@parley/shared';
import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage, fieldErrorsFrom, isApiError } from '../../api/client';
import { t as translate } from '../../i18n';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/TextField';
import { validate, type FieldErrors } from '../../lib/forms';
import { PeoplePicker } from '../chat';
import { SlotPicker, slotSentence } from '../providers';
import { consultationsApi } from './consultations.api';
import { useSlotChoice } from './useSlotChoice';

/** A radio row of two choices (who the client is; when). */
function ChoiceRow<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="choice-fieldset">
      <legend>{legend}</legend>
      <div className="addressed-row">
        {options.map(([option, label]) => (
          <label key={option} className={`addressed-choice${value === option ? ' is-chosen' : ''}`}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={value === option}
              onChange={() => onChange(option)}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * A provider offers one of their own free times to a client, who accepts or declines it. The client
 * is someone with an account, or (issue 19) someone without one, by name and e-mail: they get a
 * personal link, e-mailed when the server can send e-mail, else for the provider to copy.
 */
export function ProposeDialog({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (c: Consultation, invite: GuestInvite | null) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [who, setWho] = useState<'member' | 'guest'>('member');
  const [client, setClient] = useState<PublicUser[]>([]);
  const [guest, setGuest] = useState({ name: '', email: '' });
  const [guestErrors, setGuestErrors] = useState<FieldErrors>({});
  const [when, setWhen] = useState<'later' | 'now'>('later');
  const {
    chosen,
    setChosen,
    busy,
    error,
    setError,
    refreshKey,
    slotGone,
    retake,
    send: sendChoice,
  } = useSlotChoice();
  const id = useId();
  const member = client[0];
  const clientName = who === 'guest' ? guest.name.trim() : member?.displayName;
  const hasClient = who === 'guest' ? guest.name.trim() !== '' && guest.email.trim() !== '' : Boolean(member);
  const ready = hasClient && (when === 'now' || chosen !== null);

  const send = async () => {
    if (!ready || (when === 'later' && !chosen)) return;
    const start = when === 'now' ? 'now' : chosen!.start;
    let request: () => Promise<void>;
    if (who === 'guest') {
      const checked = validate(GuestContactSchema, { name: guest.name, email: guest.email.trim() });
      if (!checked.ok) return setGuestErrors(checked.errors);
      setGuestErrors({});
      request = async () => {
        const { consultation, invite } = await consultationsApi.proposeToGuest(checked.data, start);
        onDone(consultation, invite);
      };
    } else {
      request = async () => onDone(await consultationsApi.proposeNew(member!.id, start), null);
    }
    await sendChoice(request, (e) => {
      if (isApiError(e) && e.code === 'slot_taken' && when === 'now') {
        return () => translate('consultations.propose.busyNow');
      }
      if (slotGone(e)) {
        return retake(() => translate('consultations.propose.slotGone'));
      }
      if (isApiError(e) && who === 'guest' && e.details.length > 0) {
        setGuestErrors(fieldErrorsFrom(e.details));
      }
      const failure = errorMessage(e);
      return () => failure;
    });
  };

  const editGuest = (field: 'name' | 'email') => (event: { target: { value: string } }) => {
    setGuest((current) => ({ ...current, [field]: event.target.value }));
    setGuestErrors((current) => ({ ...current, [field]: '' }));
  };

  return (
    <ConfirmDialog
      title={t('consultations.proposeSession')}
      className="move-dialog"
      initialFocus="input"
      confirmLabel={when === 'now' ? t('consultations.propose.startNow') : t('consultations.sendProposal')}
      onConfirm={() => void send()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
      confirmDisabled={!ready}
    >
      <ChoiceRow
        legend={t('consultations.propose.client')}
        name={`${id}-who`}
        value={who}
        options={[
          ['member', t('consultations.propose.member')],
          ['guest', t('consultations.propose.guest')],
        ]}
        onChange={(value) => {
          setWho(value);
          setError(null);
        }}
      />
      {who === 'member' ? (
        <PeoplePicker
          label={t('consultations.propose.client')}
          selected={client}
          onChange={setClient}
          excludeIds={[me.id]}
          max={1}
        />
      ) : (
        <div className="guest-contact-fields">
          <TextField
            label={t('consultations.theirName')}
            value={guest.name}
            onChange={editGuest('name')}
            error={guestErrors.name || undefined}
            autoComplete="off"
            required
          />
          <TextField
            label={t('consultations.theirEmail')}
            type="email"
            value={guest.email}
            onChange={editGuest('email')}
            error={guestErrors.email || undefined}
            autoComplete="off"
            required
            hint={t('consultations.propose.guestHint')}
          />
        </div>
      )}
      <ChoiceRow
        legend={t('consultations.propose.when')}
        name={`${id}-when`}
        value={when}
        options={[
          ['now', t('consultations.propose.now')],
          ['later', t('consultations.propose.later')],
        ]}
        onChange={(value) => {
          setWhen(value);
          setError(null);
        }}
      />
      {when === 'later' && (
        <SlotPicker
          providerId={me.id}
          providerName="your"
          selected={chosen?.start ?? null}
          onPick={setChosen}
          refreshKey={refreshKey}
          title={t('consultations.propose.time')}
        />
      )}
      {error && <Alert tone="warning">{error()}</Alert>}
      <p className="move-choice" aria-live="polite">
        {when === 'now' ? (
          hasClient ? (
            <Trans
              t={t}
              i18nKey="consultations.propose.summaryNow"
              values={{ name: clientName }}
              components={{ b: <strong /> }}
            />
          ) : (
            t('consultations.propose.chooseClient')
          )
        ) : hasClient && chosen ? (
          <Trans
            t={t}
            i18nKey="consultations.propose.summaryLater"
            values={{ name: clientName, when: slotSentence(chosen) }}
            components={{ b: <strong /> }}
          />
        ) : (
          t('consultations.propose.chooseBoth')
        )}
      </p>
    </ConfirmDialog>
  );
}
