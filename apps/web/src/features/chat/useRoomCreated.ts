import type { Room } from '@parley/shared';
import { useNavigate } from 'react-router-dom';
import { useChatStore } from './chatStore';

/** After creating or joining a room: put it in the sidebar at once and open it. */
export function useOpenRoom() {
  const store = useChatStore();
  const navigate = useNavigate();
  return (room: Room) => {
    store.dispatch({ type: 'room/upsert', room });
    void navigate(`/rooms/${room.id}`);
  };
}
