import type { Room } from '@parley/shared';
import { useNavigate } from 'react-router-dom';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChatStore } from './chatStore';
import { useBusyAction } from './useBusyAction';

export function ArchiveDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const store = useChatStore();
  const { busy, error, run } = useBusyAction();
  const archive = !room.archived;
  const toggle = () =>
    run(async () => {
      const updated = await chatApi.updateRoom(room.id, { archived: archive });
      store.dispatch({ type: 'room/upsert', room: updated });
      onClose();
    });
  return (
    <ConfirmDialog
      title={archive ? `Archive ${room.displayName}?` : `Unarchive ${room.displayName}?`}
      confirmLabel={archive ? 'Archive' : 'Unarchive'}
      tone={archive ? 'danger' : 'primary'}
      busy={busy}
      onConfirm={() => void toggle()}
      onCancel={onClose}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <p>
        {archive
          ? 'Members can still read everything, but nobody can post until the room is unarchived.'
          : 'Members will be able to post again.'}
      </p>
    </ConfirmDialog>
  );
}

export function LeaveDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const store = useChatStore();
  const actions = useChatActions();
  const navigate = useNavigate();
  const { busy, error, run } = useBusyAction();
  const leave = () =>
    run(
      async () => {
        actions.leaving.add(room.id);
        await chatApi.leaveRoom(room.id);
        onClose();
        store.dispatch({ type: 'room/removed', roomId: room.id });
        void navigate('/');
      },
      () => actions.leaving.delete(room.id),
    );
  return (
    <ConfirmDialog
      title={`Leave ${room.displayName}?`}
      confirmLabel="Leave"
      tone="danger"
      busy={busy}
      onConfirm={() => void leave()}
      onCancel={onClose}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <p>
        {room.type === 'private'
          ? 'It’s private: you’ll need someone to invite you to come back.'
          : 'You can join again later from Browse channels.'}
      </p>
    </ConfirmDialog>
  );
}
