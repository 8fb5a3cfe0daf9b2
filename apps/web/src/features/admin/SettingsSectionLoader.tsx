import type { SettingsView } from '@parley/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from './admin.api';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';

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
  const { t } = useTranslation();
  const load = useLoad(async (signal) => (await adminApi.settings(signal))[section], [section]);

  if (load.status === 'loading') {
    return (
      <section className="card" aria-label={label}>
        <LoadingBlock label={t('settings.common.loading')} />
      </section>
    );
  }
  if (load.status === 'error') {
    return (
      <section className="card" aria-label={label}>
        <LoadError title={t('settings.common.loadFailed')} message={load.message} onRetry={load.retry} />
      </section>
    );
  }
  return children(load.data, load.set);
}
