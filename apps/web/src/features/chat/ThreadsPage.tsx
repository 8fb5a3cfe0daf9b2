import { useTranslation } from 'react-i18next';
import type { ThreadListItem } from '@parley/shared';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Avatar } from '../../components/Avatar';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { roomLabel, useChatActions } from './ChatProvider';
import { useChat } from './chatStore';
import { plainPreview } from './markdown';
import { sinceText } from './ThreadSummary';
import './chat.css';
import './threads.css';

/** Unread first, then the newest reply first (the server's order within each). */
function ordered(items: ThreadListItem[]): ThreadListItem[] {
  const newest = (item: ThreadListItem) => item.root.thread?.lastReplyAt ?? item.root.createdAt;
  return [...items].sort(
    (a, b) => Number(b.unread > 0) - Number(a.unread > 0) || newest(b).localeCompare(newest(a)),
  );
}

/** The threads I follow (issue 20): the ones with unread replies first and bold; each opens its thread. */
export function ThreadsPage() {
  const { t } = useTranslation();
  const actions = useChatActions();
  const list = useChat((s) => s.threads.list);
  const rooms = useChat((s) => s.rooms);
  const items = useMemo(() => ordered(list.items), [list.items]);

  // Fresh counts on every visit; live changes come with `thread:updated`.
  useEffect(() => {
    void actions.threads.loadList();
  }, [actions]);

  return (
    <div className="page threads-page">
      <PageHeader title={t('chat.threads.title')} description={t('chat.threads.description')} />
      {(list.status === 'idle' || list.status === 'loading') && (
        <LoadingBlock label={t('chat.threads.loading')} />
      )}
      {list.status === 'error' && (
        <LoadError
          title={t('chat.threads.loadFailed')}
          message={list.error ?? ''}
          onRetry={() => void actions.threads.loadList()}
        />
      )}
      {list.status === 'ready' && items.length === 0 && (
        <EmptyState icon="thread" title={t('chat.threads.emptyTitle')}>
          {t('chat.threads.empty')}
        </EmptyState>
      )}
      {list.status === 'ready' && items.length > 0 && (
        <ul className="thread-list">
          {items.map((item) => {
            const { root } = item;
            const room = rooms[item.room.id] ?? { ...item.room, name: null };
            const replies = root.thread?.replies ?? 0;
            return (
              <li key={root.id}>
                <Link
                  to={`/rooms/${item.room.id}/thread/${root.id}`}
                  className={`thread-item${item.unread > 0 ? ' is-unread' : ''}`}
                >
                  {root.author ? (
                    <Avatar user={root.author} size="sm" decorative />
                  ) : (
                    <span className="thread-item-avatar" />
                  )}
                  <span className="thread-item-body">
                    <span className="thread-item-meta">
                      <span className="thread-item-room">{roomLabel(room)}</span>
                      <span className="thread-item-author">
                        {root.author?.displayName ?? t('chat.message.someone')}
                      </span>
                    </span>
                    <span className="thread-item-text">
                      {root.deletedAt ? t('chat.message.deleted') : plainPreview(root.text, 160)}
                    </span>
                    <span className="thread-item-foot">
                      {t('chat.thread.replies', { count: replies })}
                      {root.thread?.lastReplyAt && (
                        <> · {t('chat.threads.lastReply', { when: sinceText(root.thread.lastReplyAt) })}</>
                      )}
                    </span>
                  </span>
                  {item.unread > 0 && (
                    <span className="room-badge">
                      {item.unread > 99 ? '99+' : item.unread}
                      <span className="sr-only"> {t('chat.sidebar.unread')}</span>
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
