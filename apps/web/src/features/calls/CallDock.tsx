import type { Call } from '@parley/shared';
import { useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Spinner';
import { sayText, useChat } from '../chat';
import { callsApi } from './calls.api';
import { useCallsActions } from './callsActions';
import type { ActiveCall } from './callsState';
import { useCalls } from './callsStore';
import { useCallSlot, useTrackedRect } from './CallSlot';
import { formatClock, inCall, namesList, participantName } from './format';
import { GuestLinksDialog } from './GuestLinksDialog';
import { GuestLobby } from './GuestLobby';
import { browserCanEncrypt, encryptionState } from './e2ee';
import { EncryptionStatus } from './EncryptionStatus';
import { JitsiMeeting } from './JitsiMeeting';
import { useCallSeconds } from './useCallSeconds';
import {
  CORNER_NAMES,
  cornerForKey,
  savedCorner,
  saveCorner,
  useComposerTop,
  useCornerDrag,
  type Corner,
} from './dockPlacement';

/** Who else is in the call from a browser that cannot encrypt (an "offered" call lets them in). */
function othersInClear(call: Call | undefined, myId: string): string[] {
  if (!call) return [];
  return call.participants
    .filter((p) => p.unencrypted === true && p.user.id !== myId && p.state === 'joined')
    .map(participantName);
}

/** Most avatars in the header before "+N". */
const AVATARS_SHOWN = 5;

/**
 * The meeting open in this tab, with its header: title, who is in, Open in new tab, Leave, and End for
 * everyone (after a confirmation) for those who may. Laid over the room's slot while the room is on
 * screen; a small window otherwise, so moving around Parley keeps the call going. The small window
 * sits in a corner (top right at first, clear of the composer), moves to another corner by dragging
 * or with the arrow keys on its Move button, and collapses to a bar.
 */
export function CallDock() {
  const active = useCalls((s) => s.active);
  if (!active) return null;
  return <Dock key={active.callId} active={active} />;
}

function Dock({ active }: { active: ActiveCall }) {
  const { t } = useTranslation();
  const me = useMe();
  const actions = useCallsActions();
  const location = useLocation();
  const call = useCalls((s) => s.calls[active.callId]);
  const myRole = useChat((s) => s.rooms[active.roomId]?.myRole ?? null);
  const slot = useCallSlot(active.roomId);
  const rect = useTrackedRect(slot);
  const docked = rect !== null;
  const inRoom = location.pathname === `/rooms/${active.roomId}`;
  const [corner, setCorner] = useState<Corner>(savedCorner);
  const [minimized, setMinimized] = useState(false);
  /** The corner the window was last moved to with the keys or a drag, announced in words. */
  const [moved, setMoved] = useState<Corner | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [inviting, setInviting] = useState(false);
  const drag = useCornerDrag((next) => moveTo(next));
  const composerTop = useComposerTop(!docked && corner.startsWith('bottom'));

  function moveTo(next: Corner) {
    setCorner(next);
    saveCorner(next);
    setMoved(next);
  }

  let style: CSSProperties | undefined;
  if (rect) style = { top: rect.top, left: rect.left, width: rect.width, height: rect.height };
  else if (drag.offset) style = { transform: `translate(${drag.offset.x}px, ${drag.offset.y}px)` };
  if (!rect && composerTop !== null) {
    // A bottom corner stays above the composer (or the room's footer), never over its Send button.
    style = { ...style, bottom: Math.max(16, window.innerHeight - composerTop + 12) };
  }
  const floatingClass = docked
    ? 'call-dock-docked'
    : `call-dock-floating call-dock-${corner}${minimized ? ' call-dock-minimized' : ''}${drag.offset ? ' is-dragging' : ''}`;
  const canEnd =
    call !== undefined &&
    (call.createdBy === me.id || myRole === 'owner' || myRole === 'moderator' || me.role === 'admin');
  // Guest links: the room's owners and moderators, and whoever started the call (issue 19).
  const canInvite =
    call !== undefined &&
    call.type !== 'direct' &&
    (call.createdBy === me.id || myRole === 'owner' || myRole === 'moderator');
  const title = call ? callTitle(call) : t('calls.dock.untitled');
  const back = () => {
    actions.setView('call');
    if (!inRoom) actions.navigate(`/rooms/${active.roomId}`);
  };
  const join = active.join;

  return (
    <section
      className={`call-dock ${floatingClass}`}
      style={style}
      aria-label={t('calls.dock.label', { title })}
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
          {!docked && (
            <>
              <Button
                variant="ghost"
                size="sm"
                className="call-dock-move"
                icon={<Icon name="move" />}
                title={t('calls.dock.moveHint')}
                aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight"
                onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
                  const next = cornerForKey(corner, event.key);
                  if (!next) return;
                  event.preventDefault();
                  moveTo(next);
                }}
                onPointerDown={drag.start}
                onPointerMove={drag.move}
                onPointerUp={drag.end}
                onPointerCancel={drag.cancel}
              >
                {t('calls.dock.move')}
              </Button>
              <Button
                variant="ghost"
                size="sm"
                icon={<Icon name={minimized ? 'maximize' : 'minimize'} />}
                title={minimized ? t('calls.dock.show') : t('calls.dock.minimise')}
                aria-expanded={!minimized}
                onClick={() => setMinimized((m) => !m)}
              >
                {minimized ? t('calls.dock.show') : t('calls.dock.minimise')}
              </Button>
            </>
          )}
          {docked ? (
            <Button
              variant="ghost"
              size="sm"
              className="call-dock-chat"
              icon={<Icon name="chat" />}
              onClick={() => actions.setView('chat')}
            >
              {t('calls.dock.chat')}
            </Button>
          ) : (
            <Button
              variant="ghost"
              size="sm"
              icon={<Icon name="video" />}
              title={t('calls.dock.back')}
              onClick={back}
            >
              {t('calls.dock.back')}
            </Button>
          )}
          {/* An encrypted call gets its key only here, through the IFrame API: a tab of its own would
              open the meeting without it. */}
          {join && docked && !join.e2ee && (
            <a
              className="btn btn-ghost btn-sm call-dock-newtab"
              href={join.url}
              target="_blank"
              rel="noopener noreferrer"
              title={t('calls.dock.newTab')}
              onClick={() => actions.openedElsewhere()}
            >
              <Icon name="external" />
              <span>{t('calls.dock.newTab')}</span>
            </a>
          )}
          {canInvite && docked && (
            <Button
              variant="ghost"
              size="sm"
              className="call-dock-invite"
              icon={<Icon name="plus" />}
              title={t('calls.inviteGuests')}
              onClick={() => setInviting(true)}
            >
              {t('calls.inviteGuests')}
            </Button>
          )}
          <Button
            variant="secondary"
            size="sm"
            icon={<Icon name="logout" />}
            title={t('calls.dock.leaveHint')}
            onClick={() => actions.leave()}
          >
            {t('calls.dock.leave')}
          </Button>
          {canEnd && docked && (
            <Button
              variant="danger"
              size="sm"
              icon={<Icon name="phoneOff" />}
              onClick={() => setConfirmEnd(true)}
            >
              {t('calls.dock.end')}
            </Button>
          )}
        </div>
        <span className="sr-only" aria-live="polite">
          {moved && t(CORNER_NAMES[moved])}
        </span>
      </header>
      {join?.e2ee && active.phase === 'ready' && !active.elsewhere && (
        <div className="call-dock-encryption">
          <EncryptionStatus
            state={encryptionState(join.e2ee, browserCanEncrypt(), othersInClear(call, me.id))}
          />
        </div>
      )}
      <GuestLobby callId={active.callId} />
      <div className="call-dock-stage">
        {active.phase === 'joining' && (
          <div className="jitsi-meeting-state">
            <LoadingBlock label={t('calls.dock.joining')} />
          </div>
        )}
        {active.phase === 'error' && (
          <div className="jitsi-meeting-state">
            <Alert
              tone="error"
              title={t('calls.dock.joinFailed')}
              action={
                <Button size="sm" variant="secondary" onClick={() => void actions.join(active.callId)}>
                  {t('common.tryAgain')}
                </Button>
              }
            >
              {active.error && sayText(active.error)}
            </Alert>
          </div>
        )}
        {join && active.elsewhere && (
          <div className="jitsi-meeting-state">
            <div className="call-elsewhere">
              <Icon name="external" />
              <p>{t('calls.dock.elsewhere')}</p>
              <Button size="sm" variant="secondary" onClick={() => void actions.join(active.callId)}>
                {t('calls.dock.bringBack')}
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
      {inviting && call && (
        <GuestLinksDialog
          roomId={call.roomId}
          callId={call.id}
          title={title}
          onClose={() => setInviting(false)}
        />
      )}
      {confirmEnd && (
        <ConfirmDialog
          title={t('calls.dock.endTitle')}
          confirmLabel={t('calls.dock.end')}
          tone="danger"
          onConfirm={() => {
            setConfirmEnd(false);
            void actions.end(active.callId);
          }}
          onCancel={() => setConfirmEnd(false)}
        >
          <p>{t('calls.dock.endBody', { title })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** "Weekly sync", or where the call is (the room, or the other person of a direct message). */
export function callTitle(call: Call): string {
  return call.title || call.roomDisplayName;
}

function Elapsed({ call }: { call: Call }) {
  const { t } = useTranslation();
  const seconds = useCallSeconds(call);
  if (seconds === null) return <span className="call-dock-clock">{t('calls.status.ringing')}</span>;
  return (
    <span className="call-dock-clock">
      <span className="sr-only">{t('calls.dock.callTime')} </span>
      {formatClock(seconds)}
    </span>
  );
}

function WhoIsIn({ call }: { call: Call }) {
  const { t } = useTranslation();
  const people = inCall(call);
  if (people.length === 0) return <span className="call-dock-who muted">{t('calls.dock.nobody')}</span>;
  const shown = people.slice(0, AVATARS_SHOWN);
  const more = people.length - shown.length;
  const names = namesList(people.map(participantName), 6);
  return (
    <span className="call-dock-who" title={t('calls.dock.inCall', { names })}>
      <span className="sr-only">{t('calls.dock.inCall', { names })}</span>
      <span className="avatar-stack" aria-hidden="true">
        {shown.map((p) => (
          <Avatar key={p.user.id} user={p.user} size="xs" decorative />
        ))}
        {more > 0 && <span className="avatar-stack-more">+{more}</span>}
      </span>
    </span>
  );
}
