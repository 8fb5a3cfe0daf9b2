import { formatRelative } from '../../i18n/format';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { Avatar } from '../../components/Avatar';
import { fullDateTime } from './time';
import './threads.css';

/** "5 minutes ago", "yesterday": how long ago a thread's last reply came, in the reader's language. */
export function sinceText(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return formatRelative(0, 'second');
  if (abs < 3_600) return formatRelative(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return formatRelative(Math.round(seconds / 3_600), 'hour');
  return formatRelative(Math.round(seconds / 86_400), 'day');
}

/**
 * Under a thread's root in the timeline (issue 20): the people who replied, "3 replies" and when the
 * last one came. Opens the thread.
 */
export function ThreadSummary({
  thread,
  onOpen,
}: {
  thread: NonNullable<Message['thread']>;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  if (thread.replies === 0) return null;
  const count = t('chat.thread.replies', { count: thread.replies });
  return (
    <button type="button" className="thread-summary" onClick={onOpen}>
      <span className="thread-summary-people" aria-hidden="true">
        {thread.participants.slice(0, 3).map((person) => (
          <Avatar key={person.id} user={person} size="xs" decorative />
        ))}
      </span>
      <span className="thread-summary-count">{count}</span>
      {thread.lastReplyAt && (
        <span className="thread-summary-last" title={fullDateTime(thread.lastReplyAt)}>
          {t('chat.thread.lastReply', { when: sinceText(thread.lastReplyAt) })}
        </span>
      )}
      <span className="sr-only">{t('chat.thread.open')}</span>
    </button>
  );
}
