import { DateTime } from 'luxon';
import { t as translate } from '../i18n';

/**
 * Times of consultations as people read them: in the reader's own time zone (the browser's), with a
 * well-kept library (Luxon) doing the zone arithmetic, so a day across a DST change is still right.
 */

/** The browser's IANA time zone (`Europe/Lisbon`); UTC when the browser does not say. */
export function clientZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function inZone(iso: string, zone = clientZone()): DateTime {
  return DateTime.fromISO(iso, { zone });
}

/** "14:50" (or "2:50 PM", as the reader's locale writes times). */
export function clock(iso: string, zone = clientZone()): string {
  const t = inZone(iso, zone);
  return t.isValid ? t.toLocaleString({ hour: '2-digit', minute: '2-digit' }) : '';
}

/** "Tue 3 Dec" in the reader's locale. */
export function shortDay(iso: string, zone = clientZone()): string {
  const t = inZone(iso, zone);
  return t.isValid ? t.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }) : '';
}

/** "Tuesday, 3 December" (with the year when it is not this year). */
export function longDay(iso: string, zone = clientZone(), now = DateTime.now()): string {
  const t = inZone(iso, zone);
  if (!t.isValid) return '';
  return t.toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(t.year === now.setZone(zone).year ? {} : { year: 'numeric' }),
  });
}

/** "Today", "Tomorrow", or the long day. */
export function relativeDay(iso: string, zone = clientZone(), now = DateTime.now()): string {
  const t = inZone(iso, zone).startOf('day');
  const today = now.setZone(zone).startOf('day');
  const days = Math.round(t.diff(today, 'days').days);
  if (days === 0) return translate('time.today');
  if (days === 1) return translate('time.tomorrow');
  if (days === -1) return translate('time.yesterday');
  return longDay(iso, zone, now);
}

/** "Today, 14:00–14:50" */
export function whenText(start: string, end: string, zone = clientZone(), now = DateTime.now()): string {
  return `${relativeDay(start, zone, now)}, ${clock(start, zone)}–${clock(end, zone)}`;
}

/** The calendar date (`2026-12-03`) of an instant in a zone. */
export function localDate(iso: string, zone = clientZone()): string {
  return inZone(iso, zone).toISODate() ?? '';
}

/** A date `days` after today in the zone, as `YYYY-MM-DD`. */
export function dateAfter(days: number, zone = clientZone(), now = DateTime.now()): string {
  return now.setZone(zone).startOf('day').plus({ days }).toISODate() ?? '';
}

/**
 * How far `zone` is ahead of `reference` at the instant, in words: "1 h ahead", "30 min behind",
 * "same time". Offsets are taken at that instant, so they follow each zone's DST.
 */
export function offsetBetween(
  zone: string,
  reference: string,
  at: string | DateTime = DateTime.now(),
): string {
  const instant = typeof at === 'string' ? DateTime.fromISO(at) : at;
  const diff = instant.setZone(zone).offset - instant.setZone(reference).offset;
  if (diff === 0) return translate('time.offset.same');
  const abs = Math.abs(diff);
  const amount = translate('time.offset.amount', { hours: Math.floor(abs / 60), minutes: abs % 60 });
  return translate(diff > 0 ? 'time.offset.ahead' : 'time.offset.behind', { amount });
}

/** A zone's name as people read it: "Europe/Lisbon" → "Europe/Lisbon" (kept: unambiguous), "UTC". */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ');
}

/** "4:59": what is left of a countdown. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "in 5 min", "in 2 h", "in 3 days" until a start. */
export function untilText(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  if (minutes <= 0) return translate('time.until.now');
  if (minutes < 60) return translate('time.until.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return translate('time.until.hours', { count: hours });
  return translate('time.until.days', { count: Math.round(hours / 24) });
}

/** Every IANA zone the browser knows (for the availability editor), with the current one included. */
export function knownZones(current: string): string[] {
  let zones: string[] = [];
  try {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    zones = intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  const all = new Set([...zones, 'UTC', current, clientZone()]);
  return [...all].filter(Boolean).sort();
}
