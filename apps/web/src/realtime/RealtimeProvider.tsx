import { t as translate } from '../i18n';
import { useTranslation } from 'react-i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import { useSession } from '../auth/session';
import { RealtimeContext, useRealtime, type ConnectionState, type ParleySocket } from './realtimeContext';
import { useSocketEvent } from './useSocketEvent';

const sessionRevokedNotice = (): string => translate('realtime.sessionRevoked');

/** Keeps one socket open while someone is signed in and reacts to the events that concern them. */
export function RealtimeProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const { endLocally, refreshUser } = useSession();
  const [state, setState] = useState<ConnectionState>('connecting');
  const [socket, setSocket] = useState<ParleySocket | null>(null);

  useEffect(() => {
    const s: ParleySocket = io({ withCredentials: true });
    setSocket(s);
    setState('connecting');
    s.on('connect', () => setState('connected'));
    s.on('disconnect', () => setState('reconnecting'));
    s.on('connect_error', () => setState('reconnecting'));
    s.on('session:revoked', () => {
      endLocally(sessionRevokedNotice());
    });
    return () => {
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
    };
  }, [userId, endLocally]);

  return (
    <RealtimeContext.Provider value={{ state, socket }}>
      <OwnProfileUpdates userId={userId} refreshUser={refreshUser} />
      {children}
    </RealtimeContext.Provider>
  );
}

/** A change to your own profile made elsewhere (another tab, an admin) shows up here too. */
function OwnProfileUpdates({ userId, refreshUser }: { userId: string; refreshUser: () => Promise<void> }) {
  useSocketEvent('user:updated', (user) => {
    if (user.id !== userId) return;
    refreshUser().catch(() => {
      // The next page load picks the change up; nothing to tell the person.
    });
  });
  return null;
}

export function ConnectionIndicator() {
  const { t } = useTranslation();
  const { state } = useRealtime();
  return (
    <span
      className={`connection connection-${state}`}
      role="status"
      title={t('realtime.title', { state: t(`realtime.state.${state}`) })}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">
        <span className="sr-only">{t('realtime.label')} </span>
        {t(`realtime.state.${state}`)}
      </span>
    </span>
  );
}
