import type { GuestMeetingJoin } from '@parley/shared';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { JitsiFrame, useJitsiFrame } from '../calls';
import type { GuestMeetingEvent } from './guestCall.api';
import type { DeviceChoices } from './GuestDeviceCheck';

/**
 * An admitted guest's meeting: Jitsi's IFrame API with the join answer's options (their own
 * short-lived, non-moderator token), starting muted as chosen in the device check. Entering and
 * leaving are reported; hanging up inside Jitsi calls `onLeft`.
 */
export function GuestMeeting({
  join,
  choices,
  onReport,
  onReportWhileLeaving,
  onLeft,
}: {
  join: GuestMeetingJoin;
  choices: DeviceChoices;
  onReport: (type: GuestMeetingEvent) => void;
  onReportWhileLeaving: (type: GuestMeetingEvent) => void;
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const handlers = useRef({ onReport, onReportWhileLeaving, onLeft });
  handlers.current = { onReport, onReportWhileLeaving, onLeft };

  const frame = useJitsiFrame(
    {
      scriptUrl: join.scriptUrl,
      domain: join.domain,
      iframe: join.iframe,
      e2ee: join.e2ee,
      base: { roomName: join.roomName, ...(join.jwt ? { jwt: join.jwt } : {}) },
      config: {
        startWithAudioMuted: !choices.microphone,
        startWithVideoMuted: !choices.camera,
        prejoinPageEnabled: false,
      },
      onJoined: (again) => {
        if (!again) handlers.current.onReport('joined');
      },
      listen: (session) => ({
        videoConferenceLeft: () => {
          if (!session.joined) return;
          session.joined = false;
          handlers.current.onReport('left');
        },
        readyToClose: () => handlers.current.onLeft(),
      }),
      onGone: (unloading) =>
        unloading ? handlers.current.onReportWhileLeaving('left') : handlers.current.onReport('left'),
    },
    // The choices are the start; the meeting is built once per join.
    [join],
  );

  return (
    <div className="guest-meeting">
      <JitsiFrame frame={frame} stillWorks={t('guests.meeting.reload')} classPrefix="jitsi-meeting" />
    </div>
  );
}
