import type { GuestInvite } from '@parley/shared';
import { useId } from 'react';
import { Alert } from '../../components/Alert';
import { CopyButton } from '../../components/CopyButton';
import { formatDateTime } from '../../lib/forms';

/**
 * A personal link for someone without an account (issue 19): said as sent when it was e-mailed;
 * otherwise shown with Copy, for the provider (or client) to pass on themselves.
 */
export function GuestInviteNotice({
  invite,
  name,
  onDismiss,
}: {
  invite: GuestInvite;
  /** Whom it is for. */
  name: string;
  onDismiss?: () => void;
}) {
  const id = useId();
  if (invite.emailed) {
    return (
      <Alert tone="success" className="inline-alert guest-invite">
        We e-mailed {name} a personal link to the session. It works until {formatDateTime(invite.expiresAt)}.
      </Alert>
    );
  }
  return (
    <Alert
      tone="info"
      title={`Send ${name} this link`}
      className="inline-alert guest-invite"
      action={
        onDismiss && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onDismiss}>
            Done
          </button>
        )
      }
    >
      <p className="guest-invite-text" id={`${id}-hint`}>
        E-mail isn’t set up here, so pass it on yourself: with it {name} opens the session, answers and joins,
        without an account. It is personal, and works until {formatDateTime(invite.expiresAt)}.
      </p>
      <div className="guest-invite-row">
        <input
          className="input guest-invite-url"
          readOnly
          value={invite.url}
          aria-label={`Personal link for ${name}`}
          aria-describedby={`${id}-hint`}
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={invite.url} label="Copy link" />
      </div>
    </Alert>
  );
}
