import { DEFAULT_AVAILABILITY, type Availability } from '@parley/shared';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  claimBuckets,
  freeSlots,
  parseInstant,
  parseRange,
  refuseProposal,
  refuseStart,
  slotGrid,
} from './slots.js';

const hourly = (timezone: string, more: Partial<Availability> = {}): Availability => ({
  ...DEFAULT_AVAILABILITY,
  timezone,
  sessionMinutes: 60,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 365,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '09:00', end: '17:00' })),
  ...more,
});

const ms = (iso: string) => Date.parse(iso);
/** Slots whose start falls on this local date in `zone`. */
function onLocalDay(a: Availability, date: string) {
  const day = DateTime.fromISO(date, { zone: a.timezone });
  return slotGrid(a, day.toMillis(), day.plus({ days: 1 }).toMillis());
}
const starts = (slots: { start: string }[]) => slots.map((s) => s.start);
const localHours = (slots: { start: string }[], zone: string) =>
  slots.map((s) => DateTime.fromISO(s.start, { zone }).toFormat('HH:mm ZZ'));
const hoursUtc = (date: string, first: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(ms(`${date}T00:00:00.000Z`) + (first + i) * 3_600_000).toISOString(),
  );

describe('slots across DST changes', () => {
  // 2026: Europe/Berlin springs forward on 29 March (02:00 CET → 03:00 CEST) and falls back on
  // 25 October (03:00 CEST → 02:00 CET); America/New_York on 8 March (02:00 EST → 03:00 EDT) and
  // 1 November (02:00 EDT → 01:00 EST).
  const cases = [
    { zone: 'Europe/Berlin', before: '2026-03-28', change: '2026-03-29', offsetBefore: 1, offsetAfter: 2 },
    { zone: 'Europe/Berlin', before: '2026-10-24', change: '2026-10-25', offsetBefore: 2, offsetAfter: 1 },
    {
      zone: 'America/New_York',
      before: '2026-03-07',
      change: '2026-03-08',
      offsetBefore: -5,
      offsetAfter: -4,
    },
    {
      zone: 'America/New_York',
      before: '2026-10-31',
      change: '2026-11-01',
      offsetBefore: -4,
      offsetAfter: -5,
    },
  ];

  it.each(cases)(
    'a 09:00–17:00 day in $zone on $change gives 8 slots at the new offset, the day before at the old',
    ({ zone, before, change, offsetBefore, offsetAfter }) => {
      const a = hourly(zone);
      expect(starts(onLocalDay(a, change))).toEqual(hoursUtc(change, 9 - offsetAfter, 8));
      expect(starts(onLocalDay(a, before))).toEqual(hoursUtc(before, 9 - offsetBefore, 8));
      // Seen from the zone, every slot is still 09:00 … 16:00 wall time.
      expect(onLocalDay(a, change).map((s) => DateTime.fromISO(s.start, { zone }).hour)).toEqual([
        9, 10, 11, 12, 13, 14, 15, 16,
      ]);
    },
  );

  it('a 01:00–04:00 window on the spring-forward night skips the missing hour (Berlin)', () => {
    const a = hourly('Europe/Berlin', {
      exceptions: [{ date: '2026-03-29', hours: [{ start: '01:00', end: '04:00' }] }],
    });
    const slots = onLocalDay(a, '2026-03-29');
    // 01:00 CET is 00:00Z; 02:00 local never happens; 03:00 CEST is 01:00Z; 04:00 CEST (02:00Z) ends it.
    expect(starts(slots)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    expect(localHours(slots, 'Europe/Berlin')).toEqual(['01:00 +01:00', '03:00 +02:00']);
  });

  it('a 01:00–04:00 window on the spring-forward night skips the missing hour (New York)', () => {
    const a = hourly('America/New_York', {
      exceptions: [{ date: '2026-03-08', hours: [{ start: '01:00', end: '04:00' }] }],
    });
    const slots = onLocalDay(a, '2026-03-08');
    expect(starts(slots)).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
    expect(localHours(slots, 'America/New_York')).toEqual(['01:00 -05:00', '03:00 -04:00']);
  });

  it.each([
    {
      zone: 'Europe/Berlin',
      date: '2026-10-25',
      expected: [
        '2026-10-24T23:00:00.000Z',
        '2026-10-25T00:00:00.000Z',
        '2026-10-25T01:00:00.000Z',
        '2026-10-25T02:00:00.000Z',
      ],
      local: ['01:00 +02:00', '02:00 +02:00', '02:00 +01:00', '03:00 +01:00'],
    },
    {
      zone: 'America/New_York',
      date: '2026-11-01',
      // 01:00 happens twice here: the window starts at its first occurrence (EDT).
      expected: [
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T07:00:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ],
      local: ['01:00 -04:00', '01:00 -05:00', '02:00 -05:00', '03:00 -05:00'],
    },
  ])('a 01:00–04:00 window on the fall-back night in $zone is four real hours, no instant twice', (c) => {
    const a = hourly(c.zone, { exceptions: [{ date: c.date, hours: [{ start: '01:00', end: '04:00' }] }] });
    const slots = onLocalDay(a, c.date);
    expect(starts(slots)).toEqual(c.expected);
    expect(new Set(starts(slots)).size).toBe(slots.length);
    expect(localHours(slots, c.zone)).toEqual(c.local);
    // Each slot is exactly one hour of elapsed time.
    for (const s of slots) expect(ms(s.end) - ms(s.start)).toBe(3_600_000);
  });

  it('a 50-minute session with a 10-minute buffer steps by the hour through a DST change', () => {
    const a = hourly('Europe/Berlin', { sessionMinutes: 50, bufferMinutes: 10 });
    const slots = onLocalDay(a, '2026-10-25');
    expect(slots).toHaveLength(8);
    expect(slots[0]).toEqual({ start: '2026-10-25T08:00:00.000Z', end: '2026-10-25T08:50:00.000Z' });
    expect(slots.at(-1)).toEqual({ start: '2026-10-25T15:00:00.000Z', end: '2026-10-25T15:50:00.000Z' });
  });
});

describe('slots from availability', () => {
  const zone = 'Europe/Berlin';

  it('uses only the weekdays given, and a date exception replaces its weekday', () => {
    const a = hourly(zone, {
      weekly: [{ day: 4, start: '09:00', end: '12:00' }], // Thursdays
      exceptions: [
        { date: '2026-12-24', hours: [] }, // a Thursday off
        { date: '2026-12-26', hours: [{ start: '10:00', end: '12:00' }] }, // a Saturday on
      ],
    });
    expect(onLocalDay(a, '2026-12-17')).toHaveLength(3);
    expect(onLocalDay(a, '2026-12-24')).toEqual([]);
    expect(onLocalDay(a, '2026-12-25')).toEqual([]);
    expect(starts(onLocalDay(a, '2026-12-26'))).toEqual([
      '2026-12-26T09:00:00.000Z',
      '2026-12-26T10:00:00.000Z',
    ]);
  });

  it('"24:00" ends the day at the next midnight, also across a DST change', () => {
    const a = hourly(zone, { weekly: [{ day: 6, start: '22:00', end: '24:00' }] });
    // Saturday 24 October 2026; Berlin falls back the next night, after midnight.
    expect(starts(onLocalDay(a, '2026-10-24'))).toEqual([
      '2026-10-24T20:00:00.000Z',
      '2026-10-24T21:00:00.000Z',
    ]);
    const b = hourly('UTC', {
      weekly: [{ day: 1, start: '23:00', end: '24:00' }],
      sessionMinutes: 30,
      bufferMinutes: 0,
    });
    expect(starts(onLocalDay(b, '2026-11-23'))).toEqual([
      '2026-11-23T23:00:00.000Z',
      '2026-11-23T23:30:00.000Z',
    ]);
  });

  it('a session must end inside the range', () => {
    const a = hourly('UTC', {
      sessionMinutes: 45,
      bufferMinutes: 15,
      weekly: [{ day: 1, start: '09:00', end: '10:40' }],
    });
    expect(starts(onLocalDay(a, '2026-11-23'))).toEqual(['2026-11-23T09:00:00.000Z']);
  });

  it('applies minimum notice, the horizon and the range asked for', () => {
    const a = hourly('UTC', { minNoticeMinutes: 120, horizonDays: 2 });
    const now = ms('2026-11-23T09:30:00.000Z');
    const slots = freeSlots({
      availability: a,
      fromMs: ms('2026-11-23T00:00:00Z'),
      toMs: ms('2026-12-31T00:00:00Z'),
      nowMs: now,
    });
    expect(slots[0]!.start).toBe('2026-11-23T12:00:00.000Z'); // 11:30 is the earliest; slots are on the hour
    expect(slots.at(-1)!.start).toBe('2026-11-25T09:00:00.000Z'); // before now + 2 days
    expect(slots).toHaveLength(5 + 8 + 1);
  });

  it('leaves out slots whose claims (session plus buffer) meet a busy bucket', () => {
    const a = hourly('UTC', { sessionMinutes: 50, bufferMinutes: 10 });
    const booked = claimBuckets(ms('2026-11-23T11:00:00Z'), ms('2026-11-23T11:50:00Z'), 10);
    // Someone else's booking at 12:30 (a different grid): it overlaps the 12:00 and 13:00 slots' claims.
    const other = claimBuckets(ms('2026-11-23T12:55:00Z'), ms('2026-11-23T13:05:00Z'), 0);
    const slots = freeSlots({
      availability: a,
      fromMs: ms('2026-11-23T00:00:00Z'),
      toMs: ms('2026-11-24T00:00:00Z'),
      nowMs: ms('2026-11-22T00:00:00Z'),
      busy: new Set([...booked, ...other]),
    });
    expect(starts(slots).map((s) => s.slice(11, 16))).toEqual(['09:00', '10:00', '14:00', '15:00', '16:00']);
  });

  it('says why a start is refused', () => {
    const a = hourly('UTC', { minNoticeMinutes: 60, horizonDays: 10 });
    const now = ms('2026-11-23T08:00:00Z');
    expect(refuseStart(a, ms('2026-11-23T10:00:00Z'), now)).toBeNull();
    expect(refuseStart(a, ms('2026-11-23T07:00:00Z'), now)).toBe('past');
    expect(refuseStart(a, ms('2026-11-23T08:30:00Z'), now)).toBe('notice');
    expect(refuseStart(a, ms('2026-12-10T10:00:00Z'), now)).toBe('horizon');
    expect(refuseStart(a, ms('2026-11-23T10:30:00Z'), now)).toBe('hours');
    expect(refuseStart(a, ms('2026-11-23T18:00:00Z'), now)).toBe('hours');
    // A provider's proposal is free of their hours, but on the grid, in the future, within the horizon.
    expect(refuseProposal(a, ms('2026-11-23T20:05:00Z'), now)).toBeNull();
    expect(refuseProposal(a, ms('2026-11-23T20:07:00Z'), now)).toBe('grid');
    expect(refuseProposal(a, ms('2026-11-23T07:00:00Z'), now)).toBe('past');
    expect(refuseProposal(a, ms('2026-12-10T10:00:00Z'), now)).toBe('horizon');
  });

  it('an unknown zone has no slots rather than throwing', () => {
    expect(slotGrid(hourly('Mars/Olympus_Mons'), 0, ms('2026-12-01T00:00:00Z'))).toEqual([]);
  });
});

describe('parsing times', () => {
  it('takes instants with an offset or Z only', () => {
    expect(parseInstant('2026-12-01T09:00:00.000Z')).toBe(ms('2026-12-01T09:00:00.000Z'));
    expect(parseInstant('2026-12-01T10:00:00+01:00')).toBe(ms('2026-12-01T09:00:00.000Z'));
    expect(parseInstant('2026-12-01T09:00:00')).toBeNull();
    expect(parseInstant('2026-12-01')).toBeNull();
    expect(parseInstant('2026-13-01T09:00:00Z')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
  });

  it('reads a date range in the asker’s zone, `to` inclusive', () => {
    expect(parseRange('2026-12-01', '2026-12-01', 'America/New_York')).toEqual({
      fromMs: ms('2026-12-01T05:00:00Z'),
      toMs: ms('2026-12-02T05:00:00Z'),
    });
    expect(parseRange('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', 'UTC')).toEqual({
      fromMs: ms('2026-12-01T00:00:00Z'),
      toMs: ms('2026-12-02T00:00:00Z'),
    });
    expect(parseRange('2026-12-01', '2026-12-01', 'Nowhere/City')).toMatchObject({ path: 'tz' });
    expect(parseRange('soon', '2026-12-01', 'UTC')).toMatchObject({ path: 'from' });
    expect(parseRange('2026-12-02', '2026-12-01T00:00:00Z', 'UTC')).toMatchObject({ path: 'to' });
  });
});
