import type { Room } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChatStore } from './chatStore';
import { useBusyAction } from './useBusyAction';

export function ArchiveDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation();
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
      title={
        archive
          ? t('chat.roomMenu.archiveTitle', { room: room.displayName })
          : t('chat.roomMenu.unarchiveTitle', { room: room.displayName })
      }
      confirmLabel={archive ? t('chat.roomMenu.archive') : t('chat.roomMenu.unarchive')}
      tone={archive ? 'danger' : 'primary'}
      busy={busy}
      onConfirm={() => void toggle()}
      onCancel={onClose}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <p>{archive ? t('chat.roomMenu.archiveBody') : t('chat.roomMenu.unarchiveBody')}</p>
    </ConfirmDialog>
  );
}

export function LeaveDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation();
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
      title={t('chat.roomMenu.leaveTitle', { room: room.displayName })}
      confirmLabel={t('chat.roomMenu.leave')}
      tone="danger"
      busy={busy}
      onConfirm={() => void leave()}
      onCancel={onClose}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <p>{room.type === 'private' ? t('chat.roomMenu.leavePrivate') : t('chat.roomMenu.leavePublic')}</p>
    </ConfirmDialog>
  );
}
