import type { SecurityEvent } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadError';
import { Spinner } from '../../components/Spinner';
import { formatDateTime } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { signInApi } from './signIn.api';

/** What each recorded change means, in a sentence fragment after "who" (catalogue keys). */
const KIND_LABELS: Record<string, string> = {
  factor_added: 'admin.securityRecord.kinds.factorAdded',
  factor_removed: 'admin.securityRecord.kinds.factorRemoved',
  recovery_codes_regenerated: 'admin.securityRecord.kinds.recoveryCodes',
  mfa_reset: 'admin.securityRecord.kinds.mfaReset',
};

/** The account's security record: second factors added, removed and reset, and by whom. */
export function SecurityRecordDialog({
  userId,
  displayName,
  onClose,
}: {
  userId: string;
  displayName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const events = useLoad((signal) => signInApi.securityEvents(userId, signal), [userId]);
  const who = (event: SecurityEvent) =>
    event.actor === null
      ? t('admin.securityRecord.deletedAccount')
      : event.actor.id === userId
        ? displayName
        : `${event.actor.displayName} (@${event.actor.username})`;
  const what = (kind: string) => {
    const key = KIND_LABELS[kind];
    return key ? t(key) : kind;
  };
  return (
    <Dialog
      title={t('admin.securityRecord.title', { name: displayName })}
      onClose={onClose}
      actions={
        <Button variant="secondary" onClick={onClose}>
          {t('admin.securityRecord.close')}
        </Button>
      }
    >
      {events.status === 'loading' && <Spinner label={t('admin.securityRecord.loading')} />}
      {events.status === 'error' && (
        <LoadError
          title={t('admin.securityRecord.loadFailed')}
          message={events.message}
          onRetry={events.retry}
        />
      )}
      {events.status === 'ready' &&
        (events.data.length === 0 ? (
          <p>{t('admin.securityRecord.empty')}</p>
        ) : (
          <ul className="security-record" aria-label={t('admin.securityRecord.list')}>
            {events.data.map((event) => (
              <li key={event.id}>
                <strong>{who(event)}</strong> {what(event.kind)}
                <span className="security-record-when"> · {formatDateTime(event.createdAt)}</span>
              </li>
            ))}
          </ul>
        ))}
    </Dialog>
  );
}
