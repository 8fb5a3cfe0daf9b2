import type { Call, CallListResponse } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { usePagedLoad } from '../../lib/useLoad';
import { fullDateTime } from '../chat';
import { useCallsActions } from './callsActions';
import { isLive } from './callsState';
import { useCalls } from './callsStore';
import {
  callerOf,
  callSeconds,
  directionOf,
  formatDuration,
  joinedOnce,
  namesList,
  historyStatus,
  participantName,
  whenLabel,
  type Direction,
} from './format';

export type CallList =
  | { status: 'loading'; calls: Call[] }
  | { status: 'error'; calls: Call[]; error: string }
  | { status: 'ready'; calls: Call[] };

/**
 * Pages of calls, newest first: the first page on `key` change, "Load more" with `nextBefore`. A
 * failed "more" keeps what is shown and says so beside the button.
 */
export function useCallList(
  key: string,
  fetchPage: (before: string | null, signal: AbortSignal) => Promise<CallListResponse>,
) {
  const pages = usePagedLoad<CallListResponse>(
    {
      first: (signal) => fetchPage(null, signal),
      next: (loaded, signal) => (loaded.nextBefore ? fetchPage(loaded.nextBefore, signal) : null),
      append: (loaded, page) => {
        const seen = new Set(loaded.calls.map((c) => c.id));
        return {
          calls: [...loaded.calls, ...page.calls.filter((c) => !seen.has(c.id))],
          nextBefore: page.nextBefore,
        };
      },
    },
    [key],
  );
  const list: CallList =
    pages.status === 'ready'
      ? { status: 'ready', calls: pages.data.calls }
      : pages.status === 'error'
        ? { status: 'error', calls: [], error: pages.message }
        : { status: 'loading', calls: [] };
  const hasMore = pages.status === 'ready' && pages.data.nextBefore !== null;
  return { list, hasMore, more: pages.more, loadMore: pages.loadMore, retry: pages.retry };
}

/** The catalogue key of each direction's label. */
const DIRECTION_LABELS: Record<Direction, string> = {
  outgoing: 'calls.direction.outgoing',
  incoming: 'calls.direction.incoming',
  missed: 'calls.direction.missed',
};

const DIRECTION_ICONS: Record<Direction, IconName> = {
  outgoing: 'phone',
  incoming: 'phone',
  missed: 'phoneOff',
};

/**
 * One call in a history list: where (my calls page) or who started it (a room's history), when,
 * how long, who joined, and Call back (Join while it is going on). Follows live updates.
 */
export function CallHistoryItem({
  call: listed,
  myId,
  showRoom,
  onAction,
}: {
  call: Call;
  myId: string;
  /** My calls page: name the room (with a link); a room's own history names the caller instead. */
  showRoom: boolean;
  /** Called before the item opens a room, a call or the start dialog (a dialog listing it closes). */
  onAction?: () => void;
}) {
  const { t } = useTranslation();
  const actions = useCallsActions();
  const known = useCalls((s) => s.calls[listed.id]);
  // What this tab heard last, unless the list already knows the call ended (calls only move towards their end).
  const call = known && !(isLive(known) && !isLive(listed)) ? known : listed;
  const openHere = useCalls((s) => s.active?.callId === listed.id);
  const direction = directionOf(call, myId);
  const live = isLive(call);
  const seconds = callSeconds(call);
  const joined = joinedOnce(call);
  const caller = callerOf(call);
  const status = historyStatus(call, myId);
  const duration = seconds !== null && !live ? formatDuration(seconds) : null;

  return (
    <li className={`call-item call-item-${call.status}${direction === 'missed' ? ' is-missed' : ''}`}>
      <span className={`call-item-icon call-item-icon-${direction}`} aria-hidden="true">
        <Icon name={live ? 'video' : DIRECTION_ICONS[direction]} />
      </span>
      <div className="call-item-main">
        <p className="call-item-title">
          {showRoom ? (
            <Link to={`/rooms/${call.roomId}`} onClick={onAction}>
              {call.roomDisplayName}
            </Link>
          ) : (
            <span>
              {caller
                ? t('calls.history.called', { name: caller.user.displayName })
                : t('calls.history.aCall')}
            </span>
          )}
          {call.title && <span className="call-item-subject"> · {call.title}</span>}
        </p>
        <p className="call-item-meta">
          {showRoom && (
            <span className={`call-item-direction call-item-direction-${direction}`}>
              {t(DIRECTION_LABELS[direction])}
            </span>
          )}
          <time dateTime={call.createdAt} title={fullDateTime(call.createdAt)}>
            {whenLabel(call.createdAt)}
          </time>
          <span>{status}</span>
          {duration && (
            <span>
              <span className="sr-only">{t('calls.history.duration')} </span>
              {duration}
            </span>
          )}
        </p>
        <p className="call-item-joined">
          {joined.length > 0 ? (
            <>
              <span className="avatar-stack" aria-hidden="true">
                {joined.slice(0, 5).map((p) => (
                  <Avatar key={p.user.id} user={p.user} size="xs" decorative />
                ))}
              </span>
              <span className="call-item-names">
                {t('calls.history.joined', { names: namesList(joined.map(participantName)) })}
              </span>
            </>
          ) : (
            <span className="muted">{t('calls.history.nobodyJoined')}</span>
          )}
        </p>
      </div>
      <div className="call-item-actions">
        {live && openHere ? (
          <span className="badge badge-brand">{t('calls.youreIn')}</span>
        ) : live ? (
          <Button
            size="sm"
            icon={<Icon name="video" />}
            onClick={() => {
              onAction?.();
              actions.open(call);
            }}
          >
            {t('calls.join')}
          </Button>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            icon={<Icon name="phone" />}
            onClick={() => {
              onAction?.();
              actions.confirm(call.roomId, call.roomDisplayName);
            }}
          >
            {t('calls.callBack')}
            <span className="sr-only"> {call.roomDisplayName}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
