import type { CreateGuestLinkRequest, GuestLink } from '@parley/shared';
import { useId, useRef, useState } from 'react';
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

/** The lifetimes offered; "" leaves it to the workspace's default (an administrator's setting). */
const LIFETIMES = [
  { value: '', label: 'Workspace default' },
  { value: '60', label: '1 hour' },
  { value: '480', label: '8 hours' },
  { value: '1440', label: '1 day' },
  { value: '10080', label: '1 week' },
  { value: '43200', label: '30 days' },
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
      title={`Invite guests to ${title}`}
      className="dialog-wide guest-links-dialog"
      onClose={onClose}
      initialFocus="select"
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          {callId && (
            <Button type="submit" form={formId} busy={busy}>
              Create link
            </Button>
          )}
        </>
      }
    >
      <p className="guest-links-intro">
        People without an account can join this room’s calls through a link. They enter a name, and are shown
        as guests.
      </p>
      {created?.url && (
        <div className="guest-link-created" role="status">
          <p className="guest-link-created-title">Link created. Copy it now: it is shown only once.</p>
          <div className="guest-link-url">
            <input
              className="input"
              readOnly
              value={created.url}
              aria-label="Guest link"
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton text={created.url} label="Copy link" />
          </div>
        </div>
      )}
      {formError && (
        <Alert tone="error" title="The link was not created">
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
              label="Link works for"
              name="expiresInMinutes"
              value={form.lifetime}
              options={LIFETIMES}
              error={errors.expiresInMinutes}
              onChange={(event) => set({ lifetime: event.target.value })}
            />
            <TextField
              label="Most guests"
              name="maxUses"
              inputMode="numeric"
              value={form.maxUses}
              error={errors.maxUses && 'Use a whole number from 1 to 1000, or leave it empty.'}
              hint="Leave empty for no limit."
              onChange={(event) => set({ maxUses: event.target.value })}
            />
          </div>
          <TextField
            label="Passcode (optional)"
            name="passcode"
            autoComplete="off"
            value={form.passcode}
            error={errors.passcode}
            hint="Guests must type it. Send it separately from the link."
            onChange={(event) => set({ passcode: event.target.value })}
          />
          <Switch
            label="Guests wait to be let in"
            name="lobby"
            checked={form.lobby}
            onChange={(lobby) => set({ lobby })}
            description={
              form.lobby
                ? 'Someone in the call admits or denies each guest.'
                : 'Guests enter the call directly, without asking.'
            }
          />
        </form>
      ) : (
        <Alert tone="info">Start a call in this room to create a link for it.</Alert>
      )}
      <GuestLinkList roomId={roomId} version={listVersion} />
    </Dialog>
  );
}
