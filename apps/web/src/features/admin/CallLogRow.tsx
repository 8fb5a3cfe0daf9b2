import type { Call } from '@parley/shared';
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
      <td data-label="Started" className="call-when">
        {formatDateTime(call.createdAt)}
      </td>
      <td data-label="Room">
        <span className="call-room">
          <button
            type="button"
            className="call-pick"
            aria-label={`${call.roomDisplayName}: show only this room’s calls`}
            onClick={() => onPick('room', call.roomDisplayName)}
          >
            {call.roomDisplayName}
          </button>
          {call.title && <span className="muted call-title">{call.title}</span>}
          <span className="muted call-type">{call.type === 'direct' ? 'Direct call' : 'Group call'}</span>
        </span>
      </td>
      <td data-label="Status">
        <span className={`badge${tone}`}>{CALL_STATUS_LABELS[call.status]}</span>
      </td>
      <td data-label="Caller">
        {caller ? (
          <button
            type="button"
            className="call-pick"
            aria-label={`${caller.user.displayName}: show only their calls`}
            onClick={() => onPick('person', `@${caller.user.username}`)}
          >
            {caller.user.displayName}
          </button>
        ) : (
          <span className="muted">Deleted account</span>
        )}
      </td>
      <td data-label="Duration" className="call-duration">
        {seconds === null ? '—' : formatDuration(seconds)}
        {call.endedAt === null && seconds !== null && <span className="muted"> so far</span>}
      </td>
      <td data-label="Who joined">
        <div>
          {joined.length === 0 ? (
            <span className="muted">Nobody</span>
          ) : (
            <ul className="call-people">
              {joined.map((p) => (
                <li key={p.user.id}>
                  <button
                    type="button"
                    className="call-pick call-person"
                    aria-label={`${participantName(p)}: show only their calls`}
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
            {joined.length} of {call.participants.length}
          </span>
        </div>
      </td>
    </tr>
  );
}
