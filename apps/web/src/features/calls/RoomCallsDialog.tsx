import type { Room } from '@parley/shared';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { callsApi } from './calls.api';
import { CallHistoryItem, useCallList } from './CallHistory';

/** The room's call history: when, who started it, how long, who joined; Call back or Join. */
export function RoomCallsDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const me = useMe();
  const { list, hasMore, more, loadMore, retry } = useCallList(room.id, (before, signal) =>
    callsApi.roomCalls(room.id, { before }, signal),
  );
  return (
    <Dialog
      title={room.type === 'direct' ? `Calls with ${room.displayName}` : `Calls in ${room.displayName}`}
      className="dialog-wide room-calls-dialog"
      onClose={onClose}
      actions={
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      }
    >
      {list.status === 'loading' && <LoadingBlock label="Loading calls…" />}
      {list.status === 'error' && (
        <LoadError title="The calls could not be loaded" message={list.error} onRetry={retry} />
      )}
      {list.status === 'ready' && list.calls.length === 0 && (
        <EmptyState icon="phone" title="No calls in this room yet" compact>
          Start one with the camera button in the header or with /jitsi.
        </EmptyState>
      )}
      {list.calls.length > 0 && (
        <ul className="call-list" aria-label="Calls">
          {list.calls.map((call) => (
            <CallHistoryItem key={call.id} call={call} myId={me.id} showRoom={false} onAction={onClose} />
          ))}
        </ul>
      )}
      {hasMore && list.status === 'ready' && (
        <div className="call-list-more">
          {more.error && <span className="field-error">{more.error}</span>}
          <Button variant="secondary" size="sm" busy={more.busy} onClick={() => void loadMore()}>
            Load more
          </Button>
        </div>
      )}
    </Dialog>
  );
}
