import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './admin.css';

/**
 * The sections of the admin area. Add an entry (its label in the `admin` catalogues, its route in
 * App.tsx) to add a section.
 */
export const ADMIN_SECTIONS = [
  { path: 'workspace', labelKey: 'admin.sections.workspace' },
  { path: 'people', labelKey: 'admin.sections.people' },
  { path: 'video-calls', labelKey: 'admin.sections.videoCalls' },
  { path: 'call-log', labelKey: 'admin.sections.callLog' },
  { path: 'consultations', labelKey: 'admin.sections.consultations' },
  { path: 'access-log', labelKey: 'admin.sections.accessLog' },
  { path: 'feedback', labelKey: 'admin.sections.feedback' },
  { path: 'limits', labelKey: 'admin.sections.limits' },
  { path: 'sign-in', labelKey: 'admin.sections.signIn' },
  { path: 'guests', labelKey: 'admin.sections.guests' },
  { path: 'files', labelKey: 'admin.sections.files' },
] as const;

export function AdminLayout() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.role !== 'admin') {
    return (
      <div className="page">
        <PageHeader title={t('admin.layout.title')} />
        <div className="card">
          <EmptyState icon="lock" title={t('admin.layout.deniedTitle')}>
            {t('admin.layout.deniedText')}
          </EmptyState>
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader title={t('admin.layout.title')} description={t('admin.layout.description')} />
      <TabNav
        label={t('admin.layout.sections')}
        tabs={ADMIN_SECTIONS.map((section) => ({ path: section.path, label: t(section.labelKey) }))}
      />
      <Outlet />
    </div>
  );
}
