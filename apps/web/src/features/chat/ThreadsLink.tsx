import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { useChat } from './chatStore';
import './threads.css';

/** The sidebar's "Threads" entry (issue 20), with how many threads I follow have unread replies. */
export function ThreadsLink() {
  const { t } = useTranslation();
  const unread = useChat((s) => s.threads.list.unreadThreads);
  return (
    <NavLink
      to="/threads"
      className={({ isActive }) =>
        `nav-link sidebar-threads${isActive ? ' is-active' : ''}${unread > 0 ? ' is-unread' : ''}`
      }
    >
      <Icon name="thread" />
      <span>{t('chat.threads.title')}</span>
      {unread > 0 && (
        <span className="room-badge" data-testid="unread-threads">
          {unread > 99 ? '99+' : unread}
          <span className="sr-only"> {t('chat.threads.unread', { count: unread })}</span>
        </span>
      )}
    </NavLink>
  );
}
