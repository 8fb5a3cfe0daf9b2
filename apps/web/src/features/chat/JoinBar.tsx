import type { Room } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../components/Button';
import { chatApi } from './chat.api';
import { roomLabel, useChatActions } from './ChatProvider';
import { useOpenRoom } from './useRoomCreated';

/** The footer a visitor sees instead of the composer: what they are previewing, and a Join button. */
export function JoinBar({ room, historyReady }: { room: Room; historyReady: boolean }) {
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
        You’re previewing <strong>{roomLabel(room)}</strong>.
      </span>
      {joinError && <span className="field-error">{joinError}</span>}
      <Button busy={joining} onClick={() => void join()}>
        Join {room.type === 'team' ? 'team' : room.type === 'discussion' ? 'discussion' : 'channel'}
      </Button>
    </div>
  );
}
