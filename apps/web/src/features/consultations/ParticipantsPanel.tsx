import {
  ProposeParticipantRequestSchema,
  type Consultation,
  type ConsultationParticipant,
  type GuestInvite,
} from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { t as translate } from '../../i18n';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { formatDateTime, optional, useFields, useSubmission } from '../../lib/forms';
import { consultationsApi } from './consultations.api';
import { GuestInviteNotice } from './GuestInviteNotice';
import { isEnded, type Words } from './status';

type Dialog = { kind: 'consent' | 'remove'; participant: ConsultationParticipant } | null;

/**
 * Third participants (issue 19): an interpreter or a family member, proposed by either party. Only
 * the client's consent lets them in (with or without the chat), through their own personal link; the
 * client can remove them at any time, the provider only before the client agreed.
 */
export function ParticipantsPanel({
  consultation: c,
  onChanged,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [invite, setInvite] = useState<{ invite: GuestInvite; name: string } | null>(null);
  /** What happened, said while rendering (it follows the interface's language). */
  const [notice, setNoticeWords] = useState<Words | null>(null);
  const setNotice = (words: Words | null) => setNoticeWords(() => words);
  const client = c.role === 'client';
  const ended = isEnded(c);
  const listed = (c.participants ?? []).filter((p) => p.removedAt === null);

  /** The consultation with one participant replaced (or added), as the server now has it. */
  const withParticipant = (p: ConsultationParticipant): Consultation => {
    const others = (c.participants ?? []).filter((x) => x.id !== p.id);
    return { ...c, participants: [...others, p] };
  };
  const answered = (p: ConsultationParticipant, sent: GuestInvite | undefined) => {
    onChanged(withParticipant(p));
    setInvite(sent ? { invite: sent, name: p.name } : null);
  };

  return (
    <section className="card participants" aria-labelledby="participants-title">
      <div className="participants-head">
        <div>
          <h2 className="card-title" id="participants-title">
            {t('consultations.participants.title')}
            <span className="count">{listed.length}</span>
          </h2>
          <p className="card-description">
            {client
              ? t('consultations.participants.descriptionClient')
              : t('consultations.participants.descriptionProvider')}
          </p>
        </div>
        {!ended && !adding && (
          <Button size="sm" variant="secondary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            {t('consultations.participants.add')}
          </Button>
        )}
      </div>
      {notice && (
        <Alert tone="success" className="inline-alert">
          {notice()}
        </Alert>
      )}
      {invite && (
        <GuestInviteNotice invite={invite.invite} name={invite.name} onDismiss={() => setInvite(null)} />
      )}
      {adding && (
        <ProposeParticipantForm
          consultation={c}
          onCancel={() => setAdding(false)}
          onDone={(p, sent) => {
            setAdding(false);
            answered(p, sent);
            setNotice(
              p.consentAt
                ? () => translate('consultations.participants.canTakePart', { name: p.name })
                : () => translate('consultations.participants.proposed', { name: p.name }),
            );
          }}
        />
      )}
      {listed.length === 0 ? (
        !adding && <p className="muted">{t('consultations.participants.none')}</p>
      ) : (
        <ul className="participant-list" aria-labelledby="participants-title">
          {listed.map((p) => (
            <li key={p.id} className="participant-item">
              <div className="participant-text">
                <p className="participant-name">
                  {p.name}
                  {p.email && <span className="muted participant-email"> · {p.email}</span>}
                </p>
                <p className="participant-state muted">
                  {p.consentAt
                    ? p.chat
                      ? t('consultations.participants.agreedWithChat', { when: formatDateTime(p.consentAt) })
                      : t('consultations.participants.agreedWithoutChat', {
                          when: formatDateTime(p.consentAt),
                        })
                    : client
                      ? t('consultations.participants.proposedByProvider')
                      : t('consultations.participants.waitingClient')}
                  {p.joinedAt && ` · ${t('consultations.participants.joined')}`}
                </p>
              </div>
              {!ended && (
                <div className="participant-actions">
                  {client && !p.consentAt && (
                    <Button size="sm" onClick={() => setDialog({ kind: 'consent', participant: p })}>
                      {t('consultations.participants.agree')}
                      <span className="sr-only">
                        {' '}
                        {t('consultations.participants.agreeTo', { name: p.name })}
                      </span>
                    </Button>
                  )}
                  {(client || !p.consentAt) && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setDialog({ kind: 'remove', participant: p })}
                    >
                      {t('consultations.participants.remove')}
                      <span className="sr-only"> {p.name}</span>
                    </Button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'consent' && (
        <ConsentDialog
          consultation={c}
          participant={dialog.participant}
          onClose={() => setDialog(null)}
          onDone={(p, sent) => {
            setDialog(null);
            answered(p, sent);
            setNotice(() => translate('consultations.participants.canTakePart', { name: p.name }));
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveDialog
          consultation={c}
          participant={dialog.participant}
          onClose={() => setDialog(null)}
          onDone={(p) => {
            setDialog(null);
            setInvite(null);
            onChanged({ ...c, participants: (c.participants ?? []).filter((x) => x.id !== p.id) });
            setNotice(() => translate('consultations.participants.removed', { name: p.name }));
          }}
        />
      )}
    </section>
  );
}

function ProposeParticipantForm({
  consultation: c,
  onCancel,
  onDone,
}: {
  consultation: Consultation;
  onCancel: () => void;
  onDone: (p: ConsultationParticipant, invite: GuestInvite | undefined) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, bind } = useFields({ name: '', email: '' });
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      ProposeParticipantRequestSchema,
      { name: values.name, email: optional(values.email) },
      async (data) => {
        const { participant, invite } = await consultationsApi.proposeParticipant(c.id, data);
        onDone(participant, invite);
      },
    );
  };
  return (
    <form
      ref={formRef}
      className="form participant-form"
      noValidate
      aria-label={t('consultations.participants.add')}
      onSubmit={(event) => void onSubmit(event)}
    >
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <TextField
        label={t('consultations.theirName')}
        {...bind('name')}
        error={errors.name}
        autoComplete="off"
        required
      />
      <TextField
        label={t('consultations.theirEmail')}
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete="off"
        hint={t('consultations.participants.emailHint')}
      />
      <div className="button-row">
        <Button type="submit" size="sm" busy={busy}>
          {c.role === 'client'
            ? t('consultations.participants.addButton')
            : t('consultations.participants.propose')}
        </Button>
        <Button size="sm" variant="ghost" disabled={busy} onClick={onCancel}>
          {t('consultations.cancelButton')}
        </Button>
      </div>
    </form>
  );
}

function ConsentDialog({
  consultation: c,
  participant: p,
  onClose,
  onDone,
}: {
  consultation: Consultation;
  participant: ConsultationParticipant;
  onClose: () => void;
  onDone: (p: ConsultationParticipant, invite: GuestInvite | undefined) => void;
}) {
  const { t } = useTranslation();
  const [chat, setChat] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const agree = async () => {
    setBusy(true);
    setError(null);
    try {
      const { participant, invite } = await consultationsApi.consentParticipant(c.id, p.id, chat);
      onDone(participant, invite);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={t('consultations.participants.consentTitle', { name: p.name })}
      confirmLabel={t('consultations.participants.agree')}
      onConfirm={() => void agree()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>{t('consultations.participants.consentText', { name: p.name })}</p>
      <CheckboxField
        label={t('consultations.participants.seeChat')}
        description={t('consultations.participants.seeChatHint')}
        checked={chat}
        onChange={setChat}
      />
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

function RemoveDialog({
  consultation: c,
  participant: p,
  onClose,
  onDone,
}: {
  consultation: Consultation;
  participant: ConsultationParticipant;
  onClose: () => void;
  onDone: (p: ConsultationParticipant) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await consultationsApi.removeParticipant(c.id, p.id);
      onDone(p);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={t('consultations.participants.removeTitle', { name: p.name })}
      confirmLabel={t('consultations.participants.remove')}
      tone="danger"
      onConfirm={() => void remove()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>{t('consultations.participants.removeText')}</p>
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}
