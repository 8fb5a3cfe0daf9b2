import { useTranslation } from 'react-i18next';
import { Navigate, useMatch, useParams, useSearchParams } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { orMissing, useLoad } from '../../lib/useLoad';
import { LoadingBlock } from '../../components/Spinner';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChat } from './chatStore';
import { isConsultationRoom, roomPath } from './roomPaths';
import './chat.css';
import { RoomScreen } from './RoomScreen';

export function RoomPage() {
  const { roomId = '' } = useParams();
  // `?seq=`: open at that message (a search result), once per result opened.
  const seq = Number(useSearchParams()[0].get('seq'));
  const jumpTo = Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
  // A fresh view per room: scroll position, unread line and composer mode belong to one room.
  return <RoomView key={`${roomId}:${jumpTo ?? ''}`} roomId={roomId} jumpTo={jumpTo} />;
}

/**
 * A room I am not in (public preview) or one that is not in my list yet: asked for by id. `undefined`
 * while not asked (the room is in my list, or the list is not loaded yet), `null` when there is no
 * such room for me.
 */
function useRoomOutsideList(roomId: string, inList: boolean, listReady: boolean) {
  return useLoad(
    async (signal) =>
      inList || !listReady ? undefined : orMissing(chatApi.room(roomId, signal), [404, 403]),
    [roomId, inList, listReady],
  );
}

function RoomView({ roomId, jumpTo }: { roomId: string; jumpTo: number | undefined }) {
  const { t } = useTranslation();
  const summary = useChat((s) => s.rooms[roomId]);
  const roomsStatus = useChat((s) => s.roomsStatus);
  const roomsError = useChat((s) => s.roomsError);
  const actions = useChatActions();
  // `/rooms/:roomId/thread/:rootId`: the room with a thread open (issue 20).
  const threadId = useMatch('/rooms/:roomId/thread/:rootId')?.params.rootId ?? null;
  const outside = useRoomOutsideList(roomId, summary !== undefined, roomsStatus === 'ready');
  const outsideRoom = outside.status === 'ready' ? outside.data : undefined;

  const found = summary ?? outsideRoom ?? undefined;
  // A consultation's chat is reached only through its consultation's page.
  if (found && isConsultationRoom(found)) {
    return found.consultationId ? <Navigate to={roomPath(found)} replace /> : <RoomNotFound />;
  }
  if (summary) return <RoomScreen room={summary} member threadId={threadId} jumpTo={jumpTo} />;
  if (roomsStatus === 'error') {
    return (
      <div className="room-state">
        <LoadError
          title={t('chat.roomPage.roomsFailed')}
          message={roomsError ?? ''}
          onRetry={() => void actions.reloadRooms()}
        />
      </div>
    );
  }
  if (outsideRoom) {
    return (
      <RoomScreen
        room={outsideRoom}
        member={outsideRoom.myRole !== null}
        threadId={threadId}
        jumpTo={jumpTo}
      />
    );
  }
  if (outsideRoom === null) return <RoomNotFound />;
  if (outside.status === 'error') {
    return (
      <div className="room-state">
        <LoadError title={t('chat.roomPage.loadFailed')} message={outside.message} onRetry={outside.retry} />
      </div>
    );
  }
  return (
    <div className="room-state">
      <LoadingBlock label={t('chat.roomPage.loading')} />
    </div>
  );
}

function RoomNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('chat.roomPage.notFound'));
  // The same words whether the room never existed or is private: nothing tells the two apart.
  return (
    <div className="room-state">
      <NotFound title={t('chat.roomPage.notFound')} pageHeading headingClassName="room-missing-title">
        {t('chat.roomPage.notFoundBody')}
      </NotFound>
    </div>
  );
}
