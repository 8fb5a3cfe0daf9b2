import type { SettingsResponse } from '@parley/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { CallsSettingsForm } from './CallsSettingsForm';
import { JitsiCheckPanel } from './JitsiCheckPanel';
import { JitsiSettingsForm } from './JitsiSettingsForm';
import { jitsiProblemText } from './jitsiProblemText';

/** Administration → Video calls: the Jitsi settings, the conference-call settings and the check panel. */
export function VideoCallsSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.videoCalls.documentTitle'));
  const load = useLoad((signal) => adminApi.settingsWithProblems(signal), []);

  const response = load.status === 'ready' ? load.data : null;
  const problems = useMemo(() => {
    const byField: Record<string, string> = {};
    for (const p of response?.problems.jitsi ?? []) {
      if (p.field !== null && !(p.field in byField)) byField[p.field] = jitsiProblemText(p, t);
    }
    return byField;
    // `t` changes with the language, so the texts follow it.
  }, [response, t]);

  if (load.status === 'loading') {
    return (
      <section className="card" aria-label={t('settings.videoCalls.label')}>
        <LoadingBlock label={t('settings.common.loading')} />
      </section>
    );
  }
  if (load.status === 'error') {
    return (
      <section className="card" aria-label={t('settings.videoCalls.label')}>
        <LoadError title={t('settings.common.loadFailed')} message={load.message} onRetry={load.retry} />
      </section>
    );
  }
  const { settings } = load.data;
  const onSaved = (next: SettingsResponse) => load.set(next);
  return (
    <div className="stack video-settings">
      <JitsiSettingsForm saved={settings.jitsi} problems={problems} onSaved={onSaved} />
      <JitsiCheckPanel saved={settings.jitsi} onSaved={onSaved} />
      <CallsSettingsForm saved={settings.calls} onSaved={onSaved} />
    </div>
  );
}
