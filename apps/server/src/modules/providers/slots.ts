import type { Availability, HoursRange, Slot } from '@parley/shared';
import { DateTime, IANAZone } from 'luxon';
import type { ErrorMessage } from '../../errors.js';
import type { TextValues } from '../../i18n/index.js';

/**
 * Free slots, computed from a provider's availability with Luxon: no offset arithmetic of our own.
 *
 * Each day's hours (the date's exception if it has one, else its weekday's ranges) are wall-clock
 * times in the provider's IANA zone. A range becomes two instants (`24:00` is the next midnight) and
 * slots are laid out in elapsed time from its start, one every session + buffer, while a session still
 * ends by the range's end. So DST is honoured without special cases: on a spring-forward night a
 * 01:00–04:00 window has two real hours and no slot in the missing one; on a fall-back night it has
 * four, and no instant is offered twice. A range covers every instant whose wall time is inside it:
 * an ambiguous start (01:30 when clocks go back) is its first occurrence and an ambiguous end its
 * last (Luxon's `getPossibleOffsets`); a wall time that does not exist (02:30 when clocks jump from
 * 02:00 to 03:00) is moved forward by Luxon (03:30).
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Claims are 5-minute buckets: every bookable start and length is on this grid. */
export const CLAIM_BUCKET_MS = 5 * 60_000;

/**
 * The buckets a booking claims: from its start to its end plus the buffer. Two bookings that both
 * claim [start, end + buffer) overlap exactly when one starts less than a buffer after the other ends.
 */
export function claimBuckets(startMs: number, endMs: number, bufferMinutes: number): string[] {
  const first = Math.floor(startMs / CLAIM_BUCKET_MS) * CLAIM_BUCKET_MS;
  const until = endMs + bufferMinutes * 60_000;
  const buckets: string[] = [];
  for (let t = first; t < until; t += CLAIM_BUCKET_MS) buckets.push(new Date(t).toISOString());
  return buckets;
}

/** Why a start is not bookable (free of others' claims aside). */
export type SlotRefusal = 'past' | 'notice' | 'horizon' | 'hours' | 'grid';

/** Luxon checks a zone by building an Intl formatter each time (~0.5 ms); the answer never changes. */
const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

const minutesOf = (time: string): number => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};

/**
 * The instant of a wall time on a local day (`24:00` is the next day's midnight); when the wall time
 * happens twice (clocks going back), its `first` or `last` occurrence.
 */
function wallInstant(day: DateTime, time: string, occurrence: 'first' | 'last'): number {
  if (time === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: day.zone },
  );
  const candidates = local.getPossibleOffsets().map((dt) => dt.toMillis());
  if (candidates.length === 0) return local.toMillis();
  return occurrence === 'first' ? Math.min(...candidates) : Math.max(...candidates);
}

