import { useTranslation } from 'react-i18next';
import { Suspense, useEffect, useRef } from 'react';
import { Navigate, Route, Routes, useLocation, useMatch, useSearchParams } from 'react-router-dom';
import { useSession } from './auth/session';
import { Button } from './components/Button';
import { Icon } from './components/Icon';
import { LoadingBlock } from './components/Spinner';
import { lazyPage } from './lib/lazyPage';
import { safeNextPath } from './lib/nextPath';
import { useOnline } from './lib/serviceWorker';

// Every page and the signed-in frame load with their own chunk the first time they render, so a first
// visit downloads only what its page needs (scripts/page-weight.mjs measures it).
const AppLayout = lazyPage(() => import('./layout/AppLayout'), 'AppLayout');
const AdminLayout = lazyPage(() => import('./features/admin/AdminLayout'), 'AdminLayout');
const AdminPeoplePage = lazyPage(() => import('./features/admin/AdminPeoplePage'), 'AdminPeoplePage');
const WorkspaceSettingsPage = lazyPage(
  () => import('./features/admin/WorkspaceSettingsPage'),
  'WorkspaceSettingsPage',
);
const VideoCallsSettingsPage = lazyPage(
  () => import('./features/admin/VideoCallsSettingsPage'),
  'VideoCallsSettingsPage',
);
const AdminCallLogPage = lazyPage(() => import('./features/admin/AdminCallLogPage'), 'AdminCallLogPage');
const AdminAccessLogPage = lazyPage(
  () => import('./features/admin/AdminAccessLogPage'),
  'AdminAccessLogPage',
);
const AdminFeedbackPage = lazyPage(() => import('./features/admin/AdminFeedbackPage'), 'AdminFeedbackPage');
const ConsultationsSettingsPage = lazyPage(
  () => import('./features/admin/ConsultationsSettingsPage'),
  'ConsultationsSettingsPage',
);
const LimitsSettingsPage = lazyPage(
  () => import('./features/admin/LimitsSettingsPage'),
  'LimitsSettingsPage',
);
const CallsPage = lazyPage(() => import('./features/calls/CallsPage'), 'CallsPage');
const ConsultationsLayout = lazyPage(
  () => import('./features/consultations/ConsultationsLayout'),
  'ConsultationsLayout',
);
const ConsultationPage = lazyPage(
  () => import('./features/consultations/ConsultationPage'),
  'ConsultationPage',
);
const MyConsultationsPage = lazyPage(
  () => import('./features/consultations/MyConsultationsPage'),
  'MyConsultationsPage',
);
const ProviderDashboardPage = lazyPage(
  () => import('./features/consultations/ProviderDashboardPage'),
  'ProviderDashboardPage',
);
const AvailabilityPage = lazyPage(() => import('./features/providers/AvailabilityPage'), 'AvailabilityPage');
const ProviderProfilePage = lazyPage(
  () => import('./features/providers/ProviderProfilePage'),
  'ProviderProfilePage',
);
const FindProviderPage = lazyPage(() => import('./features/providers/FindProviderPage'), 'FindProviderPage');
const ProviderBookingPage = lazyPage(
  () => import('./features/consultations/ProviderBookingPage'),
  'ProviderBookingPage',
);
const HomePage = lazyPage(() => import('./features/home/HomePage'), 'HomePage');
const RoomPage = lazyPage(() => import('./features/chat/RoomPage'), 'RoomPage');
const ThreadsPage = lazyPage(() => import('./features/chat/ThreadsPage'), 'ThreadsPage');
const LoginPage = lazyPage(() => import('./features/auth/LoginPage'), 'LoginPage');
const MfaPage = lazyPage(() => import('./features/auth/MfaPage'), 'MfaPage');
const ForgotPasswordPage = lazyPage(() => import('./features/auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const NotFoundPage = lazyPage(() => import('./features/home/NotFoundPage'), 'NotFoundPage');
const PeoplePage = lazyPage(() => import('./features/people/PeoplePage'), 'PeoplePage');
const ProfilePage = lazyPage(() => import('./features/profile/ProfilePage'), 'ProfilePage');
const ProfileLayout = lazyPage(() => import('./features/profile/ProfileLayout'), 'ProfileLayout');
const SecurityPage = lazyPage(() => import('./features/profile/SecurityPage'), 'SecurityPage');
const MfaSetupPage = lazyPage(() => import('./features/profile/MfaSetupPage'), 'MfaSetupPage');
const SignInSettingsPage = lazyPage(
  () => import('./features/admin/SignInSettingsPage'),
  'SignInSettingsPage',
);
const RegisterPage = lazyPage(() => import('./features/auth/RegisterPage'), 'RegisterPage');
const ResetPasswordPage = lazyPage(() => import('./features/auth/ResetPasswordPage'), 'ResetPasswordPage');
const SetupPage = lazyPage(() => import('./features/auth/SetupPage'), 'SetupPage');
const GuestsSettingsPage = lazyPage(
  () => import('./features/admin/GuestsSettingsPage'),
  'GuestsSettingsPage',
);
const GuestCallPage = lazyPage(() => import('./features/guests/GuestCallPage'), 'GuestCallPage');
// Guests (issue 19): personal links, the guest frame, public booking pages.
const VisitPage = lazyPage(() => import('./features/guests/VisitPage'), 'VisitPage');
const PublicBookingPage = lazyPage(() => import('./features/guests/PublicBookingPage'), 'PublicBookingPage');
const GuestLayout = lazyPage(() => import('./features/guests/GuestLayout'), 'GuestLayout');
const GuestConsultationsPage = lazyPage(
  () => import('./features/guests/GuestLayout'),
  'GuestConsultationsPage',
);
const ClaimPage = lazyPage(() => import('./features/guests/ClaimPage'), 'ClaimPage');
// Files and search (issue 20).
const SearchPage = lazyPage(() => import('./features/search/SearchPage'), 'SearchPage');
const FilesSettingsPage = lazyPage(() => import('./features/admin/FilesSettingsPage'), 'FilesSettingsPage');

function RedirectToLogin() {
  const location = useLocation();
  const { signedOutByChoice } = useSession();
  if (signedOutByChoice) return <Navigate to="/login" replace />;
  const here = location.pathname + location.search;
  const next = safeNextPath(here);
  return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
}

function RedirectAfterSignIn() {
  const [params] = useSearchParams();
  return <Navigate to={safeNextPath(params.get('next'))} replace />;
}

/** What shows while the session, or the first page's chunk, loads. */
function BootLoading() {
  const { t } = useTranslation();
  return (
    <div className="boot">
      <LoadingBlock label={t('app.loading')} />
    </div>
  );
}

/**
 * The server did not answer: offline (the service worker's cached shell got this far), it tries
 * again by itself when the network is back; otherwise the person may.
 */
function BootError({ loadError, reload }: { loadError: string | null; reload: () => void }) {
  const { t } = useTranslation();
  const online = useOnline();
  const wasOffline = useRef(!online);
  useEffect(() => {
    if (!online) wasOffline.current = true;
    else if (wasOffline.current) {
      wasOffline.current = false;
      reload();
    }
  }, [online, reload]);
  return (
    <div className="boot">
      <div className="boot-card" role="alert">
        <span className="boot-icon" aria-hidden="true">
          <Icon name="alert" />
        </span>
        <h1>{online ? t('app.loadFailedTitle') : t('app.offlineTitle')}</h1>
        <p>{online ? (loadError ?? t('app.noAnswer')) : t('app.offline')}</p>
        <Button onClick={reload}>{t('common.tryAgain')}</Button>
      </div>
    </div>
  );
}

export function AppRoutes() {
  const { status, instance, user, mfaSetup, loadError, reload } = useSession();
  // A call guest link (issue 19) opens the same page signed in or out, whatever the session is doing.
  const guestLink = useMatch('/guest/:token');

  if (guestLink) {
    return (
      <Suspense fallback={<BootLoading />}>
        <Routes>
          <Route path="/guest/:token" element={<GuestCallPage />} />
        </Routes>
      </Suspense>
    );
  }

  if (status === 'loading') return <BootLoading />;

  if (status === 'error' || !instance) return <BootError loadError={loadError} reload={reload} />;

  if (instance.needsSetup) {
    return (
      <Suspense fallback={<BootLoading />}>
        <Routes>
          <Route path="/setup" element={<SetupPage />} />
          <Route path="*" element={<Navigate to="/setup" replace />} />
        </Routes>
      </Suspense>
    );
  }

  if (!user) {
    return (
      <Suspense fallback={<BootLoading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/login/mfa" element={<MfaPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/setup" element={<Navigate to="/login" replace />} />
          <Route path="/visit/:token" element={<VisitPage />} />
          <Route path="/book/:handle" element={<PublicBookingPage />} />
          <Route path="*" element={<RedirectToLogin />} />
        </Routes>
      </Suspense>
    );
  }

  if (user.guest) {
    // A guest session (a personal link): only their consultations and a way to create an account.
    return (
      <Suspense fallback={<BootLoading />}>
        <Routes>
          <Route path="/visit/:token" element={<VisitPage />} />
          <Route path="/book/:handle" element={<PublicBookingPage />} />
          <Route element={<GuestLayout />}>
            <Route path="consultations" element={<GuestConsultationsPage />}>
              <Route index element={<MyConsultationsPage />} />
            </Route>
            <Route path="consultations/:consultationId" element={<ConsultationPage />} />
            <Route path="claim" element={<ClaimPage />} />
            <Route path="*" element={<Navigate to="/consultations" replace />} />
          </Route>
        </Routes>
      </Suspense>
    );
  }

  if (mfaSetup?.blocked) {
    // Past the grace period: the session may only set up a second factor or sign out.
    return (
      <Suspense fallback={<BootLoading />}>
        <MfaSetupPage />
      </Suspense>
    );
  }

  return (
    <Suspense fallback={<BootLoading />}>
      <Routes>
        <Route path="/login" element={<RedirectAfterSignIn />} />
        <Route path="/login/mfa" element={<RedirectAfterSignIn />} />
        <Route path="/forgot-password" element={<RedirectAfterSignIn />} />
        <Route path="/register" element={<RedirectAfterSignIn />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/setup" element={<Navigate to="/" replace />} />
        <Route path="/visit/:token" element={<VisitPage />} />
        <Route path="/book/:handle" element={<PublicBookingPage />} />
        {/* Where a guest lands after turning their link into an account (or a member following an old link). */}
        <Route path="/claim" element={<Navigate to="/consultations" replace />} />
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="people" element={<PeoplePage />} />
          <Route path="rooms/:roomId" element={<RoomPage />}>
            {/* The room with one of its threads open (issue 20): RoomPage reads it with useMatch. */}
            <Route path="thread/:rootId" element={null} />
          </Route>
          <Route path="threads" element={<ThreadsPage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="calls" element={<CallsPage />} />
          <Route path="consultations" element={<ConsultationsLayout />}>
            <Route index element={<MyConsultationsPage />} />
            <Route path="book" element={<FindProviderPage />} />
            <Route path="book/:providerId" element={<ProviderBookingPage />} />
            <Route path="dashboard" element={<ProviderDashboardPage />} />
            <Route path="availability" element={<AvailabilityPage />} />
            <Route path="profile" element={<ProviderProfilePage />} />
          </Route>
          <Route path="consultations/:consultationId" element={<ConsultationPage />} />
          <Route path="profile" element={<ProfileLayout />}>
            <Route index element={<ProfilePage />} />
            <Route path="security" element={<SecurityPage />} />
          </Route>
          <Route path="admin" element={<AdminLayout />}>
            <Route index element={<Navigate to="workspace" replace />} />
            <Route path="workspace" element={<WorkspaceSettingsPage />} />
            <Route path="people" element={<AdminPeoplePage />} />
            <Route path="video-calls" element={<VideoCallsSettingsPage />} />
            <Route path="call-log" element={<AdminCallLogPage />} />
            <Route path="consultations" element={<ConsultationsSettingsPage />} />
            <Route path="access-log" element={<AdminAccessLogPage />} />
            <Route path="feedback" element={<AdminFeedbackPage />} />
            <Route path="limits" element={<LimitsSettingsPage />} />
            <Route path="sign-in" element={<SignInSettingsPage />} />
            <Route path="guests" element={<GuestsSettingsPage />} />
            <Route path="files" element={<FilesSettingsPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
