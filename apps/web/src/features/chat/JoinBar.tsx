import { useTranslation } from 'react-i18next';
import type { Room } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { chatApi } from './chat.api';
import { roomLabel, useChatActions } from './ChatProvider';
import { useOpenRoom } from './useRoomCreated';

/** The footer a visitor sees instead of the composer: what they are previewing, and a Join button. */
export function JoinBar({ room, historyReady }: { room: Room; historyReady: boolean }) {
  const { t } = useTranslation();
  const actions = useChatActions();
  const openRoom = useOpenRoom();
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<string | null>(null);

  const join = async () => {
    setJoining(true);
    setJoinError(null);
    try {
      openRoom(await chatApi.joinRoom(room.id));
      // What a visitor could not read, a member can: load it again.
      if (!historyReady) void actions.loadLatest(room.id);
    } catch (error) {
      setJoinError(errorMessage(error));
      setJoining(false);
    }
  };

  return (
    <div className="room-footer-bar">
      <span>
        {t('chat.join.previewing')} <strong>{roomLabel(room)}</strong>
      </span>
      {joinError && <span className="field-error">{joinError}</span>}
      <Button busy={joining} onClick={() => void join()}>
        {t(
          room.type === 'team'
            ? 'chat.join.team'
            : room.type === 'discussion'
              ? 'chat.join.discussion'
              : 'chat.join.channel',
        )}
      </Button>
    </div>
  );
}
