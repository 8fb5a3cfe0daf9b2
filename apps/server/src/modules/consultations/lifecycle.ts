import type { ConsultationRole, ConsultationStatus } from '@parley/shared';
import { Errors } from '../../errors.js';

/**
 * Every status change a consultation can make, and the one place that says so. The services ask
 * `assertTransition` before writing; the repository records each change (who, when, from → to).
 *
 * held       → scheduled (the client confirms, or accepts a provider's proposal)
 *            → expired (the hold or proposal timed out — the sweeper)
 *            → canceled (either side lets it go; the client declining a proposal)
 * scheduled  → active (the first party joins)
 *            → canceled / late_canceled (either side, before the start; late inside the window)
 *            → no_show_provider / no_show_client (nobody joined in time — the sweeper)
 *            → scheduled (a reschedule or an accepted proposal: same id, the old start recorded)
 * active     → finished (both left, or the end plus grace passed — the sweeper)
 *            → no_show_client / no_show_provider (only one side ever joined — the sweeper)
 * The rest are endings: nothing leaves them.
 */
const ALLOWED: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  held: ['scheduled', 'expired', 'canceled'],
  scheduled: ['scheduled', 'active', 'canceled', 'late_canceled', 'no_show_client', 'no_show_provider'],
  active: ['finished', 'no_show_client', 'no_show_provider'],
  finished: [],
  canceled: [],
  late_canceled: [],
  no_show_client: [],
  no_show_provider: [],
  expired: [],
};

export function canTransition(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** What was refused, as the refusal names it (`error.transitionRefused`: "… so it cannot be confirmed"). */
export type ConsultationAction =
  | 'confirmed'
  | 'canceled'
  | 'rescheduled'
  | 'accepted'
  | 'moved'
  | 'declined'
  | 'changed'
  | 'givenNewTime'
  | 'expired';

/** Throws `consultation_state` (409) with a sentence saying why, when `from → to` is not allowed. */
export function assertTransition(
  from: ConsultationStatus,
  to: ConsultationStatus,
  action: ConsultationAction,
): void {
  if (!canTransition(from, to)) {
    throw Errors.consultationState('transitionRefused', { status: from, action });
  }
}

export function isEnded(status: ConsultationStatus): boolean {
  return ALLOWED[status].length === 0;
}

/** The other party. */
export function otherRole(role: ConsultationRole): ConsultationRole {
  return role === 'client' ? 'provider' : 'client';
}
