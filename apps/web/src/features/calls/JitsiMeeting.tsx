import type { CallClientEvent, JoinCallResponse } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { browserCanEncrypt, e2eeOptions, mediaKeyOnRejoin } from './e2ee';
import { loadJitsiApi, type JitsiMeetApi } from './jitsi';
import { MeetingLoadState } from './MeetingLoadState';

type Reported = CallClientEvent['type'];

/**
 * The meeting itself: Jitsi's IFrame API from the configured server, built with the options the join
 * answer carries (room, token, config overrides including the Chrome extension id). What it sees is
 * passed to `onEvent`; leaving (unmount, or the page going away) reports the leave; `readyToClose`
 * (hung up inside Jitsi) calls `onClose`.
 */
export function JitsiMeeting({
  join,
  onEvent,
  onLeaveWhileUnloading,
  onClose,
}: {
  join: JoinCallResponse;
  onEvent: (type: Reported) => void;
  /** The page is going away: a report that must outlive it. */
  onLeaveWhileUnloading: () => void;
  onClose: () => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onEvent, onLeaveWhileUnloading, onClose });
  handlers.current = { onEvent, onLeaveWhileUnloading, onClose };
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let api: JitsiMeetApi | null = null;
    let gone = false;
    /** Whether this meeting entered the conference (so leaving is worth reporting). */
    let joined = false;
    const listeners: [string, (...args: unknown[]) => void][] = [];
    setStatus('loading');

    loadJitsiApi(join.scriptUrl)
      .then((JitsiMeetExternalAPI) => {
        const parentNode = parentRef.current;
        if (gone || !parentNode) return;
        const { configOverwrite, ...iframe } = join.iframe as { configOverwrite?: Record<string, unknown> };
        // The call's media key, when it is encrypted and this browser can (only through the API).
        const encryption = e2eeOptions(join.e2ee, configOverwrite, browserCanEncrypt());
        const keyOnJoin = mediaKeyOnRejoin(encryption);
        const meeting = new JitsiMeetExternalAPI(join.domain, {
          ...iframe,
          ...encryption,
          parentNode,
          width: '100%',
          height: '100%',
        });
        api = meeting;
        const on = (event: string, listener: (...args: unknown[]) => void) => {
          api?.addListener(event, listener);
          listeners.push([event, listener]);
        };
        on('videoConferenceJoined', () => {
          keyOnJoin(meeting);
          joined = true;
          handlers.current.onEvent('videoConferenceJoined');
        });
        on('videoConferenceLeft', () => {
          if (!joined) return;
          joined = false;
          handlers.current.onEvent('videoConferenceLeft');
        });
        // Jitsi's participant ids are its own; the server learns who from each person's own report.
        on('participantJoined', () => handlers.current.onEvent('participantJoined'));
        on('participantLeft', () => handlers.current.onEvent('participantLeft'));
        on('readyToClose', () => handlers.current.onClose());
        setStatus('ready');
      })
      .catch((e: unknown) => {
        if (gone) return;
        setError(e instanceof Error ? e.message : 'The meeting could not be loaded.');
        setStatus('error');
      });

    const unloading = () => {
      if (!joined) return;
      joined = false;
      handlers.current.onLeaveWhileUnloading();
    };
    window.addEventListener('pagehide', unloading);
    return () => {
      gone = true;
      window.removeEventListener('pagehide', unloading);
      if (api) {
        for (const [event, listener] of listeners) api.removeListener(event, listener);
        try {
          api.dispose();
        } catch {
          // Already torn down by Jitsi itself.
        }
      }
      if (joined) handlers.current.onEvent('videoConferenceLeft');
    };
  }, [join, attempt]);

  return (
    <div className="jitsi-meeting">
      <MeetingLoadState
        status={status}
        error={error}
        stillWorks={
          join.e2ee
            ? 'An encrypted call runs only here, where its key is.'
            : 'You can still open it in a new tab.'
        }
        className="jitsi-meeting-state"
        onRetry={() => setAttempt((n) => n + 1)}
      />
      <div ref={parentRef} className="jitsi-meeting-frame" />
    </div>
  );
}
