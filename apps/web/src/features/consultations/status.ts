import { ENDED_CONSULTATION_STATUSES, type Consultation, type ConsultationStatus } from '@parley/shared';
import { clientZone, clock } from '../../lib/zonedTime';

/** "14:50 (10 minutes before the start)": when the consultation can be joined, in the reader's zone. */
export function joinOpensSentence(
  c: Pick<Consultation, 'start' | 'joinOpensAt'>,
  zone = clientZone(),
): string {
  const lead = Math.round((Date.parse(c.start) - Date.parse(c.joinOpensAt)) / 60_000);
  const when = clock(c.joinOpensAt, zone);
  if (lead <= 0) return `${when} (the start)`;
  return `${when} (${lead} ${lead === 1 ? 'minute' : 'minutes'} before the start)`;
}

/** Statuses in plain words, the same everywhere. */
export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  held: 'Awaiting confirmation',
  scheduled: 'Scheduled',
  active: 'In progress',
  finished: 'Finished',
  canceled: 'Canceled',
  late_canceled: 'Canceled late',
  no_show_client: 'Client didn’t join',
  no_show_provider: 'Provider didn’t join',
  expired: 'Expired',
};

export type StatusTone = 'brand' | 'success' | 'warning' | 'neutral' | 'danger';

export const STATUS_TONES: Record<ConsultationStatus, StatusTone> = {
  held: 'warning',
  scheduled: 'brand',
  active: 'success',
  finished: 'neutral',
  canceled: 'neutral',
  late_canceled: 'danger',
  no_show_client: 'danger',
  no_show_provider: 'danger',
  expired: 'neutral',
};

export function isEnded(c: Pick<Consultation, 'status'>): boolean {
  return ENDED_CONSULTATION_STATUSES.includes(c.status);
}

/** The other party, seen from the caller (a third participant's is the provider, who leads it). */
export function otherParty(c: Consultation): Consultation['provider'] {
  return c.role === 'provider' ? c.client : c.provider;
}

/** A provider's proposal waiting for this client (a new session, or a new time for a booked one). */
export function awaitsMyAnswer(c: Consultation): boolean {
  if (c.role !== 'client') return false;
  if (c.status === 'held' && c.bookedBy === 'provider') return true;
  return c.status === 'scheduled' && c.proposal !== null;
}

/** Whether the caller may still cancel or move it. */
export function isChangeable(c: Consultation, now = Date.now()): boolean {
  // A third participant (issue 19) takes part; only the two parties change it.
  return c.role !== 'participant' && c.status === 'scheduled' && Date.parse(c.start) > now;
}

/** Whether the join window is open at `now`. */
export function joinWindow(c: Consultation, now = Date.now()): 'before' | 'open' | 'closed' {
  if (isEnded(c)) return 'closed';
  if (now < Date.parse(c.joinOpensAt)) return 'before';
  if (now > Date.parse(c.joinClosesAt)) return 'closed';
  return 'open';
}
