import { useTranslation } from 'react-i18next';
import type { RoomSummary } from '@parley/shared';
import { Suspense, useMemo, useState } from 'react';
import { NavLink } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { useChatActions } from './ChatProvider';
import { useChat } from './chatStore';
import { useNotificationChoice } from './notifications';
import { PresenceDot } from './PresenceDot';
import { isQuiet, stateLabel } from './roomNotifications';
import { ThreadsLink } from './ThreadsLink';
import { CreateDiscussionDialog, CreateRoomDialog, DirectoryDialog, NewDirectDialog } from './roomDialogs';
import './chat.css';

type DialogName = 'direct' | 'channel' | 'team' | 'discussion' | 'directory';

interface Group {
  id: string;
  title: string;
  rooms: RoomSummary[];
  add: { dialog: DialogName; label: string };
  empty: string;
}

const byName = (a: RoomSummary, b: RoomSummary) => a.displayName.localeCompare(b.displayName);
/** Direct messages: the most recent conversation first, like every chat app. */
const byActivity = (a: RoomSummary, b: RoomSummary) =>
  (b.lastMessage?.createdAt ?? b.createdAt).localeCompare(a.lastMessage?.createdAt ?? a.createdAt);

/**
 * The sidebar's groups. A channel of a team I am in sits under its team (`teamChannels`, by team id);
 * the others are the flat channel list.
 */
export function groupRooms(rooms: RoomSummary[]): Record<
  'teams' | 'channels' | 'direct' | 'discussions',
  RoomSummary[]
> & {
  teamChannels: Record<string, RoomSummary[]>;
} {
  const teams = rooms.filter((r) => r.type === 'team').sort(byName);
  const teamIds = new Set(teams.map((t) => t.id));
  const teamChannels: Record<string, RoomSummary[]> = {};
  const channels: RoomSummary[] = [];
  // A consultation's chat lives on its page (Consultations), not among the channels.
  for (const room of rooms.filter((r) => r.type === 'channel' || r.type === 'private').sort(byName)) {
    if (room.teamId && teamIds.has(room.teamId)) (teamChannels[room.teamId] ??= []).push(room);
    else channels.push(room);
  }
  return {
    teams,
    teamChannels,
    channels,
    direct: rooms.filter((r) => r.type === 'direct').sort(byActivity),
    discussions: rooms.filter((r) => r.type === 'discussion').sort(byActivity),
  };
}

function roomIcon(room: RoomSummary): IconName {
  if (room.type === 'private') return 'lock';
  if (room.type === 'team') return 'users';
  if (room.type === 'discussion') return 'chat';
  return 'hash';
}

function RoomLink({ room, myId }: { room: RoomSummary; myId: string }) {
  const { t } = useTranslation();
  const unread = room.unread > 0;
  const others = room.members.filter((m) => m.id !== myId);
  const dmPartner = room.type === 'direct' && others.length === 1 ? others[0] : undefined;
  return (
    <NavLink
      to={`/rooms/${room.id}`}
      className={({ isActive }) =>
        `room-link${isActive ? ' is-active' : ''}${unread ? ' is-unread' : ''}${room.archived ? ' is-archived' : ''}`
      }
    >
      {room.type === 'direct' ? (
        <span className="room-link-avatar">
          {dmPartner ? (
            <>
              <Avatar user={dmPartner} size="xs" decorative />
              <PresenceDot userId={dmPartner.id} />
            </>
          ) : (
            <span className="room-link-group" aria-hidden="true">
              {others.length + 1}
            </span>
          )}
        </span>
      ) : (
        <Icon name={roomIcon(room)} className="room-link-icon" />
      )}
      <span className="room-link-name">{room.displayName}</span>
      {isQuiet(room.notifications, Date.now()) && (
        <span className="room-link-muted" title={stateLabel(room.notifications, new Date())}>
          <Icon name="bellOff" />
          <span className="sr-only">{t('chat.roomNotifications.muted')}</span>
        </span>
      )}
      {room.mentions > 0 && (
        <span
          className="room-badge room-badge-mention"
          title={t('chat.sidebar.mentions', { count: room.mentions })}
        >
          @{room.mentions > 99 ? '99+' : room.mentions}
          <span className="sr-only"> {t('chat.sidebar.mentionsShort', { count: room.mentions })}</span>
        </span>
      )}
      {unread && room.mentions === 0 && (
        <span className="room-badge">
          {room.unread > 99 ? '99+' : room.unread}
          <span className="sr-only"> {t('chat.sidebar.unread')}</span>
        </span>
      )}
    </NavLink>
  );
}

