import type { DndSchedule } from '@parley/shared';

/** What do-not-disturb is decided from: a person's `until` and weekly schedule. */
export interface DndState {
  /** ISO time; do not disturb holds before it (null: off). */
  until: string | null;
  schedule: DndSchedule | null;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The wall clock in `timeZone` at `instant`: the weekday (0 Sunday) and minutes since midnight. Intl
 * applies the zone's rules for that very instant, so DST days need nothing special: a window is a
 * span of wall-clock time (22:00–07:00 lasts 8 or 10 hours on the nights the clocks move).
 */
export function wallClock(instant: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = formatFor(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: WEEKDAYS[get('weekday')] ?? 0,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether the weekly schedule holds at `now`. `days` are the days a window starts on: `from` < `to`
 * is a window within that day; `to` ≤ `from` runs past midnight into the next day (`to` equal to
 * `from`: a whole day, from then to the same time the next day).
 */
export function inSchedule(schedule: DndSchedule, now: Date): boolean {
  const { weekday, minutes } = wallClock(now, schedule.timezone);
  const from = minutesOf(schedule.from);
  const to = minutesOf(schedule.to);
  const starts = new Set(schedule.days);
  if (from < to) return starts.has(weekday) && minutes >= from && minutes < to;
  const yesterday = (weekday + 6) % 7;
  return (starts.has(weekday) && minutes >= from) || (starts.has(yesterday) && minutes < to);
}

/** Whether do not disturb holds at `now`: before `until`, or within the weekly schedule. */
export function isDndActive(settings: DndState, now: Date): boolean {
  if (settings.until !== null && Date.parse(settings.until) > now.getTime()) return true;
  return settings.schedule !== null && inSchedule(settings.schedule, now);
}
