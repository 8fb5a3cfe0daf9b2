import type { Message } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { saying } from './said';
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
  const { t } = useTranslation();
  const actions = useChatActions();
  const store = useChatStore();

  const confirmDelete = async () => {
    onClose();
    try {
      const deleted = await chatApi.deleteMessage(message.id);
      store.dispatch({ type: 'message/upsert', message: deleted });
    } catch (error) {
      actions.notice(roomId, saying('chat.deleteMessage.failed', { error: errorMessage(error) }), 'error');
    }
  };

  return (
    <ConfirmDialog
      title={t('chat.deleteMessage.title')}
      confirmLabel={t('chat.deleteMessage.confirm')}
      tone="danger"
      onConfirm={() => void confirmDelete()}
      onCancel={onClose}
    >
      <p>{t('chat.deleteMessage.body')}</p>
    </ConfirmDialog>
  );
}
