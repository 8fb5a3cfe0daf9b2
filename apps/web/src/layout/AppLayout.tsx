import { useTranslation } from 'react-i18next';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { errorMessage } from '../api/client';
import { useMe, useSession } from '../auth/session';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { Button } from '../components/Button';
import { Icon, type IconName } from '../components/Icon';
import { LoadingBlock } from '../components/Spinner';
import { ConnectionIndicator, RealtimeProvider } from '../realtime/RealtimeProvider';
import { CallsProvider } from '../features/calls';
import { ChatFlash, ChatProvider, RoomSidebar } from '../features/chat';
import { ConsultationReminders } from '../features/consultations';
import { MfaSetupBanner } from '../features/profile';
import { SearchBox } from '../features/search';
import { BrandMark } from '../components/BrandMark';

function SidebarLink({
  to,
  icon,
  children,
  end,
}: {
  to: string;
  icon: IconName;
  children: string;
  end?: boolean;
}) {
  return (
    <NavLink to={to} end={end} className={({ isActive }) => `nav-link${isActive ? ' is-active' : ''}`}>
      <Icon name={icon} />
      <span>{children}</span>
    </NavLink>
  );
}

/** The signed-in frame: sidebar, header and the routed page. */
export function AppLayout() {
  const me = useMe();
  return (
    <RealtimeProvider userId={me.id}>
      <ChatProvider userId={me.id}>
        <CallsProvider userId={me.id}>
          <Shell />
          <ConsultationReminders />
        </CallsProvider>
      </ChatProvider>
    </RealtimeProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { instance, signOut } = useSession();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const firstPath = useRef(location.pathname);

  // After client-side navigation, focus the new page's heading so screen readers announce it, or
  // what the page says one uses first (a room's composer: what one types there is not lost).
  useEffect(() => {
    setNavOpen(false);
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    const target =
      mainRef.current?.querySelector<HTMLElement>('[data-page-focus]') ??
      mainRef.current?.querySelector<HTMLElement>('[data-page-title]');
    (target ?? mainRef.current)?.focus();
  }, [location.pathname]);

  useEffect(() => {
    if (!navOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setNavOpen(false);
        menuButtonRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navOpen]);

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

  const workspaceName = instance?.workspaceName ?? 'Parley';
  const isAdmin = me.role === 'admin';

  return (
    <div className={`app-shell${navOpen ? ' nav-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <aside className="sidebar" id="sidebar" aria-label={t('layout.workspace')}>
        <div className="sidebar-brand">
          <BrandMark size={28} />
          <span className="sidebar-workspace" title={workspaceName}>
            {workspaceName}
          </span>
          <button
            type="button"
            className="icon-button sidebar-close"
            onClick={() => {
              setNavOpen(false);
              menuButtonRef.current?.focus();
            }}
          >
            <Icon name="close" />
            <span className="sr-only">{t('layout.closeMenu')}</span>
          </button>
        </div>
        <nav className="sidebar-nav" aria-label={t('layout.nav.main')}>
          <SidebarLink to="/" icon="home" end>
            {t('layout.nav.home')}
          </SidebarLink>
          <SidebarLink to="/people" icon="users">
            {t('layout.nav.people')}
          </SidebarLink>
          <SidebarLink to="/calls" icon="phone">
            {t('layout.nav.calls')}
          </SidebarLink>
          <SidebarLink to="/consultations" icon="video">
            {t('layout.nav.consultations')}
          </SidebarLink>
        </nav>
        <RoomSidebar />
        <nav className="sidebar-nav sidebar-bottom" aria-label={t('layout.nav.account')}>
          <SidebarLink to="/profile" icon="user">
            {t('layout.nav.profile')}
          </SidebarLink>
          {isAdmin && (
            <SidebarLink to="/admin" icon="shield">
              {t('layout.nav.admin')}
            </SidebarLink>
          )}
        </nav>
      </aside>
      <div className="sidebar-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />

      <div className="app-column">
        <header className="app-header">
          <button
            ref={menuButtonRef}
            type="button"
            className="icon-button menu-button"
            aria-expanded={navOpen}
            aria-controls="sidebar"
            onClick={() => setNavOpen((open) => !open)}
          >
            <Icon name="menu" />
            <span className="sr-only">{t('layout.menu')}</span>
          </button>
          <span className="header-workspace">{workspaceName}</span>
          <SearchBox />
          <div className="header-spacer" />
          <ConnectionIndicator />
          <Link to="/profile" className="header-user">
            <Avatar user={me} size="sm" decorative />
            <span className="header-user-name">
              <span className="sr-only">{t('layout.yourProfile')} </span>
              {me.displayName}
            </span>
          </Link>
          <Button
            variant="ghost"
            size="sm"
            className="header-sign-out"
            icon={<Icon name="logout" />}
            busy={signingOut}
            onClick={() => void handleSignOut()}
          >
            {t('layout.signOut')}
          </Button>
        </header>
        <main className="app-main" id="main" ref={mainRef} tabIndex={-1}>
          {signOutError && (
            <Alert tone="error" title={t('layout.stillSignedIn')} className="page-alert">
              {signOutError}
            </Alert>
          )}
          <ChatFlash />
          <MfaSetupBanner />
          {/* A page's chunk loading on a first visit; later navigations keep the old page until it is in. */}
          <Suspense fallback={<LoadingBlock />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
