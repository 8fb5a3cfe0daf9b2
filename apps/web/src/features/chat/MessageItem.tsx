import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { memo } from 'react';
import { Link } from 'react-router-dom';
import { Avatar } from '../../components/Avatar';
import { Icon, type IconName } from '../../components/Icon';
import { sayText } from './said';
import { useChatExtensions } from './chatExtensions';
import type { Notice, PendingSend } from './chatState';
import { Markdown, plainPreview } from './markdown';
import { MessageAttachments, PendingAttachments } from './MessageAttachments';
import { AddReactionButton, MessageReactions } from './MessageReactions';
import { ThreadSummary } from './ThreadSummary';
import { fullDateTime, timeOf } from './time';

export interface MessageHandlers {
  onReply(message: Message): void;
  onEdit(message: Message): void;
  onDelete(message: Message): void;
  /** Absent where rooms have no discussions (consultations): the button is not shown. */
  onDiscussion?(message: Message): void;
  /** Opens a message's thread (issue 20); absent where threads are not offered (inside a thread). */
  onThread?(message: Message): void;
}

function Quote({ reply }: { reply: NonNullable<Message['replyTo']> }) {
  const { t } = useTranslation();
  return (
    <blockquote className="quote">
      <Icon name="reply" className="quote-icon" />
      <span className="quote-author">{reply.author?.displayName ?? t('chat.message.someone')}</span>
      {reply.deleted ? (
        <span className="quote-text msg-deleted">{t('chat.message.deleted')}</span>
      ) : (
        <span className="quote-text">{plainPreview(reply.text, 140)}</span>
      )}
    </blockquote>
  );
}

function MessageText({ message, myUsername }: { message: Message; myUsername: string }) {
  const { t } = useTranslation();
  if (message.deletedAt) return <p className="msg-text msg-deleted">{t('chat.message.deleted')}</p>;
  return (
    <div className={`msg-text${message.action ? ' msg-action' : ''}`}>
      {message.action && (
        <em className="msg-action-author">{message.author?.displayName ?? t('chat.message.someone')} </em>
      )}
      <Markdown text={message.text} myUsername={myUsername} />
      {message.editedAt && (
        <span
          className="msg-edited"
          title={t('chat.message.editedAt', { when: fullDateTime(message.editedAt) })}
        >
          {' '}
          {t('chat.message.edited')}
        </span>
      )}
      {message.action && (
        <time
          className="msg-action-time"
          dateTime={message.createdAt}
          title={fullDateTime(message.createdAt)}
        >
          {timeOf(message.createdAt)}
        </time>
      )}
    </div>
  );
}

