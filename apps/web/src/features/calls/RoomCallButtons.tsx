import type { Room } from '@parley/shared';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyPage } from '../../lib/lazyPage';
import { Icon } from '../../components/Icon';
import { useCallsActions } from './callsActions';
import { useCalls } from './callsStore';

// The room's call history loads when first opened.
const RoomCallsDialog = lazyPage(() => import('./RoomCallsDialog'), 'RoomCallsDialog');

/** The room header's call buttons: start a call (after a look at who will be rung) and the room's call history. */
export function RoomCallButtons({ room, member }: { room: Room; member: boolean }) {
  const { t } = useTranslation();
  const actions = useCallsActions();
  const [historyOpen, setHistoryOpen] = useState(false);
  const inThisRoom = useCalls((s) => s.active?.roomId === room.id);
  if (!member) return null;
  return (
    <>
      {!room.archived && !inThisRoom && (
        <button
          type="button"
          className="icon-button room-call-button"
          onClick={() => actions.confirm(room.id, room.displayName)}
          title={t('calls.room.start')}
        >
          <Icon name="video" />
          <span className="sr-only">{t('calls.room.start')}</span>
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        onClick={() => setHistoryOpen(true)}
        title={t('calls.room.history')}
      >
        <Icon name="phone" />
        <span className="sr-only">{t('calls.room.history')}</span>
      </button>
      <Suspense fallback={null}>
        {historyOpen && <RoomCallsDialog room={room} onClose={() => setHistoryOpen(false)} />}
      </Suspense>
    </>
  );
}
