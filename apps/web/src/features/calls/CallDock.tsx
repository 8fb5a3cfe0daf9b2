import type { Call } from '@parley/shared';
import { useEffect, useState, type CSSProperties } from 'react';
import { useLocation } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Spinner';
import { useChat } from '../chat/chatStore';
import { callsApi } from './calls.api';
import { useCallsActions } from './CallsProvider';
import type { ActiveCall } from './callsState';
import { useCalls } from './callsStore';
import { useCallSlot, useTrackedRect } from './CallSlot';
import { callSeconds, formatClock, inCall, namesList } from './format';
import { JitsiMeeting } from './JitsiMeeting';

/** Most avatars in the header before "+N". */
const AVATARS_SHOWN = 5;

/**
 * The meeting open in this tab, with its header: title, who is in, Open in new tab, Leave, and End for
 * everyone for those who may. Laid over the room's slot while the room is on screen; a small window
 * otherwise, so moving around Parley keeps the call going.
 */
export function CallDock() {
  const active = useCalls((s) => s.active);
  if (!active) return null;
  return <Dock key={active.callId} active={active} />;
}

function Dock({ active }: { active: ActiveCall }) {
  const me = useMe();
  const actions = useCallsActions();
  const location = useLocation();
  const call = useCalls((s) => s.calls[active.callId]);
  const myRole = useChat((s) => s.rooms[active.roomId]?.myRole ?? null);
  const slot = useCallSlot(active.roomId);
  const rect = useTrackedRect(slot);
  const docked = rect !== null;
  const inRoom = location.pathname === `/rooms/${active.roomId}`;

  const style: CSSProperties | undefined = rect
    ? { top: rect.top, left: rect.left, width: rect.width, height: rect.height }
    : undefined;
  const canEnd =
    call !== undefined &&
    (call.createdBy === me.id || myRole === 'owner' || myRole === 'moderator' || me.role === 'admin');
  const title = call ? callTitle(call) : 'Call';
  const back = () => {
    actions.setView('call');
    if (!inRoom) actions.navigate(`/rooms/${active.roomId}`);
  };
  const join = active.join;

  return (
    <section
      className={`call-dock ${docked ? 'call-dock-docked' : 'call-dock-floating'}`}
      style={style}
      aria-label={`Call: ${title}`}
    >
      <header className="call-dock-header">
        <div className="call-dock-title">
          <Icon name="video" />
          <span className="call-dock-name" title={title}>
            {title}
          </span>
          {call && <Elapsed call={call} />}
          {call && docked && <WhoIsIn call={call} />}
        </div>
        <div className="call-dock-actions">
          {docked ? (
            <Button
              variant="ghost"
              size="sm"
              className="call-dock-chat"
              icon={<Icon name="chat" />}
              onClick={() => actions.setView('chat')}
            >
              Chat
            </Button>
          ) : (
            <Button
              variant="ghost"
              size="sm"
              icon={<Icon name="video" />}
              title="Back to call"
              onClick={back}
            >
              Back to call
            </Button>
          )}
          {join && docked && (
            <a
              className="btn btn-ghost btn-sm call-dock-newtab"
              href={join.url}
              target="_blank"
              rel="noopener noreferrer"
              title="Open in new tab"
              onClick={() => actions.openedElsewhere()}
            >
              <Icon name="external" />
              <span>Open in new tab</span>
            </a>
          )}
          <Button
            variant="secondary"
            size="sm"
            icon={<Icon name="logout" />}
            title="Leave the call"
            onClick={() => actions.leave()}
          >
            Leave
          </Button>
          {canEnd && docked && (
            <Button
              variant="danger"
              size="sm"
              icon={<Icon name="phoneOff" />}
              onClick={() => void actions.end(active.callId)}
            >
              End for everyone
            </Button>
          )}
        </div>
      </header>
      <div className="call-dock-stage">
        {active.phase === 'joining' && (
          <div className="jitsi-meeting-state">
            <LoadingBlock label="Joining the call…" />
          </div>
        )}
        {active.phase === 'error' && (
          <div className="jitsi-meeting-state">
            <Alert
              tone="error"
              title="You could not join the call"
              action={
                <Button size="sm" variant="secondary" onClick={() => void actions.join(active.callId)}>
                  Try again
                </Button>
              }
            >
              {active.error}
            </Alert>
          </div>
        )}
        {join && active.elsewhere && (
          <div className="jitsi-meeting-state">
            <div className="call-elsewhere">
              <Icon name="external" />
              <p>This call is open in another tab.</p>
              <Button size="sm" variant="secondary" onClick={() => void actions.join(active.callId)}>
                Bring it back here
              </Button>
            </div>
          </div>
        )}
        {join && !active.elsewhere && active.phase === 'ready' && (
          <JitsiMeeting
            join={join}
            onEvent={(type) => void actions.report(active.callId, type)}
            onLeaveWhileUnloading={() =>
              callsApi.reportWhileLeaving(active.callId, { type: 'videoConferenceLeft' })
            }
            onClose={() => actions.leave()}
          />
        )}
      </div>
    </section>
  );
}

/** "Weekly sync", or where the call is (the room, or the other person of a direct message). */
export function callTitle(call: Call): string {
  return call.title || call.roomDisplayName;
}

function Elapsed({ call }: { call: Call }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (call.startedAt === null || call.endedAt !== null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [call.startedAt, call.endedAt]);
  const seconds = callSeconds(call, now);
  if (seconds === null) return <span className="call-dock-clock">Ringing…</span>;
  return (
    <span className="call-dock-clock">
      <span className="sr-only">Call time </span>
      {formatClock(seconds)}
    </span>
  );
}

function WhoIsIn({ call }: { call: Call }) {
  const people = inCall(call);
  if (people.length === 0) return <span className="call-dock-who muted">Nobody is in yet</span>;
  const shown = people.slice(0, AVATARS_SHOWN);
  const more = people.length - shown.length;
  const names = namesList(
    people.map((p) => p.user.displayName),
    6,
  );
  return (
    <span className="call-dock-who" title={`In the call: ${names}`}>
      <span className="sr-only">In the call: {names}</span>
      <span className="avatar-stack" aria-hidden="true">
        {shown.map((p) => (
          <Avatar key={p.user.id} user={p.user} size="xs" decorative />
        ))}
        {more > 0 && <span className="avatar-stack-more">+{more}</span>}
      </span>
    </span>
  );
}
