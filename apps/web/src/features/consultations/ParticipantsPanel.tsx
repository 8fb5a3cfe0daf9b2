import {
  ProposeParticipantRequestSchema,
  type Consultation,
  type ConsultationParticipant,
  type GuestInvite,
} from '@parley/shared';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { formatDateTime, optional, useFields, useSubmission } from '../../lib/forms';
import { consultationsApi } from './consultations.api';
import { GuestInviteNotice } from './GuestInviteNotice';
import { isEnded } from './status';

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
  const [adding, setAdding] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [invite, setInvite] = useState<{ invite: GuestInvite; name: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
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
            Others taking part
            <span className="count">{listed.length}</span>
          </h2>
          <p className="card-description">
            {client
              ? 'An interpreter or someone close to you can join with a personal link, only if you agree.'
              : 'An interpreter or someone close to the client can join with a personal link, if the client agrees.'}
          </p>
        </div>
        {!ended && !adding && (
          <Button size="sm" variant="secondary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            Add a participant
          </Button>
        )}
      </div>
      {notice && (
        <Alert tone="success" className="inline-alert">
          {notice}
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
                ? `${p.name} can take part.`
                : `${p.name} is proposed. They can take part once the client agrees.`,
            );
          }}
        />
      )}
      {listed.length === 0 ? (
        !adding && <p className="muted">Nobody else takes part.</p>
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
                      ? `Agreed ${formatDateTime(p.consentAt)} · can see the chat`
                      : `Agreed ${formatDateTime(p.consentAt)} · without the chat`
                    : client
                      ? `Proposed by your provider · waiting for your answer`
                      : `Waiting for the client’s answer`}
                  {p.joinedAt && ' · joined'}
                </p>
              </div>
              {!ended && (
                <div className="participant-actions">
                  {client && !p.consentAt && (
                    <Button size="sm" onClick={() => setDialog({ kind: 'consent', participant: p })}>
                      Agree<span className="sr-only"> to {p.name} taking part</span>
                    </Button>
                  )}
                  {(client || !p.consentAt) && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setDialog({ kind: 'remove', participant: p })}
                    >
                      Remove<span className="sr-only"> {p.name}</span>
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
            setNotice(`${p.name} can take part.`);
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
            setNotice(`${p.name} was removed.`);
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
      aria-label="Add a participant"
      onSubmit={(event) => void onSubmit(event)}
    >
      {formError && (
        <Alert tone="error" className="form-alert">
          {formError}
        </Alert>
      )}
      <TextField label="Their name" {...bind('name')} error={errors.name} autoComplete="off" required />
      <TextField
        label="Their e-mail"
        type="email"
        {...bind('email')}
        error={errors.email}
        autoComplete="off"
        hint="Optional. With it, their personal link is e-mailed to them when possible."
      />
      <div className="button-row">
        <Button type="submit" size="sm" busy={busy}>
          {c.role === 'client' ? 'Add' : 'Propose'}
        </Button>
        <Button size="sm" variant="ghost" disabled={busy} onClick={onCancel}>
          Cancel
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
      title={`Let ${p.name} take part?`}
      confirmLabel="Agree"
      onConfirm={() => void agree()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>
        {p.name} can join the video session with a personal link, only during its time and never as a
        moderator. You can remove them at any time.
      </p>
      <CheckboxField
        label="Let them see the chat"
        description="They can read and write the consultation’s chat, including what was written before."
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
      title={`Remove ${p.name}?`}
      confirmLabel="Remove"
      tone="danger"
      onConfirm={() => void remove()}
      onCancel={onClose}
      busy={busy}
      cancelDisabled={busy}
    >
      <p>They leave the session if they are in it, and their personal link stops working.</p>
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}
