import type { Room } from '@parley/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/TextField';
import { useSubmission } from '../../lib/forms';
import { chatApi } from './chat.api';
import { useChatStore } from './chatStore';
import { FormDialog } from './DialogForm';

/** A room's name and topic, edited from its header's menu. */
export function EditRoomDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const store = useChatStore();
  const [displayName, setDisplayName] = useState(room.displayName);
  const [topic, setTopic] = useState(room.topic);
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const onSubmit = () =>
    submit(
      (s) => s.UpdateRoomRequestSchema,
      { displayName, topic: topic.trim() },
      async (body) => {
        const updated = await chatApi.updateRoom(room.id, body);
        store.dispatch({ type: 'room/upsert', room: updated });
        onClose();
      },
    );
  return (
    <FormDialog
      title={t('chat.editRoom.title', { room: room.displayName })}
      onClose={onClose}
      submitLabel={t('chat.editRoom.save')}
      busy={busy}
      id="edit-room-form"
      formRef={formRef}
      error={formError}
      errorTitle={t('chat.editRoom.failed')}
      onSubmit={onSubmit}
    >
      <TextField
        label={t('chat.editRoom.name')}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        maxLength={80}
        error={errors.displayName}
        hint={room.name ? t('chat.editRoom.handleHint', { handle: room.name }) : undefined}
      />
      <TextField
        label={t('chat.editRoom.topic')}
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        maxLength={250}
        error={errors.topic}
        hint={t('chat.editRoom.topicHint')}
      />
    </FormDialog>
  );
}
