import { useMemo, useRef, useState } from 'react';
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
  const what = kind === 'team' ? 'team' : 'channel';

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
      title={kind === 'team' ? 'Create a team' : 'Create a channel'}
      onClose={onClose}
      submitLabel={kind === 'team' ? 'Create team' : 'Create channel'}
      busy={busy}
      intro={
        <p className="muted">
          {kind === 'team'
            ? 'A team has its own room, and its members see the team’s channels.'
            : 'Channels are where a group talks about one subject.'}
        </p>
      }
      id="create-room-form"
      formRef={formRef}
      error={formError}
      errorTitle={`The ${what} could not be created`}
      onSubmit={onSubmit}
    >
      <TextField
        label="Name"
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        placeholder={kind === 'team' ? 'e.g. Design' : 'e.g. Design reviews'}
        maxLength={80}
        error={errors.displayName}
        autoComplete="off"
      />
      <TextField
        label="Handle"
        value={handle}
        onChange={(event) => {
          setNameEdited(true);
          setName(event.target.value.toLowerCase());
        }}
        hint={`Lowercase letters, digits, dots, dashes or underscores; unique in the workspace. Shown as #${handle || 'handle'}.`}
        maxLength={48}
        error={errors.name}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label="Topic (optional)"
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        placeholder="What is it about?"
        maxLength={250}
        error={errors.topic}
      />
      {kind === 'channel' && (
        <fieldset className="fieldset">
          <legend>Who can join</legend>
          <label className="radio-card">
            <input
              type="radio"
              name="visibility"
              checked={visibility === 'channel'}
              onChange={() => setVisibility('channel')}
            />
            <span>
              <strong>Public</strong>
              <span className="muted"> — anyone in the workspace can find and join it.</span>
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
              <strong>Private</strong>
              <span className="muted"> — only people you invite can see it.</span>
            </span>
          </label>
        </fieldset>
      )}
      {kind === 'channel' && teams.length > 0 && (
        <SelectField
          label="Team (optional)"
          value={teamId}
          onChange={(event) => setTeamId(event.target.value)}
          options={[
            { value: '', label: 'No team' },
            ...teams.map((t) => ({ value: t.id, label: t.displayName })),
          ]}
          hint="Members of the team see a public channel of the team in their directory."
        />
      )}
    </FormDialog>
  );
}
