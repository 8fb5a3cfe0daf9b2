import { Outlet } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './profile.css';

const PROFILE_TABS = [
  { path: '/profile', label: 'Profile', end: true },
  { path: '/profile/security', label: 'Security' },
] as const;

/** The profile page's frame: its title and tabs, then the tab. */
export function ProfileLayout() {
  return (
    <div className="page">
      <PageHeader title="Profile" description="How you appear to others, and how you sign in." />
      <TabNav label="Profile sections" tabs={PROFILE_TABS} />
      <Outlet />
    </div>
  );
}
