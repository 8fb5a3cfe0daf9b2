import type { InstanceInfo, Me, MfaSetupDue, SessionResponse, SessionState } from '@parley/shared';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  ApiRequestError,
  errorMessage,
  rememberCsrfToken,
  setMfaSetupRequiredListener,
  setUnauthorizedListener,
} from '../api/client';
import { browserOrStoredLocale, localeFor, setLocale, t } from '../i18n';
import { sessionApi as api } from './session.api';

export type SessionStatus = 'loading' | 'ready' | 'error';

export interface SessionContextValue {
  status: SessionStatus;
  /** Public facts about the instance; null until loaded. */
  instance: InstanceInfo | null;
  /** The signed-in person, or null when signed out. */
  user: Me | null;
  /**
   * A second factor the organisation requires and this person has not set up (null: nothing due).
   * `blocked`: past the grace period, the session may only set one up or sign out.
   */
  mfaSetup: MfaSetupDue | null;
  /** Asks the server again whether a second factor is due (after setting one up). */
  refreshMfaSetup: () => Promise<void>;
  /** Why loading failed, when status is 'error'. */
  loadError: string | null;
  /** A message for the sign-in page, e.g. after the session was ended elsewhere. */
  notice: string | null;
  /** True after the person pressed Sign out, so the sign-in page doesn't offer to return to where they were. */
  signedOutByChoice: boolean;
  clearNotice: () => void;
  reload: () => void;
  /** Store the answer of setup, login or register. */
  signedIn: (session: SessionResponse) => void;
  /** Ask the server to end the session, then forget it locally. */
  signOut: () => Promise<void>;
  /** Forget the session without asking the server (it is already gone), leaving a notice for the sign-in page. */
  endLocally: (notice: string) => void;
  setUser: (user: Me) => void;
  refreshUser: () => Promise<void>;
  refreshInstance: () => Promise<void>;
  updateInstance: (patch: Partial<InstanceInfo>) => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in person; only for components rendered behind the sign-in guard. */
export function useMe(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useMe needs a signed-in user');
  return user;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [instance, setInstance] = useState<InstanceInfo | null>(null);
  const [user, setUserState] = useState<Me | null>(null);
  const [mfaSetup, setMfaSetup] = useState<MfaSetupDue | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [signedOutByChoice, setSignedOutByChoice] = useState(false);
  const userRef = useRef<Me | null>(null);
  userRef.current = user;

  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    setLoadError(null);
    const signedOut: SessionState = { user: null, mfaSetup: null };
    const stateOrNone = api.state(controller.signal).catch((error: unknown) => {
      if (error instanceof ApiRequestError && (error.status === 401 || error.code === 'setup_required')) {
        return signedOut;
      }
      throw error;
    });
    Promise.all([api.instance(controller.signal), stateOrNone])
      .then(([info, state]) => {
        setInstance(info);
        setUserState(info.needsSetup ? null : state.user);
        setMfaSetup(info.needsSetup || !state.user ? null : state.mfaSetup);
        setStatus('ready');
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoadError(errorMessage(error));
        setStatus('error');
      });
    return () => controller.abort();
  }, [attempt]);

  const endLocally = useCallback((message: string) => {
    rememberCsrfToken(null);
    setSignedOutByChoice(false);
    setUserState(null);
    setMfaSetup(null);
    setNotice(message);
  }, []);

  useEffect(() => {
    setUnauthorizedListener(() => {
      if (userRef.current) endLocally(t('auth.sessionEnded'));
    });
    return () => setUnauthorizedListener(null);
  }, [endLocally]);

  // The interface speaks the signed-in person's language (else the browser's); signed out, what the
  // sign-in page's picker chose on this browser (else the browser's).
  const userLocale = user?.locale;
  const signedIn = user !== null;
  useEffect(() => {
    if (status !== 'ready') return;
    void setLocale(signedIn ? localeFor(userLocale) : browserOrStoredLocale());
  }, [status, signedIn, userLocale]);

  // The grace period ended while the page was open: show the setup the server now insists on.
  useEffect(() => {
    setMfaSetupRequiredListener(() => {
      if (userRef.current) setMfaSetup((current) => ({ enrollBy: current?.enrollBy ?? null, blocked: true }));
    });
    return () => setMfaSetupRequiredListener(null);
  }, []);

  const refreshUser = useCallback(async () => {
    setUserState(await api.me());
  }, []);

  const refreshMfaSetup = useCallback(async () => {
    const state = await api.state();
    if (state.user) setUserState(state.user);
    setMfaSetup(state.user ? state.mfaSetup : null);
  }, []);

  const refreshInstance = useCallback(async () => {
    setInstance(await api.instance());
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      instance,
      user,
      mfaSetup,
      refreshMfaSetup,
      loadError,
      notice,
      signedOutByChoice,
      clearNotice: () => setNotice(null),
      reload: () => setAttempt((n) => n + 1),
      signedIn: (session) => {
        rememberCsrfToken(session.csrfToken);
        setSignedOutByChoice(false);
        setNotice(null);
        setUserState(session.user);
        setMfaSetup(session.mfaSetup ?? null);
        setInstance((current) => (current ? { ...current, needsSetup: false } : current));
      },
      signOut: async () => {
        let providerLogout: string | undefined;
        try {
          providerLogout = (await api.logout())?.redirectTo;
        } catch (error) {
          // Already signed out on the server: that is the outcome we wanted.
          if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
        }
        rememberCsrfToken(null);
        setNotice(null);
        setSignedOutByChoice(true);
        setUserState(null);
        setMfaSetup(null);
        // Signed in through an identity provider: sign out there too; it sends the browser back to /login.
        if (providerLogout) window.location.assign(providerLogout);
      },
      endLocally,
      setUser: setUserState,
      refreshUser,
      refreshInstance,
      updateInstance: (patch) => setInstance((current) => (current ? { ...current, ...patch } : current)),
    }),
    [
      status,
      instance,
      user,
      mfaSetup,
      refreshMfaSetup,
      loadError,
      notice,
      signedOutByChoice,
      endLocally,
      refreshUser,
      refreshInstance,
    ],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
