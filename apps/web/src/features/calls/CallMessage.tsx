import type { Call, Message } from '@parley/shared';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { fullDateTime, timeOf } from '../chat';
import { useCallsActions } from './callsActions';
import { isLive } from './callsState';
import { useCalls } from './callsStore';
import { formatDuration, inCall, joinedOnce, namesList, participantName, statusLine } from './format';
import { useCallSeconds } from './useCallSeconds';

const AVATARS_SHOWN = 6;

function iconFor(call: Call): IconName {
  if (isLive(call)) return 'video';
  return call.status === 'ended' ? 'phone' : 'phoneOff';
}

/**
 * A call's message in the room: who started it and where it stands, live from the calls store
 * (fetched once if this tab has not heard of it): "Calling…", "In call" with who is in and Join,
 * "Call ended · 12 min", missed, declined or canceled with Call back.
 */
export function CallMessage({
  message,
  myId,
  readOnly,
}: {
  message: Message;
  myId: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const callId = message.callId ?? '';
  const actions = useCallsActions();
  const call = useCalls((s) => s.calls[callId]);
  const lookup = useCalls((s) => s.lookups[callId]);
  const openHere = useCalls((s) => s.active?.callId === callId);
  const live = call !== undefined && isLive(call);
  const seconds = useCallSeconds(call);

  useEffect(() => {
    if (!call && callId) actions.ensure(callId);
  }, [call, callId, actions]);

  const author = message.author?.displayName ?? t('calls.someone');
  const time = (
    <time className="call-card-time" dateTime={message.createdAt} title={fullDateTime(message.createdAt)}>
      {timeOf(message.createdAt)}
    </time>
  );

  if (!call) {
    return (
      <div
        className="call-card call-card-unknown"
        role="group"
        aria-label={t('calls.message.label', { author })}
      >
        <span className="call-card-icon">
          <Icon name="video" />
        </span>
        <div className="call-card-body">
          <p className="call-card-title">
            <strong>{author}</strong> {message.text}
          </p>
          <p className="call-card-status">
            {lookup === 'error' ? (
              <>
                {t('calls.message.loadFailed')}{' '}
                <button type="button" className="link-button" onClick={() => void actions.refresh(callId)}>
                  {t('common.tryAgain')}
                </button>
              </>
            ) : (
              <>
                <Spinner size="sm" decorative /> {t('calls.message.loading')}
              </>
            )}
          </p>
        </div>
        {time}
      </div>
    );
  }

  const people = call.status === 'ongoing' ? inCall(call) : joinedOnce(call);
  const shown = people.slice(0, AVATARS_SHOWN);
  let status = statusLine(call, myId);
  if (call.status === 'ongoing' && seconds !== null) {
    status = t('calls.status.inCallFor', { duration: formatDuration(seconds) });
  }
  const names = namesList(people.map(participantName));
  const iRing = call.status === 'ringing' && call.createdBy === myId;

  return (
    <div
      className={`call-card call-card-${call.status}`}
      role="group"
      aria-label={t('calls.message.label', { author })}
    >
      <span className="call-card-icon">
        <Icon name={iconFor(call)} />
      </span>
      <div className="call-card-body">
        <p className="call-card-title">
          {call.title ? (
            <Trans
              i18nKey="calls.message.startedTitled"
              values={{ author, title: call.title }}
              components={{ b: <strong /> }}
            />
          ) : (
            <Trans i18nKey="calls.message.started" values={{ author }} components={{ b: <strong /> }} />
          )}
        </p>
        <p className="call-card-status">
          <span className="call-card-state">{status}</span>
          {people.length > 0 && (
            <span className="call-card-people">
              <span className="avatar-stack" aria-hidden="true">
                {shown.map((p) => (
                  <Avatar key={p.user.id} user={p.user} size="xs" decorative />
                ))}
              </span>
              <span className="call-card-names">
                {call.status === 'ongoing'
                  ? t('calls.message.areIn', { names, count: people.length })
                  : t('calls.history.joined', { names })}
              </span>
            </span>
          )}
        </p>
      </div>
      <div className="call-card-actions">
        {live && !openHere && !iRing && (
          <Button size="sm" icon={<Icon name="video" />} onClick={() => actions.open(call)}>
            {t('calls.join')}
          </Button>
        )}
        {live && openHere && <span className="badge badge-brand">{t('calls.youreIn')}</span>}
        {!live && !readOnly && (
          <Button
            size="sm"
            variant="secondary"
            icon={<Icon name="phone" />}
            onClick={() => actions.confirm(call.roomId, call.roomDisplayName)}
          >
            {t('calls.callBack')}
          </Button>
        )}
      </div>
      {time}
    </div>
  );
}
