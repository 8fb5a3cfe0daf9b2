import type { NotificationSettings, NotificationSettingsUpdate } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadError } from '../../components/LoadError';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { Switch } from '../../components/Switch';
import { useLoad } from '../../lib/useLoad';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { DndScheduleEditor } from './DndScheduleEditor';
import { notificationsApi } from './notifications.api';
import { NOTIFICATIONS_TEXT as T } from './notificationsText';

type Pause = keyof typeof T.pauses;

/** When a pause chosen at `now` ends. */
function pauseEnd(pause: Pause, now: Date): string {
  if (pause === 'tomorrow') {
    const next = new Date(now);
    next.setDate(next.getDate() + 1);
    next.setHours(8, 0, 0, 0);
    return next.toISOString();
  }
  return new Date(now.getTime() + (pause === 'hour' ? 1 : 8) * 3_600_000).toISOString();
}

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** Profile → Notifications: do not disturb (now and every week), e-mail, previews. */
export function NotificationsSection() {
  const load = useLoad((signal) => notificationsApi.settings(signal), []);
  // Another tab or device changed them: show theirs.
  useSocketEvent('notifications:settings', (settings) => load.set(settings));

  return (
    <section className="card" aria-labelledby="profile-notifications">
      <h2 className="card-title" id="profile-notifications">
        {T.title}
      </h2>
      <p className="card-description">{T.description}</p>
      {load.status === 'loading' && <LoadingBlock label={T.loading} />}
      {load.status === 'error' && (
        <LoadError title={T.loadError} message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && <NotificationsForm settings={load.data} onSaved={load.set} />}
    </section>
  );
}

function NotificationsForm({
  settings,
  onSaved,
}: {
  settings: NotificationSettings;
  onSaved: (settings: NotificationSettings) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (patch: NotificationSettingsUpdate) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await notificationsApi.update(patch));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const { dnd, email } = settings;
  const digest = email.digestMinutes === null ? 'never' : String(email.digestMinutes);
  const digestOptions = T.digestOptions.some((o) => o.value === digest)
    ? T.digestOptions
    : [...T.digestOptions, { value: digest, label: T.digestOther(email.digestMinutes ?? 0) }];

  return (
    <div className="stack notification-settings">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="form" role="group" aria-labelledby="dnd-title">
        <h3 className="subsection-title" id="dnd-title">
          {T.dndTitle}
        </h3>
        <p role="status">
          {dnd.until ? T.dndOn(timeOf(dnd.until)) : dnd.active ? T.dndOnSchedule : T.dndOff}
        </p>
        <div className="button-row" role="group" aria-label={T.pauseLegend}>
          {(Object.keys(T.pauses) as Pause[]).map((pause) => (
            <Button
              key={pause}
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => void save({ dnd: { until: pauseEnd(pause, new Date()) } })}
            >
              {T.pauses[pause]}
            </Button>
          ))}
          {dnd.until && (
            <Button
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => void save({ dnd: { until: null } })}
            >
              {T.resume}
            </Button>
          )}
        </div>
      </div>
      <DndScheduleEditor settings={settings} onSaved={onSaved} />
      <div className="form" role="group" aria-labelledby="email-title">
        <h3 className="subsection-title" id="email-title">
          {T.emailTitle}
        </h3>
        {!email.available && <Alert tone="info">{T.emailUnavailable}</Alert>}
        <SelectField
          label={T.digest}
          value={digest}
          options={digestOptions}
          disabled={busy}
          onChange={(e) =>
            void save({
              email: { digestMinutes: e.target.value === 'never' ? null : Number(e.target.value) },
            })
          }
        />
        <Switch
          label={T.missedCalls}
          checked={email.missedCalls}
          disabled={busy}
          onChange={(missedCalls) => void save({ email: { missedCalls } })}
        />
      </div>
      {settings.previewAllowed && (
        <Switch
          label={T.previews}
          description={T.previewsHint}
          checked={settings.preview}
          disabled={busy}
          onChange={(preview) => void save({ preview })}
        />
      )}
    </div>
  );
}
