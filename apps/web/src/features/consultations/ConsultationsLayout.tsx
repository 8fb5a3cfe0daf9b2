import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './consultations.css';

/** Consultations' sections: everyone books and sees their own; providers also get their dashboard and hours. */
export function ConsultationsLayout() {
  const me = useMe();
  const navRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // On a phone the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    navRef.current
      ?.querySelector<HTMLElement>('.tab.is-active')
      ?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  const sections = [
    { path: '/consultations', label: 'My consultations', end: true },
    { path: '/consultations/book', label: 'Book a session', end: false },
    ...(me.provider
      ? [
          { path: '/consultations/dashboard', label: 'Dashboard', end: false },
          { path: '/consultations/availability', label: 'Availability', end: false },
          { path: '/consultations/profile', label: 'Provider profile', end: false },
        ]
      : []),
  ];
  return (
    <div className="page consultations-page">
      <PageHeader
        title="Consultations"
        description="Private video sessions with a provider, with a chat beside the call."
      />
      <TabNav label="Consultations sections" tabs={sections} ref={navRef} />
      <Outlet />
    </div>
  );
}
