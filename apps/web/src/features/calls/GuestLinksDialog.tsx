import type { CreateGuestLinkRequest, GuestLink } from '@parley/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { SelectField } from '../../components/SelectField';
import { Switch } from '../../components/Switch';
import { TextField } from '../../components/TextField';
import { useSubmission } from '../../lib/forms';
import { guestLinksApi } from './guestLinks.api';
import { GuestLinkList } from './GuestLinkList';
import './guestCalls.css';

/**
 * The lifetimes offered, in minutes, with their label's key; "" leaves it to the workspace's default
 * (an administrator's setting).
 */
const LIFETIMES = [
  { value: '', key: 'calls.guestLinks.lifetimes.default' },
  { value: '60', key: 'calls.guestLinks.lifetimes.hour' },
  { value: '480', key: 'calls.guestLinks.lifetimes.eightHours' },
  { value: '1440', key: 'calls.guestLinks.lifetimes.day' },
  { value: '10080', key: 'calls.guestLinks.lifetimes.week' },
  { value: '43200', key: 'calls.guestLinks.lifetimes.thirtyDays' },
] as const;

interface Form {
  lifetime: string;
  maxUses: string;
  passcode: string;
  lobby: boolean;
}

const EMPTY: Form = { lifetime: '', maxUses: '', passcode: '', lobby: true };

/** The form as the contract's request: blank fields are left out (the server's defaults apply). */
export function guestLinkRequest(form: Form): Record<string, unknown> {
  const body: Record<string, unknown> = { lobby: form.lobby };
  if (form.lifetime) body.expiresInMinutes = Number(form.lifetime);
  const uses = form.maxUses.trim();
  // Not a number stays text, so the schema says what is wrong with it.
  if (uses) body.maxUses = /^\d+$/.test(uses) ? Number(uses) : uses;
  if (form.passcode.trim()) body.passcode = form.passcode;
  return body;
}

/**
 * "Invite guests": a link into the room's calls for people without an account (issue 19), with its
 * lifetime, how many may use it, an optional passcode and whether guests wait to be let in. The new
 * link's address shows once, with Copy; below, the room's active links with Revoke.
 */
export function GuestLinksDialog({
  roomId,
  callId,
  title,
  onClose,
}: {
  roomId: string;
  /** The call the link is made from; null when the room has had no call yet (links can only be listed). */
  callId: string | null;
  /** The call's title or the room's name. */
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [created, setCreated] = useState<GuestLink | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const { errors, formError, busy, submit, clearSaved } = useSubmission(formRef);
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    clearSaved();
  };

  const onSubmit = () =>
    submit(
      (s) => s.CreateGuestLinkRequestSchema,
      guestLinkRequest(form),
      async (body: CreateGuestLinkRequest) => {
        if (!callId) return;
        const link = await guestLinksApi.create(callId, body);
        setCreated(link);
        setForm(EMPTY);
        setListVersion((v) => v + 1);
      },
    );

  return (
    <Dialog
      title={t('calls.guestLinks.title', { title })}
      className="dialog-wide guest-links-dialog"
      onClose={onClose}
      initialFocus="select"
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('calls.close')}
          </Button>
          {callId && (
            <Button type="submit" form={formId} busy={busy}>
              {t('calls.guestLinks.create')}
            </Button>
          )}
        </>
      }
    >
      <p className="guest-links-intro">{t('calls.guestLinks.intro')}</p>
      {created?.url && (
        <div className="guest-link-created" role="status">
          <p className="guest-link-created-title">{t('calls.guestLinks.created')}</p>
          <div className="guest-link-url">
            <input
              className="input"
              readOnly
              value={created.url}
              aria-label={t('calls.guestLinks.link')}
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton text={created.url} label={t('calls.guestLinks.copy')} />
          </div>
        </div>
      )}
      {formError && (
        <Alert tone="error" title={t('calls.guestLinks.createFailed')}>
          {formError}
        </Alert>
      )}
      {callId ? (
        <form
          id={formId}
          ref={formRef}
          className="form guest-link-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void onSubmit();
          }}
        >
          <div className="form-grid">
            <SelectField
              label={t('calls.guestLinks.lifetime')}
              name="expiresInMinutes"
              value={form.lifetime}
              options={LIFETIMES.map((l) => ({ value: l.value, label: t(l.key) }))}
              error={errors.expiresInMinutes}
              onChange={(event) => set({ lifetime: event.target.value })}
            />
            <TextField
              label={t('calls.guestLinks.maxUses')}
              name="maxUses"
              inputMode="numeric"
              value={form.maxUses}
              error={errors.maxUses && t('calls.guestLinks.maxUsesError')}
              hint={t('calls.guestLinks.maxUsesHint')}
              onChange={(event) => set({ maxUses: event.target.value })}
            />
          </div>
          <TextField
            label={t('calls.guestLinks.passcodeLabel')}
            name="passcode"
            autoComplete="off"
            value={form.passcode}
            error={errors.passcode}
            hint={t('calls.guestLinks.passcodeHint')}
            onChange={(event) => set({ passcode: event.target.value })}
          />
          <Switch
            label={t('calls.guestLinks.lobby')}
            name="lobby"
            checked={form.lobby}
            onChange={(lobby) => set({ lobby })}
            description={form.lobby ? t('calls.guestLinks.lobbyOn') : t('calls.guestLinks.lobbyOff')}
          />
        </form>
      ) : (
        <Alert tone="info">{t('calls.guestLinks.startFirst')}</Alert>
      )}
      <GuestLinkList roomId={roomId} version={listVersion} />
    </Dialog>
  );
}
