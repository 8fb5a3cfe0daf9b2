import type { CallClientEvent, JoinCallResponse } from '@parley/shared';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { JitsiFrame, useJitsiFrame } from './JitsiFrame';

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
  const { t } = useTranslation();
  const handlers = useRef({ onEvent, onLeaveWhileUnloading, onClose });
  handlers.current = { onEvent, onLeaveWhileUnloading, onClose };

  const frame = useJitsiFrame(
    {
      scriptUrl: join.scriptUrl,
      domain: join.domain,
      iframe: join.iframe,
      e2ee: join.e2ee,
      onJoined: () => handlers.current.onEvent('videoConferenceJoined'),
      listen: (session) => ({
        videoConferenceLeft: () => {
          if (!session.joined) return;
          session.joined = false;
          handlers.current.onEvent('videoConferenceLeft');
        },
        // Jitsi's participant ids are its own; the server learns who from each person's own report.
        participantJoined: () => handlers.current.onEvent('participantJoined'),
        participantLeft: () => handlers.current.onEvent('participantLeft'),
        readyToClose: () => handlers.current.onClose(),
      }),
      onGone: (unloading) =>
        unloading
          ? handlers.current.onLeaveWhileUnloading()
          : handlers.current.onEvent('videoConferenceLeft'),
    },
    [join],
  );

  return (
    <div className="jitsi-meeting">
      <JitsiFrame
        frame={frame}
        stillWorks={join.e2ee ? t('calls.meeting.encryptedHereOnly') : t('calls.meeting.openInNewTab')}
        classPrefix="jitsi-meeting"
      />
    </div>
  );
}
