import {
  ENDED_CONSULTATION_STATUSES,
  type ConsultationsSettings,
  type ConsultationStatus,
} from '@parley/shared';
import { DateTime } from 'luxon';
import { Errors } from '../../errors.js';
import type { ConsultationRow } from './consultations.repository.js';

/** The statuses in which there is a call to be in. */
export const LIVE_STATUSES: readonly ConsultationStatus[] = ['scheduled', 'active'];

/** How an ended (or never confirmed) consultation is described in refusals. */
export const DESCRIBED: Partial<Record<ConsultationStatus, string>> = {
  finished: 'has finished',
  canceled: 'was canceled',
  late_canceled: 'was canceled',
  no_show_client: 'has ended (the client did not join)',
  no_show_provider: 'has ended (the provider did not join)',
  expired: 'expired before it was confirmed',
};

/** `08:50 UTC on 1 December 2026`: times in sentences, for people whose timezone Parley does not know. */
export function formatUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).setLocale('en-GB').toFormat("HH:mm 'UTC on' d LLLL yyyy");
}

/** When the join window opens and closes (ms): the lead before the start, the grace after the end. */
export function joinWindow(
  row: Pick<ConsultationRow, 'start_at' | 'end_at'>,
  settings: Pick<ConsultationsSettings, 'joinLeadMinutes' | 'graceMinutes'>,
): { opensMs: number; closesMs: number } {
  return {
    opensMs: Date.parse(row.start_at) - settings.joinLeadMinutes * 60_000,
    closesMs: Date.parse(row.end_at) + settings.graceMinutes * 60_000,
  };
}

export function insideWindow(row: ConsultationRow, settings: ConsultationsSettings, nowMs: number): boolean {
  const { opensMs, closesMs } = joinWindow(row, settings);
  return nowMs >= opensMs && nowMs < closesMs;
}

/** Refuses a join with a sentence: not confirmed, over, or outside the window (saying when it opens). */
export function assertJoinable(row: ConsultationRow, settings: ConsultationsSettings, nowMs: number): void {
  if (row.status === 'held') {
    throw Errors.consultationState('This consultation is not confirmed yet, so it cannot be joined');
  }
  if (ENDED_CONSULTATION_STATUSES.includes(row.status)) {
    throw Errors.consultationState(
      `This consultation ${DESCRIBED[row.status] ?? 'has ended'}, so it cannot be joined`,
    );
  }
  const { opensMs, closesMs } = joinWindow(row, settings);
  if (nowMs < opensMs) {
    const lead = settings.joinLeadMinutes;
    throw Errors.joinWindowClosed(
      `This consultation opens for joining at ${formatUtc(opensMs)}` +
        (lead > 0 ? `, ${lead} minute${lead === 1 ? '' : 's'} before it starts` : ', when it starts'),
    );
  }
  if (nowMs >= closesMs) {
    throw Errors.joinWindowClosed(`The time to join this consultation ended at ${formatUtc(closesMs)}`);
  }
}
