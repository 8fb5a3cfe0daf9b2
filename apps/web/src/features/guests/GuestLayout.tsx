import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useMe, useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { BrandMark } from '../../components/BrandMark';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { ConnectionIndicator, RealtimeProvider } from '../../realtime/RealtimeProvider';
import { ChatProvider } from '../chat';
import { ConsultationReminders } from '../consultations';
import './visits.css';

/**
 * The frame of a guest session (someone signed in through a personal link, issue 19): only their
 * consultations and a way to create an account — no rooms, people, calls or administration.
 */
export function GuestLayout() {
  const me = useMe();
  return (
    <RealtimeProvider userId={me.id}>
      <ChatProvider userId={me.id}>
        <GuestShell />
        <ConsultationReminders />
      </ChatProvider>
    </RealtimeProvider>
  );
}

function GuestShell() {
  const { t } = useTranslation();
  const me = useMe();
  const { instance, signOut } = useSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // As in the member frame: after navigating, the new page's heading takes focus.
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    const target = mainRef.current?.querySelector<HTMLElement>('[data-page-title]');
    (target ?? mainRef.current)?.focus();
  }, [location.pathname]);

  const workspace = instance?.workspaceName ?? 'Parley';

  const handleSignOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut();
    } catch (error) {
      setSignOutError(errorMessage(error));
      setSigningOut(false);
    }
  };

  return (
    <div className="guest-shell">
      <a className="skip-link" href="#main">
        {t('guests.layout.skip')}
      </a>
      <header className="app-header guest-header">
        <BrandMark size={28} />
        <span className="guest-workspace">{workspace}</span>
        <nav className="guest-nav" aria-label={t('guests.layout.nav')}>
          <NavLink
            to="/consultations"
            end
            className={({ isActive }) => `guest-nav-link${isActive ? ' is-active' : ''}`}
          >
            <Icon name="video" />
            <span>{t('guests.layout.consultations')}</span>
          </NavLink>
          <NavLink to="/claim" className={({ isActive }) => `guest-nav-link${isActive ? ' is-active' : ''}`}>
            <Icon name="user" />
            <span>{t('guests.layout.claim')}</span>
          </NavLink>
        </nav>
        <div className="header-spacer" />
        <ConnectionIndicator />
        <span className="guest-name">
          <span className="sr-only">{t('guests.layout.signedInAs')} </span>
          {me.displayName}
          <span className="guest-badge">{t('guests.layout.guest')}</span>
        </span>
        <Button
          variant="ghost"
          size="sm"
          icon={<Icon name="logout" />}
          busy={signingOut}
          onClick={() => void handleSignOut()}
        >
          {t('guests.layout.signOut')}
        </Button>
      </header>
      <main className="app-main guest-main" id="main" ref={mainRef} tabIndex={-1}>
        {signOutError && (
          <Alert tone="error" title={t('guests.layout.stillSignedIn')} className="page-alert">
            {signOutError}
          </Alert>
        )}
        <Suspense fallback={<LoadingBlock />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

/** A guest's list of consultations (the list itself is consultations' page, routed inside). */
export function GuestConsultationsPage() {
  const { t } = useTranslation();
  return (
    <div className="page consultations-page">
      <PageHeader
        title={t('guests.consultations.title')}
        description={t('guests.consultations.description')}
      />
      <Outlet />
    </div>
  );
}