/** Every slot the hours allow with a start in [fromMs, toMs), ignoring notice, horizon and bookings. */
export function slotGrid(availability: Availability, fromMs: number, toMs: number): Slot[] {
  const zone = availability.timezone;
  if (!isValidZone(zone) || !(toMs > fromMs)) return [];
  const session = availability.sessionMinutes * MINUTE;
  const step = (availability.sessionMinutes + availability.bufferMinutes) * MINUTE;
  const exceptions = new Map<string, HoursRange[]>(availability.exceptions.map((e) => [e.date, e.hours]));
  const weekly = new Map<number, HoursRange[]>();
  for (const w of availability.weekly) {
    weekly.set(w.day, [...(weekly.get(w.day) ?? []), { start: w.start, end: w.end }]);
  }
  const starts = new Set<number>();
  // A day before and after: a local day's hours may reach into the neighbouring UTC days.
  const last = DateTime.fromMillis(toMs, { zone }).startOf('day').plus({ days: 1 });
  let day = DateTime.fromMillis(fromMs, { zone }).startOf('day').minus({ days: 1 });
  while (day <= last) {
    // Luxon asks Intl for every offset, which is most of the cost: each day is built once, and the
    // next midnight tells whether the offset changes that day. On the (almost every) day it does
    // not, a wall time is the midnight plus its minutes; on a DST day, Luxon resolves each one.
    const next = day.plus({ days: 1 }).startOf('day');
    const steady = next.offset === day.offset && next.toMillis() - day.toMillis() === DAY;
    const midnight = day.toMillis();
    const ranges = exceptions.get(day.toISODate()!) ?? weekly.get(day.weekday) ?? [];
    for (const range of ranges) {
      const first = steady
        ? midnight + minutesOf(range.start) * MINUTE
        : wallInstant(day, range.start, 'first');
      const end = steady ? midnight + minutesOf(range.end) * MINUTE : wallInstant(day, range.end, 'last');
      for (let s = first; s + session <= end; s += step) {
        if (s >= fromMs && s < toMs) starts.add(s);
      }
    }
    day = next;
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((s) => ({ start: new Date(s).toISOString(), end: new Date(s + session).toISOString() }));
}

export interface FreeSlotsInput {
  availability: Availability;
  /** Slot starts in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** 5-minute buckets (ISO) others have claimed; a slot whose own claims meet one is not free. */
  busy?: ReadonlySet<string>;
}

/** The bookable slots: the grid, minus the minimum notice, past the horizon, and minus busy claims. */
export function freeSlots({ availability, fromMs, toMs, nowMs, busy }: FreeSlotsInput): Slot[] {
  const earliest = nowMs + availability.minNoticeMinutes * MINUTE;
  const latest = nowMs + availability.horizonDays * DAY;
  const grid = slotGrid(availability, Math.max(fromMs, earliest), Math.min(toMs, latest));
  if (!busy || busy.size === 0) return grid;
  // The same buckets `claimBuckets` would name, compared as numbers (no ISO string per bucket).
  const taken = new Set<number>();
  for (const bucket of busy) taken.add(Date.parse(bucket));
  const buffer = availability.bufferMinutes * MINUTE;
  return grid.filter((slot) => {
    const startMs = Date.parse(slot.start);
    const until = Date.parse(slot.end) + buffer;
    for (let t = Math.floor(startMs / CLAIM_BUCKET_MS) * CLAIM_BUCKET_MS; t < until; t += CLAIM_BUCKET_MS) {
      if (taken.has(t)) return false;
    }
    return true;
  });
}

/** Why `startMs` is not one of the provider's slots now (others' bookings aside), or null if it is. */
export function refuseStart(availability: Availability, startMs: number, nowMs: number): SlotRefusal | null {
  if (startMs <= nowMs) return 'past';
  if (startMs < nowMs + availability.minNoticeMinutes * MINUTE) return 'notice';
  if (startMs >= nowMs + availability.horizonDays * DAY) return 'horizon';
  const grid = slotGrid(availability, startMs, startMs + 1);
  return grid.length === 1 ? null : 'hours';
}

/**
 * For a provider proposing a time (their own calendar, so not bound to their published hours or
 * notice): in the future, within the horizon, on the 5-minute grid the claims use.
 */
export function refuseProposal(
  availability: Availability,
  startMs: number,
  nowMs: number,
): SlotRefusal | null {
  if (startMs % (5 * MINUTE) !== 0) return 'grid';
  if (startMs <= nowMs) return 'past';
  if (startMs >= nowMs + availability.horizonDays * DAY) return 'horizon';
  return null;
}

/**
 * A client-facing sentence for a refusal (a catalogue message): about the provider named `who`, or,
 * with `who` null, about the provider asking (their own proposal).
 */
export function describeRefusal(
  refusal: SlotRefusal,
  availability: Availability,
  who: string | null,
): ErrorMessage {
  switch (refusal) {
    case 'past':
      return { name: 'slotPast' };
    case 'notice': {
      const m = availability.minNoticeMinutes;
      const values: TextValues = m % 60 === 0 ? { hours: m / 60 } : { minutes: m };
      const unit = m % 60 === 0 ? 'Hours' : 'Minutes';
      return who === null
        ? { name: `slotNoticeOwn${unit}`, values }
        : { name: `slotNotice${unit}`, values: { ...values, who } };
    }
    case 'horizon':
      return who === null
        ? { name: 'slotHorizonOwn', values: { days: availability.horizonDays } }
        : { name: 'slotHorizon', values: { who, days: availability.horizonDays } };
    case 'hours':
      return who === null ? { name: 'slotNotFreeOwn' } : { name: 'slotNotFree', values: { who } };
    case 'grid':
      return { name: 'slotGrid' };
  }
}

/**
 * An instant from the API: an ISO-8601 time with an offset or `Z`. Returns milliseconds, or null for
 * anything else (a time without a zone would mean different instants to different people).
 */
export function parseInstant(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T.+(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}

/**
 * `from`/`to` of a slot query: instants, or dates (and zone-less times) read in `zone`; a bare `to`
 * date includes that whole day. Returns a message for what is wrong instead.
 */
export function parseRange(
  from: string,
  to: string,
  zone: string,
): { fromMs: number; toMs: number } | { problem: ErrorMessage; path: 'from' | 'to' | 'tz' } {
  if (!isValidZone(zone)) {
    return { problem: { name: 'unknownTimezone', values: { zone } }, path: 'tz' };
  }
  const read = (value: string, endOfDay: boolean): number | null => {
    const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const parsed = DateTime.fromISO(value, { zone });
    if (!parsed.isValid) return null;
    return (bareDate && endOfDay ? parsed.plus({ days: 1 }).startOf('day') : parsed).toMillis();
  };
  const fromMs = read(from, false);
  if (fromMs === null) {
    return { problem: { name: 'rangeFromNotDate' }, path: 'from' };
  }
  const toMs = read(to, true);
  if (toMs === null) {
    return { problem: { name: 'rangeToNotDate' }, path: 'to' };
  }
  if (toMs <= fromMs) return { problem: { name: 'rangeToBeforeFrom' }, path: 'to' };
  return { fromMs, toMs };
}
