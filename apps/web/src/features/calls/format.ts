import type { Call, CallParticipant } from '@parley/shared';
import { t } from '../../i18n';
import { dayLabel, timeOf } from '../chat';
import { participantState } from './callsState';

/** "45 s", "12 min", "1 h 05 min": how long a call lasted, as a list shows it. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('calls.duration.seconds', { seconds: String(s) });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('calls.duration.minutes', { minutes: String(minutes) });
  return t('calls.duration.hours', {
    hours: String(Math.floor(minutes / 60)),
    minutes: String(minutes % 60).padStart(2, '0'),
  });
}

/** "4:07", "1:02:09": a running call's clock. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Seconds from when the call started (answered) to its end or `now`; null if it never started. */
export function callSeconds(call: Pick<Call, 'startedAt' | 'endedAt'>, now = Date.now()): number | null {
  if (call.startedAt === null) return null;
  const end = call.endedAt === null ? now : Date.parse(call.endedAt);
  return Math.max(0, (end - Date.parse(call.startedAt)) / 1000);
}

/** A participant's name as members see it: guests (issue 19) are marked "(guest)". */
export function participantName(p: Pick<CallParticipant, 'user' | 'guest'>): string {
  return p.guest === true || p.user.guest === true
    ? t('calls.guestName', { name: p.user.displayName })
    : p.user.displayName;
}

/** Whoever is in the meeting right now. */
export function inCall(call: Call): CallParticipant[] {
  return call.participants.filter((p) => p.state === 'joined');
}

/** Whoever entered the meeting at least once. */
export function joinedOnce(call: Call): CallParticipant[] {
  return call.participants.filter((p) => p.joinedAt !== null);
}

export function callerOf(call: Call): CallParticipant | undefined {
  return call.participants.find((p) => p.user.id === call.createdBy);
}

/** The people a call is with, seen from `myId` (everyone else in it). */
export function othersIn(call: Call, myId: string): CallParticipant[] {
  return call.participants.filter((p) => p.user.id !== myId);
}

export type Direction = 'outgoing' | 'incoming' | 'missed';

/** How a call looks from my side: I made it, it came to me, or it came to me and I missed it. */
export function directionOf(call: Call, myId: string): Direction {
  if (call.createdBy === myId) return 'outgoing';
  const mine = participantState(call, myId);
  if (mine === 'missed' || (call.status === 'missed' && mine !== 'accepted')) return 'missed';
  return 'incoming';
}

/** The one line that says where a call stands, for its message and the history lists. */
export function statusLine(call: Call, myId: string, now = Date.now()): string {
  const mineToMake = call.createdBy === myId;
  const seconds = callSeconds(call, now);
  switch (call.status) {
    case 'ringing':
      return mineToMake ? t('calls.status.calling') : t('calls.status.ringing');
    case 'ongoing':
      return t('calls.status.inCall');
    case 'ended':
      return seconds === null
        ? t('calls.status.ended')
        : t('calls.status.endedAfter', { duration: formatDuration(seconds) });
    case 'missed':
      return mineToMake ? t('calls.status.noAnswer') : t('calls.status.missed');
    case 'declined': {
      if (!mineToMake) {
        return participantState(call, myId) === 'declined'
          ? t('calls.status.youDeclined')
          : t('calls.status.declined');
      }
      const decliner = call.participants.find((p) => p.state === 'declined');
      return decliner
        ? t('calls.status.declinedBy', { name: decliner.user.displayName })
        : t('calls.status.declined');
    }
    case 'canceled':
      return mineToMake ? t('calls.status.canceled') : t('calls.status.canceledByCaller');
  }
}

/** The same for a history list, where the duration has its own column. */
export function historyStatus(call: Call, myId: string): string {
  if (call.status === 'ended') return t('calls.status.historyEnded');
  if (call.status === 'ongoing') return t('calls.status.goingOn');
  return statusLine(call, myId);
}

/** "Today 10:32", "Yesterday 18:05", "Monday, March 2 09:10". */
export function whenLabel(iso: string, now = new Date()): string {
  return `${dayLabel(iso, now)} ${timeOf(iso)}`;
}

/** "Alice Adams, Bob Brown and 3 others". */
export function namesList(names: string[], max = 3): string {
  if (names.length <= max) return andList(names);
  const rest = names.length - max;
  return t('calls.names.andOthers', { head: names.slice(0, max).join(', '), count: rest });
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function andList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return t('calls.names.and', { head: names.slice(0, -1).join(', '), last: names[names.length - 1]! });
}
