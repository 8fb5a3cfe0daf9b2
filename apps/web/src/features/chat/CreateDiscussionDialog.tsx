import type { Message } from '@parley/shared';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { optional, useSubmission } from '../../lib/forms';
import { chatApi } from './chat.api';
import { FormDialog } from './DialogForm';
import { useChat } from './chatStore';
import { plainPreview } from './markdown';
import { roomLabel } from './ChatProvider';
import { useOpenRoom } from './useRoomCreated';

/**
 * A discussion: a child room of any room, visible to that room's members; started from the room or
 * from one of its messages (then the message is its subject).
 */
export function CreateDiscussionDialog({
  parentId: presetParent,
  sourceMessage,
  onClose,
}: {
  parentId?: string;
  sourceMessage?: Message;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const openRoom = useOpenRoom();
  const rooms = useChat((s) => s.rooms);
  const parents = useMemo(
    () =>
      Object.values(rooms)
        // Nothing hangs off a consultation's chat.
        .filter((r) => r.type !== 'discussion' && r.type !== 'consultation' && !r.archived)
        .sort((a, b) => roomLabel(a).localeCompare(roomLabel(b))),
    [rooms],
  );
  const [parentId, setParentId] = useState(presetParent ?? parents[0]?.id ?? '');
  const [displayName, setDisplayName] = useState(sourceMessage ? plainPreview(sourceMessage.text, 80) : '');
  const [topic, setTopic] = useState('');
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = () =>
    submit(
      (s) => s.CreateRoomRequestSchema,
      {
        type: 'discussion',
        parentId: parentId || undefined,
        displayName,
        topic: optional(topic),
        ...(sourceMessage ? { sourceMessageId: sourceMessage.id } : {}),
      },
      async (body) => {
        const room = await chatApi.createRoom(body);
        onClose();
        openRoom(room);
      },
    );

  return (
    <FormDialog
      title={t('chat.discussion.title')}
      onClose={onClose}
      submitLabel={t('chat.discussion.submit')}
      busy={busy}
      intro={
        <>
          <p className="muted">{t('chat.discussion.intro')}</p>
          {sourceMessage && (
            <blockquote className="quote">
              <span className="quote-author">{sourceMessage.author?.displayName ?? t('chat.parley')}</span>
              <span className="quote-text">{plainPreview(sourceMessage.text, 140)}</span>
            </blockquote>
          )}
        </>
      }
      id="create-discussion-form"
      formRef={formRef}
      error={formError}
      errorTitle={t('chat.discussion.failed')}
      onSubmit={onSubmit}
    >
      <TextField
        label={t('chat.discussion.name')}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        placeholder={t('chat.discussion.namePlaceholder')}
        maxLength={80}
        error={errors.displayName}
        autoComplete="off"
      />
      {!presetParent && (
        <SelectField
          label={t('chat.discussion.inRoom')}
          value={parentId}
          onChange={(event) => setParentId(event.target.value)}
          options={parents.map((r) => ({ value: r.id, label: roomLabel(r) }))}
          error={errors.parentId}
        />
      )}
      <TextField
        label={t('chat.discussion.topic')}
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        maxLength={250}
        error={errors.topic}
      />
    </FormDialog>
  );
}
