import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router-dom';
import { useSession } from './auth/session';
import { Button } from './components/Button';
import { Icon } from './components/Icon';
import { LoadingBlock } from './components/Spinner';
import { AppLayout } from './layout/AppLayout';
import { AdminLayout } from './features/admin/AdminLayout';
import { AdminPeoplePage } from './features/admin/AdminPeoplePage';
import { WorkspaceSettingsPage } from './features/admin/WorkspaceSettingsPage';
import { VideoCallsSettingsPage } from './features/admin/VideoCallsSettingsPage';
import { AdminCallLogPage } from './features/admin/AdminCallLogPage';
import { AdminAccessLogPage } from './features/admin/AdminAccessLogPage';
import { AdminFeedbackPage } from './features/admin/AdminFeedbackPage';
import { ConsultationsSettingsPage } from './features/admin/ConsultationsSettingsPage';
import { LimitsSettingsPage } from './features/admin/LimitsSettingsPage';
import { CallsPage } from './features/calls/CallsPage';
import { ConsultationsLayout } from './features/consultations/ConsultationsLayout';
import { ConsultationPage } from './features/consultations/ConsultationPage';
import { MyConsultationsPage } from './features/consultations/MyConsultationsPage';
import { ProviderDashboardPage } from './features/consultations/ProviderDashboardPage';
import { AvailabilityPage } from './features/providers/AvailabilityPage';
import { ProviderProfilePage } from './features/providers/ProviderProfilePage';
import { FindProviderPage } from './features/providers/FindProviderPage';
import { ProviderBookingPage } from './features/providers/ProviderBookingPage';
import { HomePage } from './features/home/HomePage';
import { RoomPage } from './features/chat/RoomPage';
import { LoginPage } from './features/auth/LoginPage';
import { NotFoundPage } from './features/home/NotFoundPage';
import { PeoplePage } from './features/people/PeoplePage';
import { ProfilePage } from './features/profile/ProfilePage';
import { RegisterPage } from './features/auth/RegisterPage';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage';
import { SetupPage } from './features/auth/SetupPage';

/** Only same-site paths are followed after sign-in, never `//elsewhere.example`. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (['/login', '/register', '/setup'].some((p) => next === p || next.startsWith(`${p}?`))) return '/';
  return next;
}

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

export function AppRoutes() {
  const { status, instance, user, loadError, reload } = useSession();

  if (status === 'loading') {
    return (
      <div className="boot">
        <LoadingBlock label="Loading Parley…" />
      </div>
    );
  }

  if (status === 'error' || !instance) {
    return (
      <div className="boot">
        <div className="boot-card" role="alert">
          <span className="boot-icon" aria-hidden="true">
            <Icon name="alert" />
          </span>
          <h1>Parley can’t load right now</h1>
          <p>{loadError ?? 'The server did not answer.'}</p>
          <Button onClick={reload}>Try again</Button>
        </div>
      </div>
    );
  }

  if (instance.needsSetup) {
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
    );
  }

  if (!user) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/setup" element={<Navigate to="/login" replace />} />
        <Route path="*" element={<RedirectToLogin />} />
      </Routes>
    );
  }

  return (
    <Routes>
      <Route path="/login" element={<RedirectAfterSignIn />} />
      <Route path="/register" element={<RedirectAfterSignIn />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/setup" element={<Navigate to="/" replace />} />
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="rooms/:roomId" element={<RoomPage />} />
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
        <Route path="profile" element={<ProfilePage />} />
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
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
