import fc from 'fast-check';
import type { Call } from '@parley/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { configureJitsi } from '../../test/calls.js';

/**
 * Random sequences of call actions (start, accept, decline, cancel, end, join, reports, history,
 * webhooks, clock jumps and sweeps) by members and an outsider, with random bodies: never a 5xx, and
 * afterwards the rows still agree: at most one live call per room, ended calls have an end time and
 * nobody "joined", every live call has its maximum-length timer, and timers only on live calls.
 */
describe.each(DATABASE_KINDS)('calls under random input (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let eve: Person;
  let rooms: string[];
  const callIds: string[] = ['missing-call'];
  /** Actions that answered 2xx at least once. */
  const succeeded = new Set<string>();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [alice, bob, eve] = await signedInPeople(app, 'alice', 'bob', 'eve');
    await configureJitsi(app, { eventSyncSecret: 'fuzz-secret-long-enough-for-event-sync' });
    const dm = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const channel = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('callfuzz'),
      memberIds: [bob.user.id],
    });
    rooms = [dm.id, channel.id, 'missing-room'];
    // A live call from the start, so the call actions have something to act on.
    const seeded = await alice.client.post(`/api/v1/rooms/${channel.id}/calls`, { title: 'seed' });
    callIds.push(seeded.json<{ call: Call }>().call.id);
  });
  afterAll(async () => app.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  );
  const body = fc.record(
    {
      title: fc.oneof(fc.string({ maxLength: 130 }), anyValue),
      type: fc.oneof(
        fc.constantFrom(
          'videoConferenceJoined',
          'videoConferenceLeft',
          'participantJoined',
          'participantLeft',
        ),
        anyValue,
      ),
      userId: fc.oneof(fc.constantFrom('u', 'missing'), anyValue),
    },
    { requiredKeys: [] },
  );
  const action = fc.record({
    who: fc.constantFrom('alice', 'bob', 'eve'),
    what: fc.constantFrom(
      'start',
      'preview',
      'history',
      'mine',
      'get',
      'join',
      'accept',
      'decline',
      'cancel',
      'end',
      'events',
      'webhook',
      'tick',
    ),
    room: fc.nat(),
    call: fc.nat(),
    body,
    ms: fc.integer({ min: 0, max: 5 * 3_600_000 }),
  });

  it('never answers 5xx and keeps calls consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          const person = { alice, bob, eve }[a.who];
          const roomId = rooms[a.room % rooms.length]!;
          const callId = callIds[a.call % callIds.length]!;
          const payload = a.body as Record<string, unknown>;
          let res: { statusCode: number; json(): unknown } | null = null;
          switch (a.what) {
            case 'start':
              // Half of the starts send a well-formed body, so calls do get started.
              res = await person.client.post(
                `/api/v1/rooms/${roomId}/calls`,
                a.ms % 2 === 0 && typeof payload.title === 'string' ? { title: payload.title } : payload,
              );
              if (res.statusCode === 201) callIds.push((res.json() as { call: Call }).call.id);
              break;
            case 'preview':
              res = await person.client.get(`/api/v1/rooms/${roomId}/calls/preview`);
              break;
            case 'history':
              res = await person.client.get(`/api/v1/rooms/${roomId}/calls?limit=${(a.ms % 120) - 5}`);
              break;
            case 'mine':
              res = await person.client.get(
                `/api/v1/me/calls?direction=${encodeURIComponent(JSON.stringify(payload.type) ?? '')}`,
              );
              break;
            case 'get':
              res = await person.client.get(`/api/v1/calls/${callId}`);
              break;
            case 'events':
              res = await person.client.post(`/api/v1/calls/${callId}/events`, payload);
              break;
            case 'webhook':
              res = await app.app.inject({
                method: 'POST',
                url: '/api/v1/jitsi/events/events/occupant/joined',
                headers: {
                  authorization: 'Bearer fuzz-secret-long-enough-for-event-sync',
                  'content-type': 'application/json',
                },
                payload: JSON.stringify({ room_name: payload.title, occupant: payload }),
              });
              break;
            case 'tick':
              clock.advance(a.ms);
              await app.sweeper.runOnce('calls');
              break;
            case 'join':
            case 'accept':
            case 'decline':
            case 'cancel':
            case 'end':
              res = await person.client.post(`/api/v1/calls/${callId}/${a.what}`, payload);
          }
          if (res && res.statusCode < 300) succeeded.add(a.what);
          if (res) {
            expect(res.statusCode, JSON.stringify({ a, body: res.json() })).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.json()).toMatchObject({
                error: { code: expect.any(String), message: expect.any(String) },
              });
            }
          }
        }
        await expectConsistent();
      }),
      { numRuns: 60 },
    );
    // Not vacuous: most kinds of action succeeded at least once.
    expect(succeeded.size).toBeGreaterThan(6);
  });

  async function expectConsistent() {
    const db = app.db.kysely;
    const live = await db
      .selectFrom('calls')
      .select(['room_id', sql<number>`count(*)`.as('n')])
      .where('status', 'in', ['ringing', 'ongoing'])
      .groupBy('room_id')
      .execute();
    expect(live.every((r) => Number(r.n) === 1)).toBe(true);
    const calls = await db.selectFrom('calls').selectAll().execute();
    for (const c of calls) {
      const isLive = c.status === 'ringing' || c.status === 'ongoing';
      expect(c.ended_at === null, c.id).toBe(isLive);
      if (!isLive) expect([c.ring_until, c.idle_until]).toEqual([null, null]);
    }
    const stillIn = await db
      .selectFrom('call_participants as p')
      .innerJoin('calls as c', 'c.id', 'p.call_id')
      .select('p.user_id')
      .where('p.state', 'in', ['joined', 'ringing'])
      .where('c.status', 'not in', ['ringing', 'ongoing'])
      .execute();
    expect(stillIn).toEqual([]);
  }
});
