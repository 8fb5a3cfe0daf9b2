import type { Call, CallStatus } from '@parley/shared';
import { t } from '../../i18n';

export const CALL_STATUSES: readonly CallStatus[] = [
  'ringing',
  'ongoing',
  'ended',
  'missed',
  'declined',
  'canceled',
];

/** The word for each status; read when shown, so it follows the interface language. */
export const CALL_STATUS_LABELS: Readonly<Record<CallStatus, string>> = {
  get ringing() {
    return t('admin.callLog.status.ringing');
  },
  get ongoing() {
    return t('admin.callLog.status.ongoing');
  },
  get ended() {
    return t('admin.callLog.status.ended');
  },
  get missed() {
    return t('admin.callLog.status.missed');
  },
  get declined() {
    return t('admin.callLog.status.declined');
  },
  get canceled() {
    return t('admin.callLog.status.canceled');
  },
};

/** "45 s", "12 min 04 s", "1 h 05 min" (in the interface language). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('admin.callLog.duration.seconds', { seconds: String(s) });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    return t('admin.callLog.duration.minutes', {
      minutes: String(minutes),
      seconds: String(s % 60).padStart(2, '0'),
    });
  }
  return t('admin.callLog.duration.hours', {
    hours: String(Math.floor(minutes / 60)),
    minutes: String(minutes % 60).padStart(2, '0'),
  });
}

/** How long the call has been going (from when it started, not when it rang), or null if it never started. */
export function callDurationSeconds(call: Call, now: number): number | null {
  if (call.startedAt === null) return null;
  const end = call.endedAt === null ? now : Date.parse(call.endedAt);
  return Math.max(0, (end - Date.parse(call.startedAt)) / 1000);
}

/** Whoever entered the meeting at least once. */
export function joinedParticipants(call: Call) {
  return call.participants.filter((p) => p.joinedAt !== null);
}

/** The caller's participant entry, when the account still exists. */
export function callerOf(call: Call) {
  return call.participants.find((p) => p.user.id === call.createdBy) ?? null;
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What a Room or Person filter field names: a known label (picked from the list or the table),
 * else an id pasted as is. `undefined` when empty, null when it is neither.
 */
export function resolvePick(text: string, known: ReadonlyMap<string, string>): string | null | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const byLabel = known.get(value.toLowerCase());
  if (byLabel !== undefined) return byLabel;
  return ID_RE.test(value) ? value : null;
}
