import { useTranslation } from 'react-i18next';
import type { Room } from '@parley/shared';
import { Spinner } from '../../components/Spinner';
import { roomLabel } from './ChatProvider';

/** The top of a room's message list: loading older messages, their error, or the room's start. */
export function HistoryEdge({
  room,
  loadingOlder,
  olderError,
  historyStart,
  onRetry,
}: {
  room: Room;
  loadingOlder: boolean;
  olderError: string | null;
  historyStart: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return loadingOlder ? (
    <p className="history-edge">
      <Spinner size="sm" decorative /> {t('chat.timeline.loadingOlder')}
    </p>
  ) : olderError ? (
    <p className="history-edge history-error" role="alert">
      {t('chat.timeline.olderFailed')} {olderError}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </p>
  ) : historyStart ? (
    <p className="history-edge">
      {room.type === 'direct'
        ? t('chat.timeline.startDirect', { name: room.displayName })
        : t('chat.timeline.startRoom', { room: roomLabel(room) })}
    </p>
  ) : null;
}