/** The rooms part of the sidebar: grouped, with badges, and the ways to start something new. */
export function RoomSidebar() {
  const { t } = useTranslation();
  const me = useMe();
  const actions = useChatActions();
  const rooms = useChat((s) => s.rooms);
  const status = useChat((s) => s.roomsStatus);
  const error = useChat((s) => s.roomsError);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const grouped = useMemo(() => groupRooms(Object.values(rooms)), [rooms]);

  const groups: Group[] = [
    {
      id: 'teams',
      title: t('chat.sidebar.teams.title'),
      rooms: grouped.teams,
      add: { dialog: 'team', label: t('chat.sidebar.teams.add') },
      empty: t('chat.sidebar.teams.empty'),
    },
    {
      id: 'channels',
      title: t('chat.sidebar.channels.title'),
      rooms: grouped.channels,
      add: { dialog: 'channel', label: t('chat.sidebar.channels.add') },
      empty: t('chat.sidebar.channels.empty'),
    },
    {
      id: 'direct',
      title: t('chat.sidebar.direct.title'),
      rooms: grouped.direct,
      add: { dialog: 'direct', label: t('chat.sidebar.direct.add') },
      empty: t('chat.sidebar.direct.empty'),
    },
    {
      id: 'discussions',
      title: t('chat.sidebar.discussions.title'),
      rooms: grouped.discussions,
      add: { dialog: 'discussion', label: t('chat.sidebar.discussions.add') },
      empty: t('chat.sidebar.discussions.empty'),
    },
  ];

  return (
    <div className="room-sidebar">
      <button type="button" className="nav-link sidebar-browse" onClick={() => setDialog('directory')}>
        <Icon name="search" />
        <span>{t('chat.sidebar.browse')}</span>
      </button>
      <ThreadsLink />
      {status === 'loading' && (
        <p className="sidebar-status">
          <Spinner size="sm" decorative /> {t('chat.sidebar.loading')}
        </p>
      )}
      {status === 'error' && (
        <div className="sidebar-status sidebar-error" role="alert">
          <span>
            {t('chat.sidebar.loadFailed')} {error}
          </span>
          <Button size="sm" variant="secondary" onClick={() => void actions.reloadRooms()}>
            {t('common.tryAgain')}
          </Button>
        </div>
      )}
      {status === 'ready' &&
        groups.map((group) => (
          <section key={group.id} className="sidebar-section" aria-labelledby={`sidebar-${group.id}`}>
            <div className="sidebar-group-head">
              <h2 className="sidebar-heading" id={`sidebar-${group.id}`}>
                {group.title}
              </h2>
              <button
                type="button"
                className="icon-button sidebar-add"
                onClick={() => setDialog(group.add.dialog)}
                title={group.add.label}
              >
                <Icon name="plus" />
                <span className="sr-only">{group.add.label}</span>
              </button>
            </div>
            {group.rooms.length > 0 ? (
              <ul className="room-list">
                {group.rooms.map((room) => {
                  const nested = group.id === 'teams' ? grouped.teamChannels[room.id] : undefined;
                  return (
                    <li key={room.id}>
                      <RoomLink room={room} myId={me.id} />
                      {nested && (
                        <ul
                          className="room-list room-list-nested"
                          aria-label={t('chat.sidebar.channelsOf', { team: room.displayName })}
                        >
                          {nested.map((channel) => (
                            <li key={channel.id}>
                              <RoomLink room={channel} myId={me.id} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="sidebar-empty">{group.empty}</p>
            )}
          </section>
        ))}
      <NotificationToggle />
      <Suspense fallback={null}>
        {dialog === 'direct' && <NewDirectDialog onClose={() => setDialog(null)} />}
        {(dialog === 'channel' || dialog === 'team') && (
          <CreateRoomDialog kind={dialog} onClose={() => setDialog(null)} />
        )}
        {dialog === 'discussion' && <CreateDiscussionDialog onClose={() => setDialog(null)} />}
        {dialog === 'directory' && <DirectoryDialog onClose={() => setDialog(null)} />}
      </Suspense>
    </div>
  );
}

/** Opt in to desktop notifications for DMs and mentions while Parley is in the background. */
function NotificationToggle() {
  const { t } = useTranslation();
  const [choice, setChoice] = useNotificationChoice();
  if (choice === 'unsupported') return null;
  return (
    <label className="sidebar-toggle" title={t('chat.sidebar.notifications.hint')}>
      <input
        type="checkbox"
        checked={choice === 'on'}
        disabled={choice === 'denied'}
        onChange={(event) => void setChoice(event.target.checked)}
      />
      <span>
        {t('chat.sidebar.notifications.label')}
        {choice === 'denied' && (
          <span className="sidebar-toggle-hint">{t('chat.sidebar.notifications.blocked')}</span>
        )}
      </span>
    </label>
  );
}
