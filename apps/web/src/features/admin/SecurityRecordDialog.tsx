import type { SecurityEvent } from '@parley/shared';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadError';
import { Spinner } from '../../components/Spinner';
import { formatDateTime } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { signInApi } from './signIn.api';

/** What each recorded change means, in a sentence fragment after "who". */
const KIND_LABELS: Record<string, string> = {
  factor_added: 'added a second factor',
  factor_removed: 'removed a second factor',
  recovery_codes_regenerated: 'made new recovery codes',
  mfa_reset: 'reset every second factor',
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
  const events = useLoad((signal) => signInApi.securityEvents(userId, signal), [userId]);
  const who = (event: SecurityEvent) =>
    event.actor === null
      ? 'A deleted account'
      : event.actor.id === userId
        ? displayName
        : `${event.actor.displayName} (@${event.actor.username})`;
  return (
    <Dialog
      title={`Security record of ${displayName}`}
      onClose={onClose}
      actions={
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      }
    >
      {events.status === 'loading' && <Spinner label="Loading the security record…" />}
      {events.status === 'error' && (
        <LoadError
          title="The security record couldn’t be loaded"
          message={events.message}
          onRetry={events.retry}
        />
      )}
      {events.status === 'ready' &&
        (events.data.length === 0 ? (
          <p>Nothing recorded yet: no second factor was added, removed or reset.</p>
        ) : (
          <ul className="security-record" aria-label="Recorded changes, newest first">
            {events.data.map((event) => (
              <li key={event.id}>
                <strong>{who(event)}</strong> {KIND_LABELS[event.kind] ?? event.kind}
                <span className="security-record-when"> · {formatDateTime(event.createdAt)}</span>
              </li>
            ))}
          </ul>
        ))}
    </Dialog>
  );
}
