import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';

/** What a provider-only section says to someone who is not a provider. */
export function ProvidersOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.provider) return <>{children}</>;
  return (
    <div className="card">
      <EmptyState icon="lock" title={t('providers.only.title')}>
        {t('providers.only.body')}
      </EmptyState>
    </div>
  );
}
