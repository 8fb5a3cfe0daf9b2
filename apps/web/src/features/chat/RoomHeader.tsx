import { useTranslation } from 'react-i18next';
import { DEFAULT_ROOM_NOTIFICATIONS, type Room } from '@parley/shared';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useMe } from '../../auth/session';
import { Icon, type IconName } from '../../components/Icon';
import { useChatExtensions } from './chatExtensions';
import { useChat } from './chatStore';
import { PresenceDot } from './PresenceDot';
import { ArchiveDialog, LeaveDialog } from './RoomMenuDialogs';
import { RoomNotificationsDialog } from './RoomNotificationsDialog';
import { isQuiet, stateLabel } from './roomNotifications';
import { CreateRoomDialog, DirectoryDialog, EditRoomDialog } from './roomDialogs';

function headerIcon(room: Room): IconName {
  if (room.type === 'private') return 'lock';
  if (room.type === 'team') return 'users';
  if (room.type === 'discussion') return 'chat';
  if (room.type === 'direct') return 'user';
  return 'hash';
}

type MenuDialog = 'edit' | 'archive' | 'leave' | 'channels' | 'create-channel' | 'notifications';

/** Name, topic, member count and the room's menu (rename, topic, archive, leave — as the role allows). */
export function RoomHeader({
  room,
  member,
  membersOpen,
  onToggleMembers,
  onStartDiscussion,
}: {
  room: Room;
  member: boolean;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onStartDiscussion: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const { RoomActions } = useChatExtensions();
  const [menuOpen, setMenuOpen] = useState(false);
  const [dialog, setDialog] = useState<MenuDialog | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const parent = useChat((s) => (room.parentId ? s.rooms[room.parentId] : undefined));
  const notifications = useChat((s) => s.rooms[room.id]?.notifications) ?? DEFAULT_ROOM_NOTIFICATIONS;
  const quiet = member && isQuiet(notifications, Date.now());
  const isDirect = room.type === 'direct';
  const canManage =
    !isDirect && (room.myRole === 'owner' || room.myRole === 'moderator' || me.role === 'admin');
  const canArchive = !isDirect && (room.myRole === 'owner' || me.role === 'admin');
  const others = room.members.filter((m) => m.id !== me.id);
  const partner = isDirect && others.length === 1 ? others[0] : undefined;

  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        buttonRef.current?.focus();
      } else if (menuRef.current?.contains(event.target as Node)) {
        return;
      }
      setMenuOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    menuRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [menuOpen]);

  const choose = (action: () => void) => {
    setMenuOpen(false);
    action();
  };

  const menuItems: { label: string; icon: IconName; run: () => void; danger?: boolean }[] = [];
  if (member) menuItems.push({ label: t('chat.room.members'), icon: 'users', run: onToggleMembers });
  if (member) {
    menuItems.push({
      label: t('chat.roomNotifications.menuItem', { state: stateLabel(notifications, new Date()) }),
      icon: quiet ? 'bellOff' : 'bell',
      run: () => setDialog('notifications'),
    });
  }
  if (room.type === 'team') {
    menuItems.push({ label: t('chat.room.teamChannels'), icon: 'hash', run: () => setDialog('channels') });
  }
  if (canManage && !room.archived) {
    menuItems.push({ label: t('chat.room.edit'), icon: 'edit', run: () => setDialog('edit') });
  }
  if (member && !room.archived && room.type !== 'discussion') {
    menuItems.push({ label: t('chat.message.startDiscussion'), icon: 'chat', run: onStartDiscussion });
  }
  if (canArchive) {
    menuItems.push({
      label: room.archived ? t('chat.room.unarchive') : t('chat.room.archive'),
      icon: 'lock',
      run: () => setDialog('archive'),
    });
  }
  if (member && !isDirect) {
    menuItems.push({
      label: t('chat.room.leave'),
      icon: 'logout',
      run: () => setDialog('leave'),
      danger: true,
    });
  }

  return (
    <header className="room-header">
      <div className="room-title-block">
        <h1 className="room-title" tabIndex={-1} data-page-title>
          {partner ? (
            <span className="room-title-presence">
              <PresenceDot userId={partner.id} />
            </span>
          ) : (
            <Icon name={headerIcon(room)} className="room-title-icon" />
          )}
          <span className="room-title-text">{room.displayName}</span>
          {quiet && (
            <span className="room-title-muted" title={stateLabel(notifications, new Date())}>
              <Icon name="bellOff" />
              <span className="sr-only">{stateLabel(notifications, new Date())}</span>
            </span>
          )}
          {room.archived && <span className="badge badge-warning">{t('chat.room.archived')}</span>}
        </h1>
        <p className="room-subtitle">
          {parent && (
            <span className="room-parent">{t('chat.room.inParent', { parent: parent.displayName })} · </span>
          )}
          {room.topic ? (
            <span className="room-topic">{room.topic}</span>
          ) : (
            !isDirect && <span className="muted">{t('chat.room.noTopic')}</span>
          )}
          {isDirect && !room.topic && partner && <span className="muted">@{partner.username}</span>}
        </p>
      </div>
      <div className="room-header-actions">
        {RoomActions && <RoomActions room={room} member={member} />}
        {member && (
          <button
            type="button"
            className={`members-button${membersOpen ? ' is-active' : ''}`}
            aria-pressed={membersOpen}
            onClick={onToggleMembers}
            title={t('chat.room.members')}
          >
            <Icon name="users" />
            <span>{room.memberCount}</span>
            <span className="sr-only"> {t('chat.room.memberCount', { count: room.memberCount })}</span>
          </button>
        )}
        {menuItems.length > 0 && (
          <div className="menu-anchor" ref={menuRef}>
            <button
              ref={buttonRef}
              type="button"
              className="icon-button"
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen((open) => !open)}
            >
              <Icon name="more" />
              <span className="sr-only">{t('chat.room.menu')}</span>
            </button>
            {menuOpen && (
              <div className="menu" role="menu" aria-label={t('chat.room.menu')}>
                {menuItems.map((item) => (
                  <button
                    key={item.label}
                    type="button"
                    role="menuitem"
                    className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
                    onClick={() => choose(item.run)}
                    onKeyDown={(event) => {
                      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
                      event.preventDefault();
                      const items = [
                        ...(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? []),
                      ];
                      const i = items.indexOf(event.currentTarget);
                      items[
                        (i + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
                      ]?.focus();
                    }}
                  >
                    <Icon name={item.icon} />
                    {item.label}
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
      </div>
      {dialog === 'archive' && <ArchiveDialog room={room} onClose={() => setDialog(null)} />}
      {dialog === 'leave' && <LeaveDialog room={room} onClose={() => setDialog(null)} />}
      {dialog === 'notifications' && (
        <RoomNotificationsDialog room={room} current={notifications} onClose={() => setDialog(null)} />
      )}
      <Suspense fallback={null}>
        {dialog === 'edit' && <EditRoomDialog room={room} onClose={() => setDialog(null)} />}
        {dialog === 'channels' && (
          <DirectoryDialog
            team={room}
            onClose={() => setDialog(null)}
            // A team's members may add channels to it (the server asks the same).
            {...(member && !room.archived ? { onCreateChannel: () => setDialog('create-channel') } : {})}
          />
        )}
        {dialog === 'create-channel' && (
          <CreateRoomDialog kind="channel" teamId={room.id} onClose={() => setDialog(null)} />
        )}
      </Suspense>
    </header>
  );
}
