import type { GuestInvite } from '@parley/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const id = useId();
  if (invite.emailed) {
    return (
      <Alert tone="success" className="inline-alert guest-invite">
        {t('consultations.invite.emailed', { name, until: formatDateTime(invite.expiresAt) })}
      </Alert>
    );
  }
  return (
    <Alert
      tone="info"
      title={t('consultations.invite.title', { name })}
      className="inline-alert guest-invite"
      action={
        onDismiss && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onDismiss}>
            {t('consultations.invite.done')}
          </button>
        )
      }
    >
      <p className="guest-invite-text" id={`${id}-hint`}>
        {t('consultations.invite.passOn', { name, until: formatDateTime(invite.expiresAt) })}
      </p>
      <div className="guest-invite-row">
        <input
          className="input guest-invite-url"
          readOnly
          value={invite.url}
          aria-label={t('consultations.invite.linkFor', { name })}
          aria-describedby={`${id}-hint`}
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={invite.url} label={t('consultations.invite.copy')} />
      </div>
    </Alert>
  );
}
