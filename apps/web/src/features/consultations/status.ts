import { ENDED_CONSULTATION_STATUSES, type Consultation, type ConsultationStatus } from '@parley/shared';
import { DateTime } from 'luxon';
import { t } from '../../i18n';
import { clientZone, clock, inZone } from '../../lib/zonedTime';

/** "14:50 (10 minutes before the start)": when the consultation can be joined, in the reader's zone. */
export function joinOpensSentence(
  c: Pick<Consultation, 'start' | 'joinOpensAt'>,
  zone = clientZone(),
): string {
  const lead = Math.round((Date.parse(c.start) - Date.parse(c.joinOpensAt)) / 60_000);
  const when = clock(c.joinOpensAt, zone);
  if (lead <= 0) return t('consultations.joinOpens.atStart', { when });
  return t('consultations.joinOpens.before', { when, count: lead });
}

/** Calendar days from today to `iso` in the zone: 0 today, 1 tomorrow (whatever language the words are in). */
export function daysFromToday(iso: string, zone = clientZone(), now = DateTime.now()): number {
  const day = inZone(iso, zone).startOf('day');
  return Math.round(day.diff(now.setZone(zone).startOf('day'), 'days').days);
}

const STATUS_KEYS: Record<ConsultationStatus, string> = {
  held: 'consultations.status.held',
  scheduled: 'consultations.status.scheduled',
  active: 'consultations.status.active',
  finished: 'consultations.status.finished',
  canceled: 'consultations.status.canceled',
  late_canceled: 'consultations.status.lateCanceled',
  no_show_client: 'consultations.status.noShowClient',
  no_show_provider: 'consultations.status.noShowProvider',
  expired: 'consultations.status.expired',
};

/** A status in plain words, the same everywhere, in the interface's language (called while rendering). */
export function statusLabel(status: ConsultationStatus): string {
  return t(STATUS_KEYS[status]);
}

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

/**
 * Text said later (a notice, an error), kept as how to say it rather than as words, so it follows the
 * interface's language if that changes while it is shown. Called while rendering.
 */
export type Words = () => string;
