import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { LoadingBlock } from '../../components/Spinner';
import { useChat } from './chatStore';
import { roomLabel } from './ChatProvider';
import { plainPreview } from './markdown';
import { isConsultationRoom } from './roomPaths';
import { timeOf } from './time';
import './chat.css';

/** Home's list of the rooms with the latest activity, unread ones marked. */
export function RecentRooms() {
  const { t } = useTranslation();
  const rooms = useChat((s) => s.rooms);
  const status = useChat((s) => s.roomsStatus);
  const recent = useMemo(
    () =>
      Object.values(rooms)
        // A consultation's chat is on its consultation's page, not among the conversations.
        .filter((room) => !isConsultationRoom(room))
        .sort((a, b) =>
          (b.lastMessage?.createdAt ?? b.createdAt).localeCompare(a.lastMessage?.createdAt ?? a.createdAt),
        )
        .slice(0, 6),
    [rooms],
  );
  return (
    <section className="card" aria-labelledby="home-rooms">
      <h2 className="card-title" id="home-rooms">
        {t('chat.recent.title')}
      </h2>
      {status === 'loading' && <LoadingBlock label={t('chat.sidebar.loading')} />}
      {status !== 'loading' && recent.length === 0 && (
        <EmptyState icon="chat" title={t('chat.recent.emptyTitle')}>
          {t('chat.recent.empty')}
        </EmptyState>
      )}
      {recent.length > 0 && (
        <ul className="recent-rooms">
          {recent.map((room) => (
            <li key={room.id}>
              <Link to={`/rooms/${room.id}`} className={`recent-room${room.unread > 0 ? ' is-unread' : ''}`}>
                <span className="recent-room-name">{roomLabel(room)}</span>
                <span className="recent-room-preview">
                  {room.lastMessage
                    ? room.lastMessage.deletedAt
                      ? t('chat.message.deleted')
                      : `${room.lastMessage.author?.displayName ?? t('chat.parley')}: ${plainPreview(room.lastMessage.text, 90)}`
                    : t('chat.recent.noMessages')}
                </span>
                <span className="recent-room-meta">
                  {room.lastMessage && timeOf(room.lastMessage.createdAt)}
                  {room.unread > 0 && <span className="room-badge">{room.unread}</span>}
                  {room.unread > 0 && <span className="sr-only"> {t('chat.sidebar.unread')}</span>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
