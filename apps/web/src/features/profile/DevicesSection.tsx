import type { DeviceSession } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { formatDateTime } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { describeUserAgent, relativeTime } from './devices';
import { securityApi } from './security.api';

/** Where you are signed in, and signing out one of those devices. */
export function DevicesSection() {
  // This device first, then the others as the server orders them (newest first).
  const list = useLoad(
    async (signal) =>
      (await securityApi.sessions(signal)).sort((a, b) => Number(b.current) - Number(a.current)),
    [],
  );
  const [now] = useState(() => Date.now());
  return (
    <section className="card" aria-labelledby="security-devices">
      <h2 className="card-title" id="security-devices">
        Devices
      </h2>
      <p className="card-description">
        Browsers and apps signed in to your account. Sign out any you don’t recognise, then change your
        password.
      </p>
      {list.status === 'loading' && <LoadingBlock label="Loading your devices…" />}
      {list.status === 'error' && (
        <LoadError title="Your devices couldn’t be loaded" message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="lock" title="No signed-in devices" />
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label="Signed-in devices">
          {list.data.map((session) => (
            <DeviceRow
              key={session.id}
              session={session}
              now={now}
              onEnded={() => list.update((all) => all.filter((s) => s.id !== session.id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeviceRow({ session, now, onEnded }: { session: DeviceSession; now: number; onEnded: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = describeUserAgent(session.userAgent);

  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      await securityApi.endSession(session.id);
      onEnded();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <li className="token-row">
      <div className="token-text">
        <span className="token-name">
          {name}
          {session.current && <span className="badge badge-brand">This device</span>}
        </span>
        <span className="token-meta">
          {session.current ? 'Active now' : `Last seen ${relativeTime(session.lastSeenAt, now)}`}
          {session.ip && ` · ${session.ip}`}
          {session.signedInWith && ` · Signed in with ${session.signedInWith}`}
        </span>
        <span className="token-meta">Signed in {formatDateTime(session.createdAt)}</span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!session.current && (
        <div className="token-actions">
          <Button size="sm" variant="secondary" busy={busy} onClick={() => setConfirming(true)}>
            <span aria-hidden="true">Sign out</span>
            <span className="sr-only">Sign out {name}</span>
          </Button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Sign out ${name}?`}
          confirmLabel="Sign out"
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void end()}
          onCancel={() => setConfirming(false)}
        >
          <p>That browser is signed out at once and has to sign in again.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
