import type { PushSubscription as PushDevice } from '@parley/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { formatDateTime } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { describeUserAgent, relativeTime } from './devices';
import { pushApi } from './push.api';
import {
  currentSubscription,
  keyBytes,
  pushSupport,
  storeSubscriptionId,
  storedSubscriptionId,
  workerRegistration,
} from './pushDevice';

/** A problem this section words itself (said while rendering), or the server's own message. */
type Problem = { key: 'notAllowed' | 'noWorker' | 'serviceUnreachable' } | { text: string };

type DeviceState = 'checking' | 'unsupported' | 'needs-install' | 'denied' | 'off' | 'on';

/** Profile → Security: push notifications on this browser, and every device that gets them. */
export function PushSection() {
  const { t } = useTranslation();
  const [support] = useState(pushSupport);
  const list = useLoad((signal) => pushApi.list(signal), []);
  const [device, setDevice] = useState<DeviceState>(support === 'supported' ? 'checking' : support);
  const [thisId, setThisId] = useState(storedSubscriptionId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [now] = useState(() => Date.now());

  useEffect(() => {
    if (support !== 'supported') return;
    let live = true;
    void currentSubscription()
      .catch(() => null)
      .then((subscription) => {
        if (!live) return;
        if (Notification.permission === 'denied') setDevice('denied');
        else setDevice(subscription ? 'on' : 'off');
      });
    return () => {
      live = false;
    };
  }, [support]);

  // On in this browser but gone from the server (removed elsewhere, or refused by the push service):
  // off, so that turning it on again registers it anew.
  const known = list.status !== 'ready' || (thisId !== null && list.data.some((d) => d.id === thisId));
  const state: DeviceState = device === 'on' && !known ? 'off' : device;

  const forgetThisDevice = () => {
    storeSubscriptionId(null);
    setThisId(null);
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError({ text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const turnOn = () =>
    run(async () => {
      const permission = await Notification.requestPermission();
      if (permission === 'denied') return setDevice('denied');
      if (permission !== 'granted') return setError({ key: 'notAllowed' });
      const registration = await workerRegistration();
      if (!registration) return setError({ key: 'noWorker' });
      const key = await pushApi.publicKey();
      // One made for another key (the server's, before it changed) cannot be reused.
      await (await registration.pushManager.getSubscription())?.unsubscribe();
      let subscription: PushSubscription;
      try {
        subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(key),
        });
      } catch {
        return setError({ key: 'serviceUnreachable' });
      }
      const { endpoint, keys } = subscription.toJSON();
      try {
        const saved = await pushApi.add({
          endpoint: endpoint ?? '',
          keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' },
          device: describeUserAgent(navigator.userAgent).slice(0, 64),
        });
        storeSubscriptionId(saved.id);
        setThisId(saved.id);
        list.update((all) => [saved, ...all.filter((d) => d.id !== saved.id)]);
        setDevice('on');
      } catch (err) {
        // Never half on: the browser's subscription goes when the server would not keep it.
        await subscription.unsubscribe().catch(() => false);
        throw err;
      }
    });

  /** Removes a device from the server (already gone counts as removed); this one also in the browser. */
  const remove = async (id: string | null) => {
    if (id) {
      await pushApi.remove(id).catch((err: unknown) => {
        if (!(isApiError(err) && err.status === 404)) throw err;
      });
      list.update((all) => all.filter((d) => d.id !== id));
    }
    if (id === null || id === thisId) {
      await (await currentSubscription())?.unsubscribe();
      forgetThisDevice();
      setDevice((current) => (current === 'on' ? 'off' : current));
    }
  };

  return (
    <section className="card" aria-labelledby="security-push">
      <h2 className="card-title" id="security-push">
        {t('profile.push.title')}
      </h2>
      <p className="card-description">{t('profile.push.description')}</p>
      {state === 'checking' && <LoadingBlock label={t('profile.push.checking')} />}
      {state === 'unsupported' && <Alert tone="info">{t('profile.push.unsupported')}</Alert>}
      {state === 'needs-install' && (
        <Alert tone="info" title={t('profile.push.needsInstallTitle')}>
          {t('profile.push.needsInstall')}
        </Alert>
      )}
      {state === 'denied' && (
        <Alert tone="warning" title={t('profile.push.deniedTitle')}>
          {t('profile.push.denied')}
        </Alert>
      )}
      {(state === 'off' || state === 'on') && (
        <div className="push-device">
          <p role="status">{state === 'on' ? t('profile.push.on') : t('profile.push.off')}</p>
          {state === 'off' ? (
            <Button busy={busy} onClick={() => void turnOn()}>
              {t('profile.push.turnOn')}
            </Button>
          ) : (
            <Button variant="secondary" busy={busy} onClick={() => void run(() => remove(thisId))}>
              {t('profile.push.turnOff')}
            </Button>
          )}
        </div>
      )}
      {error && <Alert tone="error">{'key' in error ? t(`profile.push.${error.key}`) : error.text}</Alert>}

      <h3 className="push-list-title">{t('profile.push.listTitle')}</h3>
      {list.status === 'loading' && <LoadingBlock label={t('profile.push.loading')} />}
      {list.status === 'error' && (
        <LoadError title={t('profile.push.loadError')} message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="bell" title={t('profile.push.empty')} />
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label={t('profile.push.listLabel')}>
          {list.data.map((d) => (
            <PushDeviceRow
              key={d.id}
              device={d}
              current={d.id === thisId}
              now={now}
              onRemove={() => remove(d.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function PushDeviceRow(props: {
  device: PushDevice;
  current: boolean;
  now: number;
  onRemove: () => Promise<void>;
}) {
  const { device, current, now, onRemove } = props;
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = device.device ?? t('profile.push.unnamed');
  const removeIt = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRemove();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <li className="token-row">
      <div className="token-text">
        <span className="token-name">
          {name}
          {current && <span className="badge badge-brand">{t('profile.push.thisDevice')}</span>}
        </span>
        <span className="token-meta">
          {device.service} · {t('profile.push.added', { date: formatDateTime(device.createdAt) })} ·{' '}
          {device.lastUsedAt
            ? t('profile.push.lastPush', { when: relativeTime(device.lastUsedAt, now) })
            : t('profile.push.noPushYet')}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="token-actions">
        <Button size="sm" variant="secondary" busy={busy} onClick={() => void removeIt()}>
          <span aria-hidden="true">{t('profile.push.remove')}</span>
          <span className="sr-only">{t('profile.push.removeNamed', { name })}</span>
        </Button>
      </div>
    </li>
  );
}
