import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { optional, useSubmission } from '../../lib/forms';
import { chatApi } from './chat.api';
import { FormDialog } from './DialogForm';
import { useChat } from './chatStore';
import { useOpenRoom } from './useRoomCreated';

/** "Design Reviews!" → "design-reviews": a handle suggestion while the handle has not been typed by hand. */
export function handleFrom(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 48);
}

export type CreateKind = 'channel' | 'team';

/** Create a channel (public or private, optionally inside a team) or a team. */
export function CreateRoomDialog({
  kind,
  onClose,
  teamId: presetTeam,
}: {
  kind: CreateKind;
  onClose: () => void;
  teamId?: string;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const openRoom = useOpenRoom();
  const rooms = useChat((s) => s.rooms);
  const teams = useMemo(
    () =>
      Object.values(rooms)
        .filter((r) => r.type === 'team' && !r.archived)
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    [rooms],
  );
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'channel' | 'private'>('channel');
  const [teamId, setTeamId] = useState(presetTeam ?? '');
  const { errors, formError, busy, submit } = useSubmission(formRef);
  const handle = nameEdited ? name : handleFrom(displayName);

  const onSubmit = () =>
    submit(
      (s) => s.CreateRoomRequestSchema,
      {
        type: kind === 'team' ? 'team' : visibility,
        name: handle,
        displayName: optional(displayName),
        topic: optional(topic),
        ...(kind === 'channel' && teamId ? { teamId } : {}),
      },
      async (body) => {
        const room = await chatApi.createRoom(body);
        onClose();
        openRoom(room);
      },
      (error, failure) =>
        isApiError(error) && error.code === 'room_name_taken'
          ? { message: '', fields: { name: failure.message } }
          : failure,
    );

  return (
    <FormDialog
      title={kind === 'team' ? t('chat.createRoom.teamTitle') : t('chat.createRoom.channelTitle')}
      onClose={onClose}
      submitLabel={kind === 'team' ? t('chat.createRoom.createTeam') : t('chat.createRoom.createChannel')}
      busy={busy}
      intro={
        <p className="muted">
          {kind === 'team' ? t('chat.createRoom.teamIntro') : t('chat.createRoom.channelIntro')}
        </p>
      }
      id="create-room-form"
      formRef={formRef}
      error={formError}
      errorTitle={kind === 'team' ? t('chat.createRoom.teamFailed') : t('chat.createRoom.channelFailed')}
      onSubmit={onSubmit}
    >
      <TextField
        label={t('chat.createRoom.name')}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        placeholder={
          kind === 'team' ? t('chat.createRoom.teamPlaceholder') : t('chat.createRoom.channelPlaceholder')
        }
        maxLength={80}
        error={errors.displayName}
        autoComplete="off"
      />
      <TextField
        label={t('chat.createRoom.handle')}
        value={handle}
        onChange={(event) => {
          setNameEdited(true);
          setName(event.target.value.toLowerCase());
        }}
        hint={t('chat.createRoom.handleHint', { handle: handle || t('chat.createRoom.handleExample') })}
        maxLength={48}
        error={errors.name}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label={t('chat.createRoom.topic')}
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        placeholder={t('chat.createRoom.topicPlaceholder')}
        maxLength={250}
        error={errors.topic}
      />
      {kind === 'channel' && (
        <fieldset className="fieldset">
          <legend>{t('chat.createRoom.whoCanJoin')}</legend>
          <label className="radio-card">
            <input
              type="radio"
              name="visibility"
              checked={visibility === 'channel'}
              onChange={() => setVisibility('channel')}
            />
            <span>
              <strong>{t('chat.createRoom.public')}</strong>
              <span className="muted"> {t('chat.createRoom.publicHint')}</span>
            </span>
          </label>
          <label className="radio-card">
            <input
              type="radio"
              name="visibility"
              checked={visibility === 'private'}
              onChange={() => setVisibility('private')}
            />
            <span>
              <strong>{t('chat.createRoom.private')}</strong>
              <span className="muted"> {t('chat.createRoom.privateHint')}</span>
            </span>
          </label>
        </fieldset>
      )}
      {kind === 'channel' && teams.length > 0 && (
        <SelectField
          label={t('chat.createRoom.team')}
          value={teamId}
          onChange={(event) => setTeamId(event.target.value)}
          options={[
            { value: '', label: t('chat.createRoom.noTeam') },
            ...teams.map((team) => ({ value: team.id, label: team.displayName })),
          ]}
          hint={t('chat.createRoom.teamHint')}
        />
      )}
    </FormDialog>
  );
}
