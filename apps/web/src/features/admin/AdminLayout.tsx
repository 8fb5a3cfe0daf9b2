import { Outlet } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './admin.css';

/**
 * The sections of the admin area. Add an entry (and its route in App.tsx) to add a section.
 */
export const ADMIN_SECTIONS = [
  { path: 'workspace', label: 'Workspace' },
  { path: 'people', label: 'People' },
  { path: 'video-calls', label: 'Video calls' },
  { path: 'call-log', label: 'Call log' },
  { path: 'consultations', label: 'Consultations' },
  { path: 'access-log', label: 'Access log' },
  { path: 'feedback', label: 'Feedback' },
  { path: 'limits', label: 'Limits' },
  { path: 'sign-in', label: 'Sign-in' },
  { path: 'guests', label: 'Guests' },
  { path: 'files', label: 'Files' },
] as const;

export function AdminLayout() {
  const me = useMe();
  if (me.role !== 'admin') {
    return (
      <div className="page">
        <PageHeader title="Administration" />
        <div className="card">
          <EmptyState icon="lock" title="Only administrators can open this page">
            Ask an administrator of this workspace if you need a setting changed.
          </EmptyState>
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader title="Administration" description="Settings and people for the whole workspace." />
      <TabNav label="Administration sections" tabs={ADMIN_SECTIONS} />
      <Outlet />
    </div>
  );
}
