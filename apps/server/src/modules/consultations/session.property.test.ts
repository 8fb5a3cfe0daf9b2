import fc from 'fast-check';
import { CONSULTATION_EVENT_TYPES } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
const SECRET = 'fuzz-secret-long-enough-for-event-sync';

/**
 * Random sequences of session actions (join, reports, erasure, feedback, the access log, Jitsi
 * events, clock jumps with sweeps) by both parties, an outsider and an administrator, with random
 * bodies, around a freshly booked consultation: never a 5xx, every 4xx in the error shape, and the
 * rows still agree afterwards (an active consultation has someone who joined, an ended one its end
 * time, nobody counted in the call of a consultation the timers ended).
 */
describe.each(DATABASE_KINDS)('consultation sessions under random input (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person;
  /** Clients take turns booking (holds are rate-limited per person). */
  let clients: Person[];
  let eve: Person;
  let hour = 1;
  const ids: string[] = ['019a0000-0000-7000-8000-000000000000', 'not-an-id'];
  const succeeded = new Set<string>();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    let cleo: Person, dan: Person, fay: Person;
    [pat, cleo, dan, fay, eve] = await signedInPeople(app, 'pat', 'cleo', 'dan', 'fay', 'eve');
    clients = [cleo, dan, fay];
    await makeProvider(admin, pat, openAvailability());
    await configureJitsi(app, { eventSyncSecret: SECRET });
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
      type: fc.oneof(
        fc.constantFrom(
          'joined',
          'left',
          'camera_on',
          'camera_off',
          'microphone_on',
          'microphone_off',
          'other_joined',
          'other_left',
        ),
        anyValue,
      ),
      audioMuted: fc.oneof(fc.boolean(), anyValue),
      rating: fc.oneof(fc.integer({ min: 0, max: 6 }), anyValue),
      needsAddressed: fc.oneof(fc.constantFrom('yes', 'partly', 'no'), anyValue),
      comment: fc.oneof(fc.string({ maxLength: 30 }), anyValue),
    },
    { requiredKeys: [] },
  );
  const action = fc.record({
    who: fc.constantFrom('pat', 'client', 'eve', 'admin'),
    what: fc.constantFrom('join', 'events', 'erase', 'feedback', 'log', 'webhook', 'tick'),
    id: fc.nat(),
    body,
    ms: fc.integer({ min: 0, max: 40 * 60_000 }),
    query: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'limit=2',
        'limit=0',
        'before=zz',
        'from=2026-11-23',
        'from=2026-11-24&to=2026-11-23',
        'to=2026-02-30',
        'from=2026-11-23T10:00:00.000Z&to=2026-11-25',
        'providerId=PAT',
        'clientId=PAT&from=2026-11-23',
        'before=WyIyMDI2IiwiYSIsImIiXQ',
      ),
    ),
  });

  it('never answers 5xx and keeps consultations consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        clock.set(T0);
        const client = clients[hour % clients.length]!;
        const booked = await bookConsultation(
          client,
          pat,
          new Date(Date.parse(T0) + hour++ * HOUR).toISOString(),
        );
        ids.push(booked.id);
        // Inside the join window (it opens 10 minutes before the start); ticks move on from here.
        clock.set(new Date(Date.parse(booked.start) - 5 * 60_000).toISOString());
        // Every other consultation starts with the provider in the call (so feedback has a chance).
        if (hour % 2 === 0) {
          await pat.client.post(`/api/v1/consultations/${booked.id}/events`, { type: 'joined' });
        }
        for (const a of actions) {
          const person = { pat, client, eve, admin }[a.who];
          // Mostly the consultation just booked, sometimes an older one or none at all.
          const id = a.id % 3 === 2 ? ids[a.id % ids.length]! : booked.id;
          const payload = a.body as Record<string, unknown>;
          const path = `/api/v1/consultations/${encodeURIComponent(id)}`;
          let res: { statusCode: number; json(): unknown } | null = null;
          switch (a.what) {
            case 'join':
              // Two joins in three are well-formed.
              res = await person.client.post(
                `${path}/join`,
                a.ms % 3 === 0 ? payload : { audioMuted: a.ms % 2 === 0, videoMuted: a.id % 2 === 0 },
              );
              break;
            case 'events':
              // Half of the reports are well-formed, so presence does move.
              res = await person.client.post(
                `${path}/events`,
                a.ms % 2 === 0
                  ? { type: CONSULTATION_EVENT_TYPES[a.ms % CONSULTATION_EVENT_TYPES.length] }
                  : payload,
              );
              break;
            case 'erase':
              res = await person.client.delete(`${path}/messages`);
              break;
            case 'feedback':
              res = await person.client.post(
                `${path}/feedback`,
                a.ms % 2 === 0 ? { rating: (a.ms % 5) + 1, needsAddressed: 'yes' } : payload,
              );
              break;
            case 'log': {
              // Half by an administrator, half by whoever acts; the access log or the feedback list.
              const list = a.id % 2 === 0 ? 'access-log' : 'feedback';
              res = await (a.ms % 2 === 0 ? admin : person).client.get(
                `/api/v1/admin/consultations/${list}?${a.query.replace('PAT', pat.user.id)}`,
              );
              if (list === 'feedback' && res.statusCode === 200) {
                // Clients only ever appear under a nickname: never their name or username.
                const text = JSON.stringify(res.json());
                for (const c of clients) expect(text).not.toContain(c.user.username);
              }
              break;
            }
            case 'webhook':
              res = await app.app.inject({
                method: 'POST',
                url: `/api/v1/jitsi/events/occupant/${a.ms % 2 === 0 ? 'joined' : 'left'}`,
                headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
                payload: JSON.stringify({
                  room_name: a.id % 2 === 0 ? id : payload.type,
                  occupant: { id: person.user.id, occupant_jid: 'a@b/c', joined_at: payload.rating },
                }),
              });
              break;
            case 'tick':
              clock.advance(a.ms);
              await app.sweeper.runOnce('consultations');
              await app.sweeper.runOnce('consultation-retention');
              break;
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
      { numRuns: 40 },
    );
    // Not vacuous: every kind of action but the clock went through at least once.
    expect([...succeeded].sort()).toEqual(['erase', 'events', 'feedback', 'join', 'log', 'webhook']);
  });

  async function expectConsistent() {
    const rows = await app.db.kysely.selectFrom('consultations').selectAll().execute();
    for (const c of rows) {
      if (c.status === 'active') {
        expect(c.provider_joined_at !== null || c.client_joined_at !== null, c.id).toBe(true);
      }
      const ended = !['held', 'scheduled', 'active'].includes(c.status);
      expect(c.ended_at !== null, c.id).toBe(ended);
      // The timers end a consultation with everyone out of its call, and nothing moves them back in.
      if (['finished', 'no_show_client', 'no_show_provider'].includes(c.status)) {
        expect([Number(c.provider_in_call), Number(c.client_in_call)], c.id).toEqual([0, 0]);
      }
    }
  }
});
