import type { Call } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { formatDateTime } from '../../lib/forms';
import { participantName } from '../calls';
import {
  CALL_STATUS_LABELS,
  callDurationSeconds,
  callerOf,
  formatDuration,
  joinedParticipants,
} from './callLog';

export function CallRow({
  call,
  now,
  onPick,
}: {
  call: Call;
  now: number;
  onPick: (field: 'room' | 'person', label: string) => void;
}) {
  const { t } = useTranslation();
  const caller = callerOf(call);
  const joined = joinedParticipants(call);
  const seconds = callDurationSeconds(call, now);
  const tone =
    call.status === 'ongoing' || call.status === 'ringing'
      ? ' badge-brand'
      : call.status === 'missed' || call.status === 'declined'
        ? ' badge-danger'
        : '';
  return (
    <tr>
      <td data-label={t('admin.callLog.columns.started')} className="call-when">
        {formatDateTime(call.createdAt)}
      </td>
      <td data-label={t('admin.callLog.columns.room')}>
        <span className="call-room">
          <button
            type="button"
            className="call-pick"
            aria-label={t('admin.callLog.onlyRoom', { room: call.roomDisplayName })}
            onClick={() => onPick('room', call.roomDisplayName)}
          >
            {call.roomDisplayName}
          </button>
          {call.title && <span className="muted call-title">{call.title}</span>}
          <span className="muted call-type">
            {call.type === 'direct' ? t('admin.callLog.direct') : t('admin.callLog.group')}
          </span>
        </span>
      </td>
      <td data-label={t('admin.callLog.columns.status')}>
        <span className={`badge${tone}`}>{CALL_STATUS_LABELS[call.status]}</span>
      </td>
      <td data-label={t('admin.callLog.columns.caller')}>
        {caller ? (
          <button
            type="button"
            className="call-pick"
            aria-label={t('admin.callLog.onlyPerson', { name: caller.user.displayName })}
            onClick={() => onPick('person', `@${caller.user.username}`)}
          >
            {caller.user.displayName}
          </button>
        ) : (
          <span className="muted">{t('admin.callLog.deletedAccount')}</span>
        )}
      </td>
      <td data-label={t('admin.callLog.columns.duration')} className="call-duration">
        {seconds === null ? '—' : formatDuration(seconds)}
        {call.endedAt === null && seconds !== null && (
          <span className="muted"> {t('admin.callLog.soFar')}</span>
        )}
      </td>
      <td data-label={t('admin.callLog.columns.joined')}>
        <div>
          {joined.length === 0 ? (
            <span className="muted">{t('admin.callLog.nobody')}</span>
          ) : (
            <ul className="call-people">
              {joined.map((p) => (
                <li key={p.user.id}>
                  <button
                    type="button"
                    className="call-pick call-person"
                    aria-label={t('admin.callLog.onlyPerson', { name: participantName(p) })}
                    onClick={() => onPick('person', `@${p.user.username}`)}
                  >
                    <Avatar user={p.user} size="sm" decorative />
                    <span>{participantName(p)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <span className="muted call-count">
            {t('admin.callLog.joinedOf', { joined: joined.length, invited: call.participants.length })}
          </span>
        </div>
      </td>
    </tr>
  );
}
