import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { Switch } from '../../components/Switch';
import { useLoad } from '../../lib/useLoad';
import { adminApi } from './admin.api';

/**
 * Administration → Workspace → Push notifications (issue 21): whether pushes may carry message
 * text. Off by default: a locked phone shows "New message from Bob", never what Bob wrote; each
 * person must also turn previews on for themselves. Saved as soon as it is switched.
 */
export function PushSettingsSection() {
  const { t } = useTranslation();
  const [allowPreviews, setAllowPreviews] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const load = useLoad(async (signal) => {
    setAllowPreviews((await adminApi.settings(signal)).push.allowPreviews);
  }, []);

  const change = async (next: boolean) => {
    setSaving(true);
    setStatus(null);
    try {
      const settings = await adminApi.updateSettings({ push: { allowPreviews: next } });
      setAllowPreviews(settings.push.allowPreviews);
      setStatus({ kind: 'saved', text: t('admin.push.saved') });
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof Error ? err.message : t('admin.push.failed') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-push">
      <h2 className="card-title" id="admin-push">
        {t('admin.push.title')}
      </h2>
      {load.status === 'loading' && <LoadingBlock label={t('admin.push.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('admin.push.loadFailed')} message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && (
        <>
          <Switch
            label={t('admin.push.allowPreviews')}
            name="allowPreviews"
            checked={allowPreviews}
            disabled={saving}
            onChange={(next) => void change(next)}
            description={t(allowPreviews ? 'admin.push.previewsOn' : 'admin.push.previewsOff')}
          />
          {status && (
            <Alert tone={status.kind === 'error' ? 'error' : 'success'} className="inline-alert">
              {status.text}
            </Alert>
          )}
        </>
      )}
    </section>
  );
}
