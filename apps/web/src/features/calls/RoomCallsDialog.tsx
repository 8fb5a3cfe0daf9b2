import type { Room } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { callsApi } from './calls.api';
import { CallHistoryItem, useCallList } from './CallHistory';
import { GuestLinksDialog } from './GuestLinksDialog';
import { Icon } from '../../components/Icon';

/**
 * The room's call history: when, who started it, how long, who joined; Call back or Join. Its owners
 * and moderators also find "Invite guests" here (links into the room's calls, issue 19).
 */
export function RoomCallsDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [inviting, setInviting] = useState(false);
  const { list, hasMore, more, loadMore, retry } = useCallList(room.id, (before, signal) =>
    callsApi.roomCalls(room.id, { before }, signal),
  );
  const canInvite = room.type !== 'direct' && (room.myRole === 'owner' || room.myRole === 'moderator');
  if (inviting) {
    // A link is made from the room's newest call; it leads into whichever call is live in the room.
    return (
      <GuestLinksDialog
        roomId={room.id}
        callId={list.calls[0]?.id ?? null}
        title={room.displayName}
        onClose={onClose}
      />
    );
  }
  return (
    <Dialog
      title={
        room.type === 'direct'
          ? t('calls.roomCalls.titleDirect', { name: room.displayName })
          : t('calls.roomCalls.title', { room: room.displayName })
      }
      className="dialog-wide room-calls-dialog"
      onClose={onClose}
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('calls.close')}
          </Button>
          {canInvite && list.status === 'ready' && (
            <Button variant="secondary" icon={<Icon name="users" />} onClick={() => setInviting(true)}>
              {t('calls.inviteGuests')}
            </Button>
          )}
        </>
      }
    >
      {list.status === 'loading' && <LoadingBlock label={t('calls.list.loading')} />}
      {list.status === 'error' && (
        <LoadError title={t('calls.roomCalls.loadFailed')} message={list.error} onRetry={retry} />
      )}
      {list.status === 'ready' && list.calls.length === 0 && (
        <EmptyState icon="phone" title={t('calls.roomCalls.emptyTitle')} compact>
          {t('calls.roomCalls.empty')}
        </EmptyState>
      )}
      {list.calls.length > 0 && (
        <ul className="call-list" aria-label={t('calls.roomCalls.list')}>
          {list.calls.map((call) => (
            <CallHistoryItem key={call.id} call={call} myId={me.id} showRoom={false} onAction={onClose} />
          ))}
        </ul>
      )}
      {hasMore && list.status === 'ready' && (
        <div className="call-list-more">
          {more.error && <span className="field-error">{more.error}</span>}
          <Button variant="secondary" size="sm" busy={more.busy} onClick={() => void loadMore()}>
            {t('calls.list.more')}
          </Button>
        </div>
      )}
    </Dialog>
  );
}
