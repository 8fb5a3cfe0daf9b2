import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { TabNav } from '../../lib/TabNav';
import './consultations.css';

/** Consultations' sections: everyone books and sees their own; providers also get their dashboard and hours. */
export function ConsultationsLayout() {
  const { t } = useTranslation();
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
    { path: '/consultations', label: t('consultations.myConsultations'), end: true },
    { path: '/consultations/book', label: t('consultations.bookSession'), end: false },
    ...(me.provider
      ? [
          { path: '/consultations/dashboard', label: t('consultations.dashboard'), end: false },
          { path: '/consultations/availability', label: t('consultations.layout.availability'), end: false },
          { path: '/consultations/profile', label: t('consultations.layout.providerProfile'), end: false },
        ]
      : []),
  ];
  return (
    <div className="page consultations-page">
      <PageHeader
        title={t('consultations.layout.title')}
        description={t('consultations.layout.description')}
      />
      <TabNav label={t('consultations.layout.sections')} tabs={sections} ref={navRef} />
      <Outlet />
    </div>
  );
}
