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
  return loadingOlder ? (
    <p className="history-edge">
      <Spinner size="sm" decorative /> Loading older messages…
    </p>
  ) : olderError ? (
    <p className="history-edge history-error" role="alert">
      Older messages could not be loaded. {olderError}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        Try again
      </button>
    </p>
  ) : historyStart ? (
    <p className="history-edge">
      {room.type === 'direct'
        ? `This is the beginning of your conversation with ${room.displayName}.`
        : `This is the very beginning of ${roomLabel(room)}.`}
    </p>
  ) : null;
}
