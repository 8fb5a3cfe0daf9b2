import type { CallPreview } from '@parley/shared';
import { CALL_TITLE_MAX_LENGTH } from '@parley/shared/constants';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useLoad } from '../../lib/useLoad';
import { callsApi } from './calls.api';
import { useCallsActions } from './callsActions';
import { inCall, namesList, participantName } from './format';

/** Callees listed by name before "+N more". */
export const CALLEES_SHOWN = 12;

/** What a refusal means for the person, with the way out when there is one. */
function CallProblem({ error, title }: { error: unknown; title: string }) {
  const me = useMe();
  const code = isApiError(error) ? error.code : null;
  if (code === 'meetings_not_configured') {
    return (
      <Alert tone="warning" title="Video calls are not set up yet">
        {me.role === 'admin' ? (
          <>
            Choose a Jitsi server in <Link to="/admin/video-calls">Administration → Video calls</Link>, then
            try again.
          </>
        ) : (
          'An administrator needs to set up video calls for this workspace first.'
        )}
      </Alert>
    );
  }
  if (code === 'calls_disabled') {
    return (
      <Alert tone="warning" title="Calls are turned off here">
        {errorMessage(error)}
        {me.role === 'admin' && (
          <>
            {' '}
            Change it in <Link to="/admin/video-calls">Administration → Video calls</Link>.
          </>
        )}
      </Alert>
    );
  }
  if (code === 'room_archived') {
    return (
      <Alert tone="warning" title="This room is archived">
        Nobody can start a call in an archived room.
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={title}>
      {errorMessage(error)}
    </Alert>
  );
}

/**
 * Before a call starts: who will be called (names and avatars), whether they will be rung, an
 * optional title; then Start. A call already going on in the room is offered to join instead.
 */
export function StartCallDialog({
  roomId,
  roomName,
  onClose,
}: {
  roomId: string;
  roomName: string;
  onClose: () => void;
}) {
  const actions = useCallsActions();
  const load = useLoad((signal) => callsApi.preview(roomId, signal), [roomId]);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await actions.start(roomId, title);
      onClose();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  const preview = load.status === 'ready' ? load.data : null;
  const current = preview?.current ?? null;
  const join = () => {
    if (!current) return;
    onClose();
    actions.open(current);
  };

  return (
    <Dialog
      title={current ? 'A call is going on' : `Call ${roomName}`}
      className="dialog-wide start-call-dialog"
      onClose={onClose}
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {current ? (
            <Button icon={<Icon name="video" />} onClick={join}>
              Join call
            </Button>
          ) : (
            <Button
              type="submit"
              form="start-call-form"
              icon={<Icon name="phone" />}
              busy={busy}
              disabled={!preview}
            >
              Start call
            </Button>
          )}
        </>
      }
    >
      {failure !== null && <CallProblem error={failure} title="The call did not start" />}
      {load.status === 'loading' && <LoadingBlock label="Checking who will be called…" />}
      {load.status === 'error' && (
        <>
          <CallProblem error={load.error} title="Who would be called could not be loaded" />
          <Button variant="secondary" size="sm" onClick={load.retry}>
            Try again
          </Button>
        </>
      )}
      {current && (
        <p>
          {inCall(current).length > 0
            ? `${namesList(inCall(current).map(participantName))} ${inCall(current).length === 1 ? 'is' : 'are'} in it now.`
            : 'Nobody has entered it yet.'}{' '}
          A room has one call at a time: join this one.
        </p>
      )}
      {preview && !current && (
        <form
          id="start-call-form"
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <Callees preview={preview} />
          <TextField
            label="Title (optional)"
            value={title}
            maxLength={CALL_TITLE_MAX_LENGTH}
            onChange={(event) => setTitle(event.target.value)}
            placeholder="What is the call about?"
          />
        </form>
      )}
    </Dialog>
  );
}

function Callees({ preview }: { preview: CallPreview }) {
  const shown = preview.callees.slice(0, CALLEES_SHOWN);
  const more = preview.total - shown.length;
  if (preview.total === 0) {
    return <p>You are the only member of this room: the call starts with just you.</p>;
  }
  return (
    <div className="callees">
      <p className="callees-lead">
        {preview.ringing ? (
          <>
            <Icon name="bell" />{' '}
            {preview.type === 'direct' ? 'Will be rung:' : `${preview.total} will be rung:`}
          </>
        ) : (
          <>
            <Icon name="users" /> Nobody will be rung: the call shows in the room and members join from there.
          </>
        )}
      </p>
      <ul className="callee-list" aria-label="Who will be called">
        {shown.map((user) => (
          <li key={user.id} className="callee">
            <Avatar user={user} size="sm" decorative />
            <span className="callee-name">{user.displayName}</span>
            <span className="callee-username">@{user.username}</span>
          </li>
        ))}
        {more > 0 && <li className="callee callee-more">+{more} more</li>}
      </ul>
    </div>
  );
}
