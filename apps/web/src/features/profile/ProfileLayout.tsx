import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './profile.css';

/** The profile page's frame: its title and tabs, then the tab. */
export function ProfileLayout() {
  const { t } = useTranslation();
  const tabs = [
    { path: '/profile', label: t('profile.layout.profileTab'), end: true },
    { path: '/profile/security', label: t('profile.layout.securityTab') },
  ];
  return (
    <div className="page">
      <PageHeader title={t('profile.layout.title')} description={t('profile.layout.description')} />
      <TabNav label={t('profile.layout.tabs')} tabs={tabs} />
      <Outlet />
    </div>
  );
}
