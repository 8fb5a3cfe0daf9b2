/**
 * Token lifetimes as admins type them. Rocket.Chat stored jsrsasign `IntDate` expressions
 * ("now + 1hour"), so those are accepted too and an imported setting keeps working.
 */

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};

const DURATION_RE = /^(?:now\s*\+\s*)?(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/**
 * Parses `3600`, `"3600"`, `"90s"`, `"30m"`, `"2h"`, `"1d"` or `"now + 1hour"` into whole seconds.
 * Returns `undefined` for anything else (negative, empty, unknown unit, not finite).
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
  }
  const match = DURATION_RE.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] === '' ? 1 : UNIT_SECONDS[match[2]!];
  if (unit === undefined || !Number.isFinite(amount) || amount <= 0) return undefined;
  return Math.round(amount * unit);
}

/** Renders seconds the short way an admin would type them back (`3600` → `"1h"`, `90` → `"90s"`). */
export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