export const MessageItem = memo(function MessageItem({
  message,
  grouped,
  myId,
  myUsername,
  canModerate,
  editing,
  readOnly,
  handlers,
}: {
  message: Message;
  grouped: boolean;
  myId: string;
  myUsername: string;
  canModerate: boolean;
  editing: boolean;
  readOnly: boolean;
  handlers: MessageHandlers;
}) {
  const { t } = useTranslation();
  const { CallMessage } = useChatExtensions();
  const time = timeOf(message.createdAt);
  if (message.callId) {
    return CallMessage ? <CallMessage message={message} myId={myId} readOnly={readOnly} /> : null;
  }
  if (message.kind === 'system') {
    return (
      <div className="msg-system">
        <span className="msg-system-text">
          {/* Membership lines name me often ("@grace joined"); they are not calls for my attention. */}
          <Markdown text={message.text} />
        </span>
        <time dateTime={message.createdAt} title={fullDateTime(message.createdAt)}>
          {time}
        </time>
      </div>
    );
  }
  const mine = message.author?.id === myId;
  const mentionsMe = !mine && message.mentions.includes(myId) && !message.deletedAt;
  const deleted = message.deletedAt !== null;
  const classes = [
    'msg',
    grouped ? 'msg-grouped' : '',
    mentionsMe ? 'msg-mentions-me' : '',
    editing ? 'msg-editing' : '',
    deleted ? 'msg-is-deleted' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const author = message.author?.displayName ?? t('chat.message.someone');
  return (
    <article className={classes} tabIndex={-1} aria-label={`${author}, ${time}`} data-seq={message.seq}>
      <div className="msg-gutter">
        {grouped && !message.action ? (
          <time
            className="msg-gutter-time"
            dateTime={message.createdAt}
            title={fullDateTime(message.createdAt)}
          >
            {time}
          </time>
        ) : message.author ? (
          <Avatar user={message.author} size="md" decorative />
        ) : null}
      </div>
      <div className="msg-body">
        {!grouped && !message.action && (
          <header className="msg-header">
            <span className="msg-author">{author}</span>
            <time dateTime={message.createdAt} title={fullDateTime(message.createdAt)}>
              {time}
            </time>
          </header>
        )}
        {message.replyTo && <Quote reply={message.replyTo} />}
        <MessageText message={message} myUsername={myUsername} />
        {!deleted && <MessageAttachments attachments={message.attachments} />}
        {message.discussion && (
          <Link className="msg-discussion" to={`/rooms/${message.discussion.roomId}`}>
            <Icon name="chat" />
            <span>
              {t('chat.message.discussion')} <strong>{message.discussion.displayName}</strong>
            </span>
          </Link>
        )}
        <MessageReactions message={message} myId={myId} readOnly={readOnly} />
        {message.thread && handlers.onThread && (
          <ThreadSummary thread={message.thread} onOpen={() => handlers.onThread?.(message)} />
        )}
      </div>
      {!deleted && !readOnly && (
        <div className="msg-actions" role="toolbar" aria-label={t('chat.message.actions', { author })}>
          <AddReactionButton message={message} className="msg-action-btn" />
          <ActionButton
            icon="reply"
            label={t('chat.message.reply')}
            onClick={() => handlers.onReply(message)}
          />
          {handlers.onThread && message.threadId === null && (
            <ActionButton
              icon="thread"
              label={t('chat.message.replyInThread')}
              onClick={() => handlers.onThread?.(message)}
            />
          )}
          {handlers.onDiscussion && (
            <ActionButton
              icon="chat"
              label={t('chat.message.startDiscussion')}
              onClick={() => handlers.onDiscussion?.(message)}
            />
          )}
          {mine && (
            <ActionButton
              icon="edit"
              label={t('chat.message.edit')}
              onClick={() => handlers.onEdit(message)}
            />
          )}
          {(mine || canModerate) && (
            <ActionButton
              icon="trash"
              label={t('chat.message.delete')}
              danger
              onClick={() => handlers.onDelete(message)}
            />
          )}
        </div>
      )}
    </article>
  );
});

export function PendingItem({
  pending,
  me,
  onRetry,
  onDiscard,
}: {
  pending: PendingSend;
  me: { id: string; username: string; displayName: string; avatarUrl: string | null };
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const failed = pending.status === 'failed';
  return (
    <article
      className={`msg msg-pending${failed ? ' msg-failed' : ''}`}
      aria-label={t(failed ? 'chat.message.pendingFailed' : 'chat.message.pendingSending', {
        name: me.displayName,
      })}
    >
      <div className="msg-gutter">
        <Avatar user={me} size="md" decorative />
      </div>
      <div className="msg-body">
        <header className="msg-header">
          <span className="msg-author">{me.displayName}</span>
          <span className="msg-status">{failed ? t('chat.message.notSent') : t('chat.message.sending')}</span>
        </header>
        {pending.replyTo && (
          <Quote
            reply={{
              id: pending.replyTo.id,
              author: pending.replyTo.author,
              text: pending.replyTo.text,
              deleted: pending.replyTo.deletedAt !== null,
            }}
          />
        )}
        <div className="msg-text">
          <Markdown text={pending.text} myUsername={me.username} />
        </div>
        {pending.attachments && <PendingAttachments files={pending.attachments} />}
        {failed && (
          <div className="msg-failure" role="alert">
            <Icon name="alert" />
            <span>{pending.error ? sayText(pending.error) : t('chat.message.failed')}</span>
            <button type="button" className="link-button" onClick={onRetry}>
              {t('chat.message.retry')}
            </button>
            <button type="button" className="link-button" onClick={onDiscard}>
              {t('chat.message.discard')}
            </button>
          </div>
        )}
      </div>
    </article>
  );
}

export function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className={`msg-notice msg-notice-${notice.tone}`} role="status">
      <Icon name={notice.tone === 'error' ? 'alert' : 'eye'} className="msg-notice-icon" />
      <div className="msg-notice-body">
        <span className="msg-notice-label">{t('chat.message.onlyYou')}</span>
        <span className="msg-notice-text">{sayText(notice.text)}</span>
      </div>
      <button type="button" className="link-button" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}

/** One of a message's hover actions: an icon button titled and named by `label`. */
function ActionButton({
  icon,
  label,
  danger = false,
  onClick,
}: {
  icon: IconName;
  label: string;
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={danger ? 'msg-action-btn msg-action-danger' : 'msg-action-btn'}
      onClick={onClick}
      title={label}
    >
      <Icon name={icon} />
      <span className="sr-only">{label}</span>
    </button>
  );
}
