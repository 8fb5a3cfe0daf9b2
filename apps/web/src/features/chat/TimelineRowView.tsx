import { useTranslation } from 'react-i18next';
import type { Me } from '@parley/shared';
import { useChatActions } from './ChatProvider';
import { useChatStore } from './chatStore';
import { MessageItem, NoticeItem, PendingItem, type MessageHandlers } from './MessageItem';
import type { TimelineRow } from './rows';

/**
 * One row of a room's timeline (a day divider, the unread line, a message, a send in flight, a
 * notice only I see), the same in a room and in a consultation's chat panel.
 */
export function TimelineRowView({
  row,
  me,
  editingId,
  canModerate,
  readOnly,
  handlers,
  unreadLine = true,
}: {
  row: TimelineRow;
  me: Me;
  /** The message being edited in the composer, if any. */
  editingId: string | null;
  canModerate: boolean;
  readOnly: boolean;
  handlers: MessageHandlers;
  /** A consultation's short chat has no "New messages" line. */
  unreadLine?: boolean;
}) {
  const { t } = useTranslation();
  const actions = useChatActions();
  const store = useChatStore();
  switch (row.kind) {
    case 'day':
      return (
        <div className="day-divider" role="separator">
          <span>{row.label}</span>
        </div>
      );
    case 'unread':
      return unreadLine ? (
        <div className="unread-divider" role="separator">
          <span>{t('chat.timeline.newMessages')}</span>
        </div>
      ) : null;
    case 'message':
      return (
        <MessageItem
          message={row.message}
          grouped={row.grouped}
          myId={me.id}
          myUsername={me.username}
          canModerate={canModerate}
          editing={editingId === row.message.id}
          readOnly={readOnly}
          handlers={handlers}
        />
      );
    case 'pending':
      return (
        <PendingItem
          pending={row.pending}
          me={me}
          onRetry={() => actions.retry(row.pending.clientMsgId)}
          onDiscard={() => actions.discard(row.pending.clientMsgId)}
        />
      );
    case 'notice':
      return (
        <NoticeItem
          notice={row.notice}
          onDismiss={() => store.dispatch({ type: 'notice/dismiss', id: row.notice.id })}
        />
      );
  }
}
