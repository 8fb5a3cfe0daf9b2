import type { JoinE2ee } from '@parley/shared';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../../i18n';
import { sayText, saying, type Said } from '../chat';
import { browserCanEncrypt, e2eeOptions, mediaKeyOnRejoin } from './e2ee';
import { loadJitsiApi, type JitsiMeetApi } from './jitsi';
import { MeetingLoadError } from './meetingLoadError';
import { MeetingLoadState } from './MeetingLoadState';

type Listener = (data: unknown) => void;

/** One meeting frame's run (a load, or a retry): whether it is in the conference, whether it is gone. */
export interface JitsiSession {
  /** This frame entered the conference, so leaving is worth reporting. */
  joined: boolean;
  /** The frame was taken down (unmount, another join, a retry): nothing more is reported. */
  gone: boolean;
}

export interface JitsiFrameSetup {
  /** From the server's join answer: `external_api.js` on the configured Jitsi server, never a CDN. */
  scriptUrl: string;
  domain: string;
  /** The join answer's IFrame API options; its `configOverwrite` is merged under `config`. */
  iframe: Record<string, unknown>;
  /** The call's media key, when it is encrypted (used only where this browser can). */
  e2ee: JoinE2ee | undefined;
  /** Options before the join answer's (room name, token). */
  base?: Record<string, unknown>;
  /** Configuration over the join answer's (start muted as chosen…). */
  config?: Record<string, unknown>;
  /** The conference was entered; `again` when this frame was in already (Jitsi reloaded its page). */
  onJoined: (again: boolean) => void;
  /**
   * At the start of each run: the other Jitsi events to listen to, by name. A listener that ends the
   * meeting sets `session.joined` to false once it reported the leave.
   */
  listen: (session: JitsiSession) => Record<string, Listener>;
  /** Left while in the conference: the frame went (`unloading` false) or the page is going away (true). */
  onGone: (unloading: boolean) => void;
}

export interface JitsiFrameHandle {
  status: 'loading' | 'ready' | 'error';
  error: string;
  retry: () => void;
  parentRef: RefObject<HTMLDivElement | null>;
  /** Sends a command to the meeting (nothing while it is not loaded). */
  command: (name: string, ...args: unknown[]) => void;
}

/**
 * Jitsi's IFrame API in a frame of the page, for calls and consultations alike: loads the script,
 * builds the meeting with the join answer's options (and the media key of an encrypted call), hands
 * its events to the caller and, when the frame goes or the page unloads while in the conference,
 * says so once; the meeting is disposed with the frame. It runs again when `deps` change or on retry.
 */
export function useJitsiFrame(setup: JitsiFrameSetup, deps: unknown[]): JitsiFrameHandle {
  const parentRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<JitsiMeetApi | null>(null);
  const latest = useRef(setup);
  latest.current = setup;
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  // Kept as its key: the language can change while the error is shown (useTranslation re-renders then).
  const [error, setError] = useState<Said>('');
  useTranslation();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const { scriptUrl, domain, iframe: options, e2ee, base, config, listen } = latest.current;
    let api: JitsiMeetApi | null = null;
    const session: JitsiSession = { joined: false, gone: false };
    const listeners: [string, Listener][] = [];
    const others = listen(session);
    setStatus('loading');

    const { configOverwrite, ...iframe } = options as { configOverwrite?: Record<string, unknown> };
    loadJitsiApi(scriptUrl)
      .then((JitsiMeetExternalAPI) => {
        const parentNode = parentRef.current;
        if (session.gone || !parentNode) return;
        const encryption = e2eeOptions(
          e2ee,
          config ? { ...configOverwrite, ...config } : configOverwrite,
          browserCanEncrypt(),
        );
        const keyOnJoin = mediaKeyOnRejoin(encryption);
        const meeting = new JitsiMeetExternalAPI(domain, {
          ...base,
          ...iframe,
          ...encryption,
          parentNode,
          width: '100%',
          height: '100%',
        });
        api = meeting;
        apiRef.current = meeting;
        // Jitsi's frame comes without a name; screen readers (and axe) want one.
        const frameElement = parentNode.querySelector('iframe');
        if (frameElement && !frameElement.title) frameElement.title = t('calls.meeting.frameTitle');
        const on = (event: string, listener: Listener) => {
          meeting.addListener(event, listener);
          listeners.push([event, listener]);
        };
        on('videoConferenceJoined', () => {
          // Before anything else: a page Jitsi reloaded joins again without a leave and needs the key.
          keyOnJoin(meeting);
          const again = session.joined;
          session.joined = true;
          latest.current.onJoined(again);
        });
        for (const [event, listener] of Object.entries(others)) on(event, listener);
        setStatus('ready');
      })
      .catch((e: unknown) => {
        if (session.gone) return;
        setError(
          e instanceof MeetingLoadError
            ? e.said
            : e instanceof Error
              ? e.message
              : saying('calls.meeting.loadFailedSentence'),
        );
        setStatus('error');
      });

    const unloading = () => {
      if (!session.joined) return;
      session.joined = false;
      latest.current.onGone(true);
    };
    window.addEventListener('pagehide', unloading);
    return () => {
      session.gone = true;
      apiRef.current = null;
      window.removeEventListener('pagehide', unloading);
      if (api) {
        for (const [event, listener] of listeners) api.removeListener(event, listener);
        try {
          api.dispose();
        } catch {
          // Already torn down by Jitsi itself.
        }
      }
      if (session.joined) latest.current.onGone(false);
    };
    // The caller's deps decide when to build the meeting again, plus every retry.
  }, [...deps, attempt]);

  return {
    status,
    error: sayText(error),
    retry: () => setAttempt((n) => n + 1),
    parentRef,
    command: (name, ...args) => apiRef.current?.executeCommand(name, ...args),
  };
}

/**
 * Where the meeting goes: while Jitsi's script loads (or when it could not) its state, then the
 * frame Jitsi fills. `classPrefix` names both (`<prefix>-state`, `<prefix>-frame`).
 */
export function JitsiFrame({
  frame,
  stillWorks,
  classPrefix,
}: {
  frame: JitsiFrameHandle;
  /** The sentence after a load error, e.g. "The chat still works." */
  stillWorks: string;
  classPrefix: string;
}) {
  return (
    <>
      <MeetingLoadState
        status={frame.status}
        error={frame.error}
        stillWorks={stillWorks}
        className={`${classPrefix}-state`}
        onRetry={frame.retry}
      />
      <div ref={frame.parentRef} className={`${classPrefix}-frame`} />
    </>
  );
}
