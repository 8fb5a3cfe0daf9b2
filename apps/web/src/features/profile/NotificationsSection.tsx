import type { NotificationSettings, NotificationSettingsUpdate } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadError } from '../../components/LoadError';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { Switch } from '../../components/Switch';
import { formatDate } from '../../i18n/format';
import { useLoad } from '../../lib/useLoad';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { DndScheduleEditor } from './DndScheduleEditor';
import { notificationsApi } from './notifications.api';
import { digestOptions, PAUSES, type Pause } from './notificationsText';

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
  formatDate(new Date(iso), { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** Profile → Notifications: do not disturb (now and every week), e-mail, previews. */
export function NotificationsSection() {
  const { t } = useTranslation();
  const load = useLoad((signal) => notificationsApi.settings(signal), []);
  // Another tab or device changed them: show theirs.
  useSocketEvent('notifications:settings', (settings) => load.set(settings));

  return (
    <section className="card" aria-labelledby="profile-notifications">
      <h2 className="card-title" id="profile-notifications">
        {t('profile.notifications.title')}
      </h2>
      <p className="card-description">{t('profile.notifications.description')}</p>
      {load.status === 'loading' && <LoadingBlock label={t('profile.notifications.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('profile.notifications.loadError')} message={load.message} onRetry={load.retry} />
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
  const { t } = useTranslation();
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

  return (
    <div className="stack notification-settings">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="form" role="group" aria-labelledby="dnd-title">
        <h3 className="subsection-title" id="dnd-title">
          {t('profile.notifications.dndTitle')}
        </h3>
        <p role="status">
          {dnd.until
            ? t('profile.notifications.dndOn', { until: timeOf(dnd.until) })
            : dnd.active
              ? t('profile.notifications.dndOnSchedule')
              : t('profile.notifications.dndOff')}
        </p>
        <div className="button-row" role="group" aria-label={t('profile.notifications.pauseLegend')}>
          {PAUSES.map((pause) => (
            <Button
              key={pause}
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => void save({ dnd: { until: pauseEnd(pause, new Date()) } })}
            >
              {t(`profile.notifications.pauses.${pause}`)}
            </Button>
          ))}
          {dnd.until && (
            <Button
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => void save({ dnd: { until: null } })}
            >
              {t('profile.notifications.resume')}
            </Button>
          )}
        </div>
      </div>
      <DndScheduleEditor settings={settings} onSaved={onSaved} />
      <div className="form" role="group" aria-labelledby="email-title">
        <h3 className="subsection-title" id="email-title">
          {t('profile.notifications.emailTitle')}
        </h3>
        {!email.available && <Alert tone="info">{t('profile.notifications.emailUnavailable')}</Alert>}
        <SelectField
          label={t('profile.notifications.digest')}
          value={digest}
          options={digestOptions(email.digestMinutes)}
          disabled={busy}
          onChange={(e) =>
            void save({
              email: { digestMinutes: e.target.value === 'never' ? null : Number(e.target.value) },
            })
          }
        />
        <Switch
          label={t('profile.notifications.missedCalls')}
          checked={email.missedCalls}
          disabled={busy}
          onChange={(missedCalls) => void save({ email: { missedCalls } })}
        />
      </div>
      {settings.previewAllowed && (
        <Switch
          label={t('profile.notifications.previews')}
          description={t('profile.notifications.previewsHint')}
          checked={settings.preview}
          disabled={busy}
          onChange={(preview) => void save({ preview })}
        />
      )}
    </div>
  );
}
