import type { SettingsView } from '@parley/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';

type Load<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; settings: T };

/**
 * Loads one section of the admin settings, showing the loading and error cards (labelled `label`,
 * with Try again), then renders that section's form with what is saved and a way to say it was saved.
 */
export function SettingsSectionLoader<K extends keyof SettingsView>({
  section,
  label,
  children,
}: {
  section: K;
  label: string;
  children: (saved: SettingsView[K], onSaved: (settings: SettingsView[K]) => void) => ReactNode;
}) {
  const [load, setLoad] = useState<Load<SettingsView[K]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    api.admin
      .settings(controller.signal)
      .then((settings) => setLoad({ status: 'ready', settings: settings[section] }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [section, attempt]);

  if (load.status === 'loading') {
    return (
      <section className="card" aria-label={label}>
        <LoadingBlock label="Loading settings…" />
      </section>
    );
  }
  if (load.status === 'error') {
    return (
      <section className="card" aria-label={label}>
        <LoadError
          title="Settings couldn’t be loaded"
          message={load.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      </section>
    );
  }
  return children(load.settings, (settings) => setLoad({ status: 'ready', settings }));
}
