import type { SettingsResponse } from '@parley/shared';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { CallsSettingsForm } from './CallsSettingsForm';
import { JitsiCheckPanel } from './JitsiCheckPanel';
import { JitsiSettingsForm } from './JitsiSettingsForm';

type LoadState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'done'; response: SettingsResponse };

/** Administration → Video calls: the Jitsi settings, the conference-call settings and the check panel. */
export function VideoCallsSettingsPage() {
  useDocumentTitle('Video call settings');
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    api.admin
      .settingsWithProblems(controller.signal)
      .then((response) => setLoad({ status: 'done', response }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [attempt]);

  const response = load.status === 'done' ? load.response : null;
  const problems = useMemo(() => {
    const byField: Record<string, string> = {};
    for (const p of response?.problems.jitsi ?? []) {
      if (p.field !== null && !(p.field in byField)) byField[p.field] = p.message;
    }
    return byField;
  }, [response]);

  if (load.status === 'loading') {
    return (
      <section className="card" aria-label="Video calls">
        <LoadingBlock label="Loading settings…" />
      </section>
    );
  }
  if (load.status === 'error') {
    return (
      <section className="card" aria-label="Video calls">
        <LoadError
          title="Settings couldn’t be loaded"
          message={load.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      </section>
    );
  }
  const { settings } = load.response;
  const onSaved = (next: SettingsResponse) => setLoad({ status: 'done', response: next });
  return (
    <div className="stack video-settings">
      <JitsiSettingsForm saved={settings.jitsi} problems={problems} onSaved={onSaved} />
      <JitsiCheckPanel saved={settings.jitsi} onSaved={onSaved} />
      <CallsSettingsForm saved={settings.calls} onSaved={onSaved} />
    </div>
  );
}
