import type { CallPreview } from '@parley/shared';
import { CALL_TITLE_MAX_LENGTH } from '@parley/shared/constants';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const me = useMe();
  const code = isApiError(error) ? error.code : null;
  if (code === 'meetings_not_configured') {
    return (
      <Alert tone="warning" title={t('calls.start.notConfigured.title')}>
        {me.role === 'admin' ? (
          <Trans
            i18nKey="calls.start.notConfigured.admin"
            components={{ a: <Link to="/admin/video-calls" /> }}
          />
        ) : (
          t('calls.start.notConfigured.member')
        )}
      </Alert>
    );
  }
  if (code === 'calls_disabled') {
    return (
      <Alert tone="warning" title={t('calls.start.disabled.title')}>
        {errorMessage(error)}
        {me.role === 'admin' && (
          <>
            {' '}
            <Trans
              i18nKey="calls.start.disabled.admin"
              components={{ a: <Link to="/admin/video-calls" /> }}
            />
          </>
        )}
      </Alert>
    );
  }
  if (code === 'room_archived') {
    return (
      <Alert tone="warning" title={t('calls.start.archived.title')}>
        {t('calls.start.archived.body')}
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
  const { t } = useTranslation();
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
      title={current ? t('calls.start.current') : t('calls.start.title', { room: roomName })}
      className="dialog-wide start-call-dialog"
      onClose={onClose}
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {current ? (
            <Button icon={<Icon name="video" />} onClick={join}>
              {t('calls.start.joinCall')}
            </Button>
          ) : (
            <Button
              type="submit"
              form="start-call-form"
              icon={<Icon name="phone" />}
              busy={busy}
              disabled={!preview}
            >
              {t('calls.start.startCall')}
            </Button>
          )}
        </>
      }
    >
      {failure !== null && <CallProblem error={failure} title={t('calls.start.failed')} />}
      {load.status === 'loading' && <LoadingBlock label={t('calls.start.checking')} />}
      {load.status === 'error' && (
        <>
          <CallProblem error={load.error} title={t('calls.start.previewFailed')} />
          <Button variant="secondary" size="sm" onClick={load.retry}>
            {t('common.tryAgain')}
          </Button>
        </>
      )}
      {current && (
        <p>
          {inCall(current).length > 0
            ? t('calls.start.inItNow', {
                names: namesList(inCall(current).map(participantName)),
                count: inCall(current).length,
              })
            : t('calls.start.nobodyYet')}{' '}
          {t('calls.start.oneAtATime')}
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
            label={t('calls.start.titleLabel')}
            value={title}
            maxLength={CALL_TITLE_MAX_LENGTH}
            onChange={(event) => setTitle(event.target.value)}
            placeholder={t('calls.start.titlePlaceholder')}
          />
        </form>
      )}
    </Dialog>
  );
}

function Callees({ preview }: { preview: CallPreview }) {
  const { t } = useTranslation();
  const shown = preview.callees.slice(0, CALLEES_SHOWN);
  const more = preview.total - shown.length;
  if (preview.total === 0) {
    return <p>{t('calls.start.onlyYou')}</p>;
  }
  return (
    <div className="callees">
      <p className="callees-lead">
        {preview.ringing ? (
          <>
            <Icon name="bell" />{' '}
            {preview.type === 'direct'
              ? t('calls.start.willBeRungDirect')
              : t('calls.start.willBeRung', { count: preview.total })}
          </>
        ) : (
          <>
            <Icon name="users" /> {t('calls.start.nobodyRung')}
          </>
        )}
      </p>
      <ul className="callee-list" aria-label={t('calls.start.callees')}>
        {shown.map((user) => (
          <li key={user.id} className="callee">
            <Avatar user={user} size="sm" decorative />
            <span className="callee-name">{user.displayName}</span>
            <span className="callee-username">@{user.username}</span>
          </li>
        ))}
        {more > 0 && <li className="callee callee-more">{t('calls.start.more', { count: more })}</li>}
      </ul>
    </div>
  );
}
