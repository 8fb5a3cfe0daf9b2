import {
  ENDED_CONSULTATION_STATUSES,
  type ConsultationsSettings,
  type ConsultationStatus,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import type { ConsultationRow } from './consultations.repository.js';

/** The statuses in which there is a call to be in. */
export const LIVE_STATUSES: readonly ConsultationStatus[] = ['scheduled', 'active'];

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
    throw Errors.consultationState('joinNotConfirmed');
  }
  if (ENDED_CONSULTATION_STATUSES.includes(row.status)) {
    throw Errors.consultationState('joinEnded', { status: row.status });
  }
  const { opensMs, closesMs } = joinWindow(row, settings);
  if (nowMs < opensMs) {
    const lead = settings.joinLeadMinutes;
    throw Errors.joinWindowClosed('joinOpensAt', { lead }, { opens: opensMs });
  }
  if (nowMs >= closesMs) {
    throw Errors.joinWindowClosed('joinClosedAt', {}, { closes: closesMs });
  }
}
