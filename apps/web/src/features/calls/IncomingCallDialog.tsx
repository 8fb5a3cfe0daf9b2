import type { Call, PublicUser } from '@parley/shared';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { t as translate } from '../../i18n';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { notificationsEnabled } from '../chat';
import { useCallsActions } from './callsActions';
import { shownIncoming } from './callsState';
import { useCalls } from './callsStore';

/** The shipped ring (apps/web/public/sounds/ring.wav, made by scripts/make-ring.mjs). */
export const RING_URL = `${import.meta.env.BASE_URL}sounds/ring.wav`;

/**
 * The call that rings me, on every device: caller, room, Accept and Decline, a ring in a loop, and a
 * browser notification while the tab is hidden. Escape hides it and silences the ring here without
 * answering (the caller keeps ringing my other devices; the room's call message still has Join).
 * Nothing is focused inside at first, so an Enter meant for the composer does not answer a call.
 */
export function IncomingCallDialog() {
  const incoming = useCalls(shownIncoming);
  const call = useCalls((s) => (incoming ? s.calls[incoming.callId] : undefined));
  const others = useCalls((s) => s.incoming.filter((i) => !i.hidden).length - 1);
  if (!incoming || !call) return null;
  return <Ringing key={call.id} call={call} caller={incoming.caller} others={others} />;
}

function Ringing({ call, caller, others }: { call: Call; caller: PublicUser; others: number }) {
  const { t } = useTranslation();
  const actions = useCallsActions();
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ringRef = useRef<HTMLAudioElement>(null);
  const { blocked, enable } = useRing(ringRef);
  useCallNotification(call, caller);

  const where =
    call.type === 'direct'
      ? t('calls.incoming.direct')
      : t('calls.incoming.inRoom', { room: call.roomDisplayName });
  const accept = async () => {
    setBusy('accept');
    setError(null);
    try {
      await actions.accept(call.id);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
    }
  };
  const decline = async () => {
    setBusy('decline');
    await actions.decline(call.id);
  };

  return (
    <Dialog
      title={t('calls.incoming.title')}
      className="incoming-call-dialog"
      initialFocus=".incoming-call"
      onClose={() => actions.hide(call.id)}
      actions={
        <>
          <Button
            variant="danger"
            icon={<Icon name="phoneOff" />}
            busy={busy === 'decline'}
            disabled={busy === 'accept'}
            onClick={() => void decline()}
          >
            {t('calls.incoming.decline')}
          </Button>
          <Button
            className="incoming-call-accept"
            icon={<Icon name="phone" />}
            busy={busy === 'accept'}
            disabled={busy === 'decline'}
            onClick={() => void accept()}
          >
            {t('calls.incoming.accept')}
          </Button>
        </>
      }
    >
      <div className="incoming-call" tabIndex={-1}>
        <span className="incoming-call-avatar">
          <Avatar user={caller} size="xl" decorative />
        </span>
        <p className="incoming-call-name">
          <Trans
            i18nKey="calls.incoming.calling"
            values={{ name: caller.displayName }}
            components={{ b: <strong /> }}
          />
        </p>
        <p className="incoming-call-room">
          {where}
          {call.title && <> · {call.title}</>}
        </p>
        {others > 0 && <p className="muted">{t('calls.incoming.more', { count: others })}</p>}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {blocked && (
        <Button variant="secondary" size="sm" icon={<Icon name="bell" />} onClick={enable}>
          {t('calls.incoming.enableSound')}
        </Button>
      )}
      <p className="incoming-call-hint">
        <Trans i18nKey="calls.incoming.escHint" components={{ kbd: <kbd /> }} />
      </p>
      <audio ref={ringRef} src={RING_URL} loop preload="auto" className="ring-audio" />
    </Dialog>
  );
}

function tryPlay(audio: HTMLAudioElement): Promise<boolean> {
  try {
    const played = audio.play() as Promise<void> | undefined;
    // Old engines return nothing; assume it plays.
    if (!played) return Promise.resolve(true);
    return played.then(
      () => true,
      () => false,
    );
  } catch {
    return Promise.resolve(false);
  }
}

/** Rings in a loop while mounted; a browser that refuses sound without a click gets a button for it. */
function useRing(ref: RefObject<HTMLAudioElement | null>) {
  const [blocked, setBlocked] = useState(false);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    const audio = ref.current;
    if (audio) {
      void tryPlay(audio).then((ok) => {
        if (live.current && !ok) setBlocked(true);
      });
    }
    return () => {
      live.current = false;
      audio?.pause();
    };
  }, [ref]);
  const enable = () => {
    const audio = ref.current;
    if (!audio) return;
    void tryPlay(audio).then((ok) => {
      if (live.current) setBlocked(!ok);
    });
  };
  return { blocked, enable };
}

/** While the tab is hidden: a browser notification (if the person turned them on); closed when the ringing stops. */
function useCallNotification(call: Call, caller: PublicUser) {
  useEffect(() => {
    let notification: Notification | null = null;
    const show = () => {
      if (notification || document.visibilityState !== 'hidden' || !notificationsEnabled()) return;
      try {
        notification = new Notification(
          translate('calls.incoming.notification', { name: caller.displayName }),
          {
            body:
              call.type === 'direct'
                ? translate('calls.incoming.direct')
                : translate('calls.incoming.callIn', { room: call.roomDisplayName }),
            tag: `call-${call.id}`,
            requireInteraction: true,
          },
        );
        notification.onclick = () => {
          window.focus();
          notification?.close();
        };
      } catch {
        // Some browsers only allow notifications from a service worker.
      }
    };
    show();
    document.addEventListener('visibilitychange', show);
    return () => {
      document.removeEventListener('visibilitychange', show);
      notification?.close();
    };
  }, [call.id, call.type, call.roomDisplayName, caller.displayName]);
}
