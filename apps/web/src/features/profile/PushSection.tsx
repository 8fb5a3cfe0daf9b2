import type { PushSubscription as PushDevice } from '@parley/shared';
import { useEffect, useState } from 'react';
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

/** Every string this section shows (helper C's i18n moves them into the catalogues). */
export const PUSH_TEXT = {
  title: 'Push on this device',
  description:
    'Calls and messages arrive as notifications from your system, even while Parley is closed. ' +
    'Turn push on in each browser or installed app where you want them.',
  checking: 'Checking this browser…',
  unsupported:
    'This browser can’t receive push notifications. Parley still tells you about calls and messages while it is open.',
  needsInstallTitle: 'Add Parley to your Home Screen first',
  needsInstall:
    'On iPhone and iPad, push works only in Parley installed from Safari: tap Share, then Add to Home Screen, open Parley from there and turn push on.',
  deniedTitle: 'Notifications are blocked for Parley in this browser',
  denied:
    'To allow them, open this site’s settings (the icon to the left of the address), set Notifications to Allow, then reload the page.',
  off: 'Push is off on this device.',
  on: 'Push is on: this device gets notifications while Parley is closed.',
  turnOn: 'Turn on push',
  turnOff: 'Turn off push',
  notAllowed: 'Parley can’t push without permission to show notifications. Turn push on again to be asked.',
  noWorker: 'Parley’s service worker isn’t running in this tab. Reload the page and try again.',
  serviceUnreachable:
    'This browser’s push service couldn’t be reached, so push can’t be turned on now. Try again later.',
  listTitle: 'Devices that get push',
  listLabel: 'Devices that get push',
  loading: 'Loading the devices that get push…',
  loadError: 'The devices that get push couldn’t be loaded',
  empty: 'No device gets push yet',
  thisDevice: 'This device',
  unnamed: 'Unnamed device',
  added: (date: string) => `Added ${date}`,
  lastPush: (when: string) => `Last push ${when}`,
  noPushYet: 'No push yet',
  remove: 'Remove',
  removeNamed: (name: string) => `Remove ${name} from push`,
};

type DeviceState = 'checking' | 'unsupported' | 'needs-install' | 'denied' | 'off' | 'on';

/** Profile → Security: push notifications on this browser, and every device that gets them. */
export function PushSection() {
  const [support] = useState(pushSupport);
  const list = useLoad((signal) => pushApi.list(signal), []);
  const [device, setDevice] = useState<DeviceState>(support === 'supported' ? 'checking' : support);
  const [thisId, setThisId] = useState(storedSubscriptionId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const turnOn = () =>
    run(async () => {
      const permission = await Notification.requestPermission();
      if (permission === 'denied') return setDevice('denied');
      if (permission !== 'granted') return setError(PUSH_TEXT.notAllowed);
      const registration = await workerRegistration();
      if (!registration) return setError(PUSH_TEXT.noWorker);
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
        return setError(PUSH_TEXT.serviceUnreachable);
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
        {PUSH_TEXT.title}
      </h2>
      <p className="card-description">{PUSH_TEXT.description}</p>
      {state === 'checking' && <LoadingBlock label={PUSH_TEXT.checking} />}
      {state === 'unsupported' && <Alert tone="info">{PUSH_TEXT.unsupported}</Alert>}
      {state === 'needs-install' && (
        <Alert tone="info" title={PUSH_TEXT.needsInstallTitle}>
          {PUSH_TEXT.needsInstall}
        </Alert>
      )}
      {state === 'denied' && (
        <Alert tone="warning" title={PUSH_TEXT.deniedTitle}>
          {PUSH_TEXT.denied}
        </Alert>
      )}
      {(state === 'off' || state === 'on') && (
        <div className="push-device">
          <p role="status">{state === 'on' ? PUSH_TEXT.on : PUSH_TEXT.off}</p>
          {state === 'off' ? (
            <Button busy={busy} onClick={() => void turnOn()}>
              {PUSH_TEXT.turnOn}
            </Button>
          ) : (
            <Button variant="secondary" busy={busy} onClick={() => void run(() => remove(thisId))}>
              {PUSH_TEXT.turnOff}
            </Button>
          )}
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}

      <h3 className="push-list-title">{PUSH_TEXT.listTitle}</h3>
      {list.status === 'loading' && <LoadingBlock label={PUSH_TEXT.loading} />}
      {list.status === 'error' && (
        <LoadError title={PUSH_TEXT.loadError} message={list.message} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.data.length === 0 && (
        <EmptyState compact icon="bell" title={PUSH_TEXT.empty} />
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <ul className="token-list" aria-label={PUSH_TEXT.listLabel}>
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = device.device ?? PUSH_TEXT.unnamed;
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
          {current && <span className="badge badge-brand">{PUSH_TEXT.thisDevice}</span>}
        </span>
        <span className="token-meta">
          {device.service} · {PUSH_TEXT.added(formatDateTime(device.createdAt))} ·{' '}
          {device.lastUsedAt ? PUSH_TEXT.lastPush(relativeTime(device.lastUsedAt, now)) : PUSH_TEXT.noPushYet}
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="token-actions">
        <Button size="sm" variant="secondary" busy={busy} onClick={() => void removeIt()}>
          <span aria-hidden="true">{PUSH_TEXT.remove}</span>
          <span className="sr-only">{PUSH_TEXT.removeNamed(name)}</span>
        </Button>
      </div>
    </li>
  );
}
