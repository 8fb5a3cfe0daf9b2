import type { DeviceSession } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
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
  const { t } = useTranslation();
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
        {t('profile.devices.title')}
      </h2>
      <p className="card-description">{t('profile.devices.description')}</p>
      {list.status === 'loading' && <LoadingBlock label={t('profile.devices.loading')} />}
      {list.status === 'error' && (
        <LoadError title={t('profile.devices.loadError')} message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="lock" title={t('profile.devices.empty')} />
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label={t('profile.devices.listLabel')}>
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
  const { t } = useTranslation();
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
          {session.current && <span className="badge badge-brand">{t('profile.devices.thisDevice')}</span>}
        </span>
        <span className="token-meta">
          {session.current
            ? t('profile.devices.activeNow')
            : t('profile.devices.lastSeen', { when: relativeTime(session.lastSeenAt, now) })}
          {session.ip && ` · ${session.ip}`}
          {session.signedInWith &&
            t('profile.devices.signedInWith', { method: methodName(session.signedInWith, t) })}
        </span>
        <span className="token-meta">
          {t('profile.devices.signedInAt', { date: formatDateTime(session.createdAt) })}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!session.current && (
        <div className="token-actions">
          <Button size="sm" variant="secondary" busy={busy} onClick={() => setConfirming(true)}>
            <span aria-hidden="true">{t('profile.devices.signOut')}</span>
            <span className="sr-only">{t('profile.devices.signOutNamed', { name })}</span>
          </Button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('profile.devices.confirmTitle', { name })}
          confirmLabel={t('profile.devices.signOut')}
          tone="danger"
          cancelVariant="ghost"
          busy={busy}
          cancelDisabled={busy}
          onConfirm={() => void end()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('profile.devices.confirmBody')}</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

/** How a device signed in: Parley's own ways in the interface language; a provider by its name. */
function methodName(method: string, t: TFunction): string {
  return method === 'password' || method === 'passkey' || method === 'link'
    ? t(`profile.devices.methods.${method}`)
    : method;
}
