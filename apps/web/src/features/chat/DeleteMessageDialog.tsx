import type { Message } from '@parley/shared';
import { errorMessage } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChatStore } from './chatStore';

/** Asks before deleting one of a room's messages, then deletes it (or says why it could not). */
export function DeleteMessageDialog({
  roomId,
  message,
  onClose,
}: {
  roomId: string;
  message: Message;
  onClose: () => void;
}) {
  const actions = useChatActions();
  const store = useChatStore();

  const confirmDelete = async () => {
    onClose();
    try {
      const deleted = await chatApi.deleteMessage(message.id);
      store.dispatch({ type: 'message/upsert', message: deleted });
    } catch (error) {
      actions.notice(roomId, `The message was not deleted: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <ConfirmDialog
      title="Delete this message?"
      confirmLabel="Delete"
      tone="danger"
      onConfirm={() => void confirmDelete()}
      onCancel={onClose}
    >
      <p>Everyone in the room will see “message deleted” in its place. This can’t be undone.</p>
    </ConfirmDialog>
  );
}
