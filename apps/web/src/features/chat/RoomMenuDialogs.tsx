import type { Room } from '@parley/shared';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChatStore } from './chatStore';

export function ArchiveDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const store = useChatStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archive = !room.archived;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await chatApi.updateRoom(room.id, { archived: archive });
      store.dispatch({ type: 'room/upsert', room: updated });
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={archive ? `Archive ${room.displayName}?` : `Unarchive ${room.displayName}?`}
      confirmLabel={archive ? 'Archive' : 'Unarchive'}
      tone={archive ? 'danger' : 'primary'}
      busy={busy}
      onConfirm={() => void run()}
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leave = async () => {
    setBusy(true);
    setError(null);
    actions.leaving.add(room.id);
    try {
      await chatApi.leaveRoom(room.id);
      onClose();
      store.dispatch({ type: 'room/removed', roomId: room.id });
      void navigate('/');
    } catch (e) {
      actions.leaving.delete(room.id);
      setError(errorMessage(e));
      setBusy(false);
    }
  };
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
