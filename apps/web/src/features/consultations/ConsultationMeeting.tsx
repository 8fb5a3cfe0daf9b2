import type { ConsultationEventType, JoinConsultationResponse } from '@parley/shared';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { browserCanEncrypt, EncryptionStatus, encryptionState, JitsiFrame, useJitsiFrame } from '../calls';
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
  const { t } = useTranslation();
  const handlers = useRef({ onReport, onReportWhileLeaving, onOtherPresence, onLeft });
  handlers.current = { onReport, onReportWhileLeaving, onOtherPresence, onLeft };
  const [audioMuted, setAudioMuted] = useState(choices.audioMuted);
  const [videoMuted, setVideoMuted] = useState(choices.videoMuted);
  const [leaving, setLeaving] = useState(false);
  /** What was last shown (and reported), so a repeated mute event is not reported twice. */
  const muted = useRef({ audio: choices.audioMuted, video: choices.videoMuted });
  const finish = useRef<(() => void) | null>(null);

  const frame = useJitsiFrame(
    {
      scriptUrl: join.scriptUrl,
      domain: join.domain,
      iframe: join.iframe,
      e2ee: join.e2ee,
      base: { roomName: join.roomName, ...(join.jwt ? { jwt: join.jwt } : {}) },
      // As chosen before joining, whatever the defaults say.
      config: {
        startWithAudioMuted: choices.audioMuted,
        startWithVideoMuted: choices.videoMuted,
        prejoinPageEnabled: false,
      },
      onJoined: (again) => {
        if (!again) handlers.current.onReport('joined');
      },
      listen: (session) => {
        let done = false;
        /** Leaving, once: reported if I was in, then the page is told. */
        const end = () => {
          if (done || session.gone) return;
          done = true;
          if (session.joined) {
            session.joined = false;
            handlers.current.onReport('left');
          }
          handlers.current.onLeft();
        };
        finish.current = end;
        return {
          videoConferenceLeft: end,
          readyToClose: end,
          audioMuteStatusChanged: (data) => {
            const value = mutedOf(data);
            if (value === null || value === muted.current.audio) return;
            muted.current.audio = value;
            setAudioMuted(value);
            handlers.current.onReport(value ? 'microphone_off' : 'microphone_on');
          },
          videoMuteStatusChanged: (data) => {
            const value = mutedOf(data);
            if (value === null || value === muted.current.video) return;
            muted.current.video = value;
            setVideoMuted(value);
            handlers.current.onReport(value ? 'camera_off' : 'camera_on');
          },
          // One other party: anyone else in the room is them (the token admits no one else).
          participantJoined: () => {
            handlers.current.onOtherPresence(true);
            handlers.current.onReport('other_joined');
          },
          participantLeft: () => {
            handlers.current.onOtherPresence(false);
            handlers.current.onReport('other_left');
          },
        };
      },
      onGone: (unloading) =>
        unloading ? handlers.current.onReportWhileLeaving('left') : handlers.current.onReport('left'),
    },
    // The choices are the start; later changes come from Jitsi's events.
    [join],
  );

  const command = frame.command;
  const leave = () => {
    setLeaving(true);
    command('hangup');
    // Jitsi says videoConferenceLeft/readyToClose; if it does not, the meeting closes anyway.
    window.setTimeout(() => finish.current?.(), HANGUP_GRACE_MS);
  };
  const ready = frame.status === 'ready';

  return (
    <div className="meeting">
      {ready && join.e2ee && (
        <div className="meeting-encryption">
          <EncryptionStatus state={encryptionState(join.e2ee, browserCanEncrypt(), othersInClear)} />
        </div>
      )}
      <div className="meeting-stage">
        <JitsiFrame
          frame={frame}
          stillWorks={t('consultations.meeting.chatStillWorks')}
          classPrefix="meeting"
        />
        {ready && overlay}
      </div>
      <div className="meeting-controls" role="toolbar" aria-label={t('consultations.meeting.controls')}>
        <button
          type="button"
          className={`control${audioMuted ? ' is-off' : ''}`}
          disabled={!ready || leaving}
          onClick={() => command('toggleAudio')}
        >
          <Icon name={audioMuted ? 'micOff' : 'mic'} />
          <span className="control-label">
            {audioMuted ? t('consultations.meeting.unmute') : t('consultations.meeting.mute')}
            <span className="sr-only"> {t('consultations.meeting.microphone')}</span>
          </span>
        </button>
        <button
          type="button"
          className={`control${videoMuted ? ' is-off' : ''}`}
          disabled={!ready || leaving}
          onClick={() => command('toggleVideo')}
        >
          <Icon name={videoMuted ? 'videoOff' : 'video'} />
          <span className="control-label">
            {videoMuted ? t('consultations.meeting.startCamera') : t('consultations.meeting.stopCamera')}
          </span>
        </button>
        <button
          type="button"
          className={`control${chatOpen ? ' is-active' : ''}`}
          aria-pressed={chatOpen}
          // Only while the panel exists: pointing at a missing element is invalid ARIA (axe).
          aria-controls={chatOpen ? 'consultation-chat' : undefined}
          onClick={onToggleChat}
        >
          <Icon name="chat" />
          <span className="control-label">{t('consultations.meeting.chat')}</span>
        </button>
        <button type="button" className="control control-leave" disabled={leaving} onClick={leave}>
          <Icon name="phoneOff" />
          <span className="control-label">
            {leaving ? t('consultations.meeting.leaving') : t('consultations.leave')}
          </span>
        </button>
      </div>
    </div>
  );
}
