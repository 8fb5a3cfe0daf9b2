import type { ConsultationEventType, JoinConsultationResponse } from '@parley/shared';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import {
  browserCanEncrypt,
  e2eeOptions,
  EncryptionStatus,
  encryptionState,
  loadJitsiApi,
  mediaKeyOnRejoin,
  MeetingLoadState,
  type JitsiMeetApi,
} from '../calls';
import type { JoinChoices } from './PreJoin';

/** How long Leave waits for Jitsi to say it left before closing the meeting anyway. */
export const HANGUP_GRACE_MS = 2_000;

/** Reads `{ muted }` from Jitsi's audio/videoMuteStatusChanged. */
function mutedOf(data: unknown): boolean | null {
  if (typeof data !== 'object' || data === null || !('muted' in data)) return null;
  return typeof data.muted === 'boolean' ? data.muted : null;
}

/**
 * The consultation's meeting: Jitsi's IFrame API from the configured server, with the join answer's
 * options (token, per-role configuration; start muted as chosen before joining), under Parley's own
 * controls. The controls send Jitsi commands and show what Jitsi says back (mute events), and what
 * this browser sees is reported: joining and leaving, camera and microphone changes, the other
 * party entering and leaving.
 */
export function ConsultationMeeting({
  join,
  choices,
  chatOpen,
  onToggleChat,
  onReport,
  onReportWhileLeaving,
  onOtherPresence,
  onLeft,
  othersInClear = [],
  overlay,
}: {
  join: JoinConsultationResponse;
  choices: JoinChoices;
  chatOpen: boolean;
  onToggleChat: () => void;
  onReport: (type: ConsultationEventType) => void;
  /** The page is going away: a report that must outlive it. */
  onReportWhileLeaving: (type: ConsultationEventType) => void;
  onOtherPresence: (inCall: boolean) => void;
  /** The meeting is over for me (Leave, or hung up inside Jitsi). */
  onLeft: () => void;
  /** The other party, when they joined from a browser that cannot encrypt (an "offered" session). */
  othersInClear?: string[];
  /** Laid over the video (the waiting state). */
  overlay?: ReactNode;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<JitsiMeetApi | null>(null);
  const handlers = useRef({ onReport, onReportWhileLeaving, onOtherPresence, onLeft });
  handlers.current = { onReport, onReportWhileLeaving, onOtherPresence, onLeft };
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [audioMuted, setAudioMuted] = useState(choices.audioMuted);
  const [videoMuted, setVideoMuted] = useState(choices.videoMuted);
  const [leaving, setLeaving] = useState(false);
  /** What was last shown (and reported), so a repeated mute event is not reported twice. */
  const muted = useRef({ audio: choices.audioMuted, video: choices.videoMuted });
  const finish = useRef<(() => void) | null>(null);

  useEffect(() => {
    let api: JitsiMeetApi | null = null;
    let gone = false;
    /** Whether this meeting entered the conference, so leaving is worth reporting. */
    let joined = false;
    let done = false;
    const listeners: [string, (...args: unknown[]) => void][] = [];
    setStatus('loading');

    /** Leaving, once: reported if I was in, then the page is told. */
    const end = () => {
      if (done) return;
      done = true;
      if (joined) {
        joined = false;
        handlers.current.onReport('left');
      }
      handlers.current.onLeft();
    };
    finish.current = end;

    const { configOverwrite, ...iframe } = join.iframe as { configOverwrite?: Record<string, unknown> };
    loadJitsiApi(join.scriptUrl)
      .then((JitsiMeetExternalAPI) => {
        const parentNode = parentRef.current;
        if (gone || !parentNode) return;
        // The session's media key, when it is encrypted and this browser can (only through the API).
        const encryption = e2eeOptions(
          join.e2ee,
          {
            ...configOverwrite,
            // As chosen before joining, whatever the defaults say.
            startWithAudioMuted: choices.audioMuted,
            startWithVideoMuted: choices.videoMuted,
            prejoinPageEnabled: false,
          },
          browserCanEncrypt(),
        );
        const keyOnJoin = mediaKeyOnRejoin(encryption);
        const meeting = new JitsiMeetExternalAPI(join.domain, {
          roomName: join.roomName,
          ...(join.jwt ? { jwt: join.jwt } : {}),
          ...iframe,
          ...encryption,
          parentNode,
          width: '100%',
          height: '100%',
        });
        api = meeting;
        apiRef.current = meeting;
        const on = (event: string, listener: (...args: unknown[]) => void) => {
          api?.addListener(event, listener);
          listeners.push([event, listener]);
        };
        on('videoConferenceJoined', () => {
          // Before the "already joined" check: a page Jitsi reloaded joins again without a leave.
          keyOnJoin(meeting);
          if (joined) return;
          joined = true;
          handlers.current.onReport('joined');
        });
        on('videoConferenceLeft', end);
        on('readyToClose', end);
        on('audioMuteStatusChanged', (data) => {
          const value = mutedOf(data);
          if (value === null || value === muted.current.audio) return;
          muted.current.audio = value;
          setAudioMuted(value);
          handlers.current.onReport(value ? 'microphone_off' : 'microphone_on');
        });
        on('videoMuteStatusChanged', (data) => {
          const value = mutedOf(data);
          if (value === null || value === muted.current.video) return;
          muted.current.video = value;
          setVideoMuted(value);
          handlers.current.onReport(value ? 'camera_off' : 'camera_on');
        });
        // One other party: anyone else in the room is them (the token admits no one else).
        on('participantJoined', () => {
          handlers.current.onOtherPresence(true);
          handlers.current.onReport('other_joined');
        });
        on('participantLeft', () => {
          handlers.current.onOtherPresence(false);
          handlers.current.onReport('other_left');
        });
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
      handlers.current.onReportWhileLeaving('left');
    };
    window.addEventListener('pagehide', unloading);
    return () => {
      gone = true;
      done = true;
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
      if (joined) handlers.current.onReport('left');
    };
    // The choices are the start; later changes come from Jitsi's events.
  }, [join, attempt]);

  const command = (name: string) => apiRef.current?.executeCommand(name);
  const leave = () => {
    setLeaving(true);
    command('hangup');
    // Jitsi says videoConferenceLeft/readyToClose; if it does not, the meeting closes anyway.
    window.setTimeout(() => finish.current?.(), HANGUP_GRACE_MS);
  };
  const ready = status === 'ready';

  return (
    <div className="meeting">
      {ready && join.e2ee && (
        <div className="meeting-encryption">
          <EncryptionStatus state={encryptionState(join.e2ee, browserCanEncrypt(), othersInClear)} />
        </div>
      )}
      <div className="meeting-stage">
        <MeetingLoadState
          status={status}
          error={error}
          stillWorks="The chat still works."
          className="meeting-state"
          onRetry={() => setAttempt((n) => n + 1)}
        />
        <div ref={parentRef} className="meeting-frame" />
        {ready && overlay}
      </div>
      <div className="meeting-controls" role="toolbar" aria-label="Call controls">
        <button
          type="button"
          className={`control${audioMuted ? ' is-off' : ''}`}
          disabled={!ready || leaving}
          onClick={() => command('toggleAudio')}
        >
          <Icon name={audioMuted ? 'micOff' : 'mic'} />
          <span className="control-label">
            {audioMuted ? 'Unmute' : 'Mute'}
            <span className="sr-only"> microphone</span>
          </span>
        </button>
        <button
          type="button"
          className={`control${videoMuted ? ' is-off' : ''}`}
          disabled={!ready || leaving}
          onClick={() => command('toggleVideo')}
        >
          <Icon name={videoMuted ? 'videoOff' : 'video'} />
          <span className="control-label">{videoMuted ? 'Start camera' : 'Stop camera'}</span>
        </button>
        <button
          type="button"
          className={`control${chatOpen ? ' is-active' : ''}`}
          aria-pressed={chatOpen}
          aria-controls="consultation-chat"
          onClick={onToggleChat}
        >
          <Icon name="chat" />
          <span className="control-label">Chat</span>
        </button>
        <button type="button" className="control control-leave" disabled={leaving} onClick={leave}>
          <Icon name="phoneOff" />
          <span className="control-label">{leaving ? 'Leaving…' : 'Leave'}</span>
        </button>
      </div>
    </div>
  );
}
