import type { DndSchedule } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { allowsNotification } from './notification-policy.js';
import { isDndActive, wallClock } from './dnd.js';

const at = (iso: string) => new Date(iso);
const schedule = (over: Partial<DndSchedule> = {}): DndSchedule => ({
  days: [1, 2, 3, 4, 5],
  from: '22:00',
  to: '07:00',
  timezone: 'Europe/Berlin',
  allowFrom: [],
  ...over,
});
const onSchedule = (s: DndSchedule, iso: string) => isDndActive({ until: null, schedule: s }, at(iso));

describe('isDndActive', () => {
  it('holds before `until` and not from it on', () => {
    const dnd = { until: '2026-12-07T12:00:00.000Z', schedule: null };
    expect(isDndActive(dnd, at('2026-12-07T11:59:59.999Z'))).toBe(true);
    expect(isDndActive(dnd, at('2026-12-07T12:00:00.000Z'))).toBe(false);
    expect(isDndActive({ until: null, schedule: null }, at('2026-12-07T12:00:00.000Z'))).toBe(false);
  });

  it('reads the wall clock of the schedule’s zone', () => {
    // 2026-12-07 is a Monday; Berlin is UTC+1 in December, Kolkata UTC+5:30.
    expect(wallClock(at('2026-12-07T23:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 2, minutes: 30 });
    expect(wallClock(at('2026-12-07T18:45:00Z'), 'Asia/Kolkata')).toEqual({ weekday: 2, minutes: 15 });
    expect(wallClock(at('2026-12-07T04:00:00Z'), 'America/New_York')).toEqual({
      weekday: 0,
      minutes: 23 * 60,
    });
  });

  it('runs a window past midnight into the day after each start day', () => {
    const s = schedule();
    expect(onSchedule(s, '2026-12-07T20:59:00Z')).toBe(false); // Mon 21:59
    expect(onSchedule(s, '2026-12-07T21:00:00Z')).toBe(true); // Mon 22:00
    expect(onSchedule(s, '2026-12-08T05:59:00Z')).toBe(true); // Tue 06:59, from Monday
    expect(onSchedule(s, '2026-12-08T06:00:00Z')).toBe(false); // Tue 07:00
    expect(onSchedule(s, '2026-12-12T05:00:00Z')).toBe(true); // Sat 06:00, from Friday
    expect(onSchedule(s, '2026-12-12T21:30:00Z')).toBe(false); // Sat 22:30: Saturday starts none
    expect(onSchedule(s, '2026-12-13T05:00:00Z')).toBe(false); // Sun 06:00
    expect(onSchedule(s, '2026-12-06T23:30:00Z')).toBe(false); // Mon 00:30, Sunday starts none
  });

  it('wraps from Saturday into Sunday (day 6 to day 0)', () => {
    const s = schedule({ days: [6] });
    expect(onSchedule(s, '2026-12-12T23:30:00Z')).toBe(true); // Sun 00:30
    expect(onSchedule(s, '2026-12-13T06:30:00Z')).toBe(false); // Sun 07:30
  });

  it('keeps a window within one day on that day only', () => {
    const s = schedule({ days: [3], from: '09:00', to: '17:00', timezone: 'America/New_York' });
    // Wednesday 2026-12-09; New York is UTC-5.
    expect(onSchedule(s, '2026-12-09T13:59:00Z')).toBe(false); // 08:59
    expect(onSchedule(s, '2026-12-09T14:00:00Z')).toBe(true); // 09:00
    expect(onSchedule(s, '2026-12-09T21:59:00Z')).toBe(true); // 16:59
    expect(onSchedule(s, '2026-12-09T22:00:00Z')).toBe(false); // 17:00
    expect(onSchedule(s, '2026-12-10T14:00:00Z')).toBe(false); // Thursday 09:00
  });

  it('treats `to` equal to `from` as a whole day from that time', () => {
    const s = schedule({ days: [1], from: '08:00', to: '08:00', timezone: 'UTC' });
    expect(onSchedule(s, '2026-12-07T07:59:00Z')).toBe(false);
    expect(onSchedule(s, '2026-12-07T08:00:00Z')).toBe(true);
    expect(onSchedule(s, '2026-12-08T07:59:00Z')).toBe(true);
    expect(onSchedule(s, '2026-12-08T08:00:00Z')).toBe(false);
  });

  it('follows the wall clock on the night summer time begins', () => {
    // Berlin: 2026-03-29 at 01:00 UTC the clocks go from 02:00 to 03:00 (UTC+1 to UTC+2).
    const s = schedule({ days: [6] });
    expect(onSchedule(s, '2026-03-28T21:00:00Z')).toBe(true); // Sat 22:00 CET
    expect(onSchedule(s, '2026-03-29T04:59:00Z')).toBe(true); // Sun 06:59 CEST
    // 05:30 UTC is 07:30 CEST: over, though a fixed winter offset would say 06:30.
    expect(onSchedule(s, '2026-03-29T05:30:00Z')).toBe(false);
    // A window inside the hour that does not exist that night never holds.
    const gap = schedule({ days: [0], from: '02:00', to: '02:30' });
    expect(onSchedule(gap, '2026-03-29T00:59:00Z')).toBe(false); // 01:59 CET
    expect(onSchedule(gap, '2026-03-29T01:00:00Z')).toBe(false); // 03:00 CEST
  });

  it('follows the wall clock on the night summer time ends', () => {
    // Berlin: 2026-10-25 at 01:00 UTC the clocks go from 03:00 back to 02:00 (UTC+2 to UTC+1).
    const s = schedule({ days: [6] });
    expect(onSchedule(s, '2026-10-24T20:00:00Z')).toBe(true); // Sat 22:00 CEST
    // 05:30 UTC is 06:30 CET: still on, though a fixed summer offset would say 07:30.
    expect(onSchedule(s, '2026-10-25T05:30:00Z')).toBe(true);
    expect(onSchedule(s, '2026-10-25T06:00:00Z')).toBe(false); // 07:00 CET
    // The repeated hour 02:00–03:00 is inside the window both times.
    const twice = schedule({ days: [0], from: '02:00', to: '03:00' });
    expect(onSchedule(twice, '2026-10-25T00:30:00Z')).toBe(true); // 02:30 CEST
    expect(onSchedule(twice, '2026-10-25T01:30:00Z')).toBe(true); // 02:30 CET
    expect(onSchedule(twice, '2026-10-25T02:00:00Z')).toBe(false); // 03:00 CET
  });
});

describe('allowsNotification', () => {
  const now = at('2026-12-07T12:00:00Z');
  const off = { until: null, schedule: null };
  const dnd = { until: '2026-12-07T13:00:00Z', schedule: schedule({ allowFrom: ['vip'] }) };
  const all = { notify_level: 'all' as const, mute_until: null };

  it('lets everything through a room at `all` without do not disturb', () => {
    for (const kind of ['call', 'message', 'mention'] as const) {
      expect(allowsNotification(off, all, { kind, roomId: 'r' }, now)).toBe(true);
    }
    expect(allowsNotification(off, null, { kind: 'consultation' }, now)).toBe(true);
  });

  it('stops everything from a room at `none`, and from a room one is not in', () => {
    const none = { notify_level: 'none' as const, mute_until: null };
    for (const kind of ['call', 'message', 'mention'] as const) {
      expect(allowsNotification(off, none, { kind, roomId: 'r' }, now)).toBe(false);
      expect(allowsNotification(off, null, { kind, roomId: 'r' }, now)).toBe(false);
    }
  });

  it('lets only mentions and calls through a room at `mentions` or muted', () => {
    const mentions = { notify_level: 'mentions' as const, mute_until: null };
    const muted = { notify_level: 'all' as const, mute_until: '2026-12-07T12:00:01Z' };
    const mutedBefore = { notify_level: 'all' as const, mute_until: '2026-12-07T12:00:00Z' };
    for (const room of [mentions, muted]) {
      expect(allowsNotification(off, room, { kind: 'message', roomId: 'r' }, now)).toBe(false);
      expect(allowsNotification(off, room, { kind: 'mention', roomId: 'r' }, now)).toBe(true);
      expect(allowsNotification(off, room, { kind: 'call', roomId: 'r' }, now)).toBe(true);
    }
    expect(allowsNotification(off, mutedBefore, { kind: 'message', roomId: 'r' }, now)).toBe(true);
  });

  it('holds everything during do not disturb but calls from the people allowed to ring', () => {
    expect(allowsNotification(dnd, all, { kind: 'call', roomId: 'r', fromUserId: 'vip' }, now)).toBe(true);
    expect(allowsNotification(dnd, all, { kind: 'call', roomId: 'r', fromUserId: 'bob' }, now)).toBe(false);
    expect(allowsNotification(dnd, all, { kind: 'mention', roomId: 'r', fromUserId: 'vip' }, now)).toBe(
      false,
    );
    expect(allowsNotification(dnd, all, { kind: 'message', roomId: 'r' }, now)).toBe(false);
    expect(allowsNotification(dnd, null, { kind: 'consultation' }, now)).toBe(false);
    expect(allowsNotification(dnd, all, { kind: 'call', roomId: 'r' }, at('2026-12-07T13:00:00Z'))).toBe(
      true,
    );
  });
});
