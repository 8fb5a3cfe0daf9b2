import fc from 'fast-check';
import type { DndSchedule, NotificationSettings, RoomSummary } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { privateRoom, sentMessage, signedInPeople, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { allowsNotification, type NotificationEvent } from './notification-policy.js';
import { isDndActive } from './dnd.js';

const T0 = '2026-12-07T10:00:00.000Z';
const SETTINGS = '/api/v1/me/notification-settings';
const ZONES = ['UTC', 'Europe/Berlin', 'Europe/Kyiv', 'America/New_York', 'Asia/Kolkata'];
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const scheduleArb = (allowFrom: string[]): fc.Arbitrary<DndSchedule> =>
  fc.record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    from: time,
    to: time,
    timezone: fc.constantFrom(...ZONES),
    allowFrom: fc.subarray(allowFrom),
  });
/** Instants over two years around T0, DST changes included. */
const instant = fc
  .integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-12-31') })
  .map((ms) => new Date(ms));

describe('notification policy (pure)', () => {
  const event: fc.Arbitrary<NotificationEvent> = fc.record({
    kind: fc.constantFrom('call' as const, 'message' as const, 'mention' as const),
    roomId: fc.constant('r'),
    fromUserId: fc.constantFrom('a', 'b', 'c'),
  });
  const dnd = fc.record({
    until: fc.option(instant.map((d) => d.toISOString())),
    schedule: fc.option(scheduleArb(['a', 'b'])),
  });
  const room = fc.record({
    notify_level: fc.constantFrom('all' as const, 'mentions' as const, 'none' as const),
    mute_until: fc.option(instant.map((d) => d.toISOString())),
  });

  it('lets through at most what a room at `all` without a mute lets through, and nothing at `none`', () => {
    fc.assert(
      fc.property(dnd, room, event, instant, (d, r, e, now) => {
        const got = allowsNotification(d, r, e, now);
        if (got) expect(allowsNotification(d, { notify_level: 'all', mute_until: null }, e, now)).toBe(true);
        if (r.notify_level === 'none') expect(got).toBe(false);
        if (got && isDndActive(d, now)) {
          expect(e.kind).toBe('call');
          expect(d.schedule?.allowFrom).toContain(e.fromUserId);
        }
        if (!isDndActive(d, now) && r.notify_level !== 'none' && e.kind !== 'message') expect(got).toBe(true);
      }),
    );
  });

  it('holds a schedule on all seven days whose window is a whole day at every instant', () => {
    fc.assert(
      fc.property(time, fc.constantFrom(...ZONES), instant, (at, timezone, now) => {
        const always = { days: [0, 1, 2, 3, 4, 5, 6], from: at, to: at, timezone, allowFrom: [] };
        expect(isDndActive({ until: null, schedule: always }, now)).toBe(true);
      }),
    );
  });
});

type Patch = Record<string, unknown>;

/**
 * Random changes, valid and not, through the API (issue 21): never a 5xx; a refused change leaves
 * the settings as they were; an accepted one is the model's merge (absent kept, null cleared); the
 * room badge follows the level and mute.
 */
describe.each(DATABASE_KINDS)('notification settings under random changes (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
  });
  afterAll(async () => app.close());

  it('keeps settings equal to a model of the accepted changes', async () => {
    const patch: fc.Arbitrary<Patch> = fc.oneof(
      fc.record(
        {
          dnd: fc.record(
            {
              until: fc.option(
                fc
                  .integer({ min: -3_600_000, max: 86_400_000 })
                  .map((ms) => new Date(Date.parse(T0) + ms).toISOString()),
              ),
              schedule: fc.option(scheduleArb([bob.user.id, 'stranger'])),
            },
            { requiredKeys: [] },
          ),
          email: fc.record(
            { digestMinutes: fc.option(fc.integer({ min: 0, max: 2000 })), missedCalls: fc.boolean() },
            { requiredKeys: [] },
          ),
          preview: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    );
    let model = (await alice.client.get(SETTINGS)).json<NotificationSettings>();
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { minLength: 1, maxLength: 4 }), async (patches) => {
        for (const body of patches) {
          const res = await alice.client.patch(SETTINGS, body);
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode !== 200) {
            expect(res.statusCode).toBe(400);
            expect((await alice.client.get(SETTINGS)).json()).toEqual(model);
            continue;
          }
          const b = body as {
            dnd?: { until?: string | null; schedule?: DndSchedule | null };
            email?: { digestMinutes?: number | null; missedCalls?: boolean };
            preview?: boolean;
          };
          const got = res.json<NotificationSettings>();
          if (b.dnd?.until !== undefined) expect(got.dnd.until).toBe(b.dnd.until);
          else expect(got.dnd.until).toBe(model.dnd.until);
          if (b.dnd?.schedule !== undefined) {
            expect(got.dnd.schedule === null).toBe(b.dnd.schedule === null);
            if (b.dnd.schedule) expect(got.dnd.schedule?.from).toBe(b.dnd.schedule.from);
          } else expect(got.dnd.schedule).toEqual(model.dnd.schedule);
          expect(got.email.digestMinutes).toBe(
            b.email?.digestMinutes !== undefined ? b.email.digestMinutes : model.email.digestMinutes,
          );
          expect(got.email.missedCalls).toBe(b.email?.missedCalls ?? model.email.missedCalls);
          expect(got.preview).toBe(b.preview ?? model.preview);
          expect(got.dnd.schedule?.allowFrom ?? []).not.toContain('stranger');
          model = got;
          expect((await alice.client.get(SETTINGS)).json()).toEqual(model);
        }
      }),
      // At most 48 changes: within the per-minute limit (which the clock here never ends).
      { numRuns: 12 },
    );
  });

  it('badges a room with every unread message or only the mentions, by level and mute', async () => {
    const room = await privateRoom(alice, bob);
    await sentMessage(alice, room.id, { text: 'hello' });
    await sentMessage(alice, room.id, { text: `@${bob.user.username} look` });
    await sentMessage(alice, room.id, { text: 'bye' });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('all' as const, 'mentions' as const, 'none' as const),
        fc.option(fc.integer({ min: 1, max: 7_200_000 })),
        fc.integer({ min: 0, max: 7_200_000 }),
        async (level, muteMs, laterMs) => {
          clock.set(T0);
          const muteUntil = muteMs === null ? null : new Date(Date.parse(T0) + muteMs).toISOString();
          const res = await bob.client.put(`/api/v1/rooms/${room.id}/notifications`, { level, muteUntil });
          expect(res.statusCode, res.body).toBe(200);
          clock.set(new Date(Date.parse(T0) + laterMs).toISOString());
          const summary = (await bob.client.get('/api/v1/rooms'))
            .json<{ rooms: RoomSummary[] }>()
            .rooms.find((r) => r.id === room.id)!;
          const quiet = level !== 'all' || (muteMs !== null && muteMs > laterMs);
          expect(summary.unread).toBe(quiet ? 1 : 3);
          expect(summary.notifications).toEqual({ level, muteUntil });
        },
      ),
      { numRuns: 25 },
    );
    clock.set(T0);
  });
});
