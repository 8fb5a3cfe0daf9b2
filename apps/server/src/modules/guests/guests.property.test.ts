import fc from 'fast-check';
import type { Consultation } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProvider } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { insertGuestClient, tokenOf } from '../../test/guests.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

/**
 * Issue 19 under random input: personal links with random tokens and clock jumps, random bodies for a
 * provider's guest proposals, new links and claims. Never a 5xx, every 4xx in the error shape; a
 * refused proposal leaves no guest account or link, an accepted one exactly one live link; a link
 * answers only while it is live.
 */
describe.each(DATABASE_KINDS)('guests under random input (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let paula: Person;
  let cleo: Person;
  const tokens: string[] = [];
  const consultations: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    const admin = await signedInUser(app, { role: 'admin' });
    [paula, cleo] = await signedInPeople(app, 'paula', 'cleo');
    await makeProvider(admin, paula);
    const first = await insertGuestClient(app, paula, new Date(Date.parse(T0) + 2 * HOUR).toISOString());
    tokens.push(first.token);
    consultations.push(first.consultation.id);
  });
  afterAll(async () => app.close());

  const count = async (table: 'users' | 'guest_passes') =>
    Number(
      (
        await app.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const anyValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  );
  const token = fc.oneof(
    fc.constantFrom('known', 'known', ''),
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.base64String({ minLength: 43, maxLength: 44 }),
  );
  const guestBody = fc.record(
    {
      guest: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('Gwen', ' Ann ', '', '\u202e', 'x'.repeat(90)), anyValue),
            email: fc.oneof(fc.constantFrom('a@example.org', 'A@EXAMPLE.ORG', 'no', ''), anyValue),
            extra: anyValue,
          },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      start: fc.oneof(
        fc.integer({ min: -3, max: 200 }).map((h) => new Date(Date.parse(T0) + h * HOUR).toISOString()),
        fc.constantFrom('now', 'soon', ''),
        anyValue,
      ),
      clientId: fc.oneof(fc.constant(undefined), anyValue),
      nickname: fc.oneof(fc.constant(undefined), anyValue),
    },
    { requiredKeys: ['guest'] },
  );
  const claimBody = fc.record(
    {
      username: fc.oneof(fc.constantFrom('gwen', 'G', 'a b', ''), anyValue),
      password: fc.oneof(fc.constantFrom('correct horse battery staple', 'short'), anyValue),
      email: anyValue,
    },
    { requiredKeys: [] },
  );
  const step = fc.oneof(
    fc.record({ kind: fc.constant('info' as const), token }),
    fc.record({ kind: fc.constant('session' as const), token }),
    fc.record({ kind: fc.constant('propose' as const), body: guestBody }),
    fc.record({ kind: fc.constant('reinvite' as const), by: fc.constantFrom('paula', 'cleo') }),
    fc.record({ kind: fc.constant('claim' as const), body: claimBody }),
    fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 0, max: 48 }) }),
  );

  const pick = <T>(list: T[], seed: number) => list[seed % list.length]!;

  it('never answers 5xx; refusals write nothing; a link works exactly while it is live', async () => {
    let seed = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        // Each run a little later than the last (per-address limits count by the same clock).
        clock.set(new Date(Date.parse(T0) + run++ * 20 * 60_000).toISOString());
        for (const s of steps) {
          seed++;
          let res: { statusCode: number; body: string; json<T>(): T };
          if (s.kind === 'info' || s.kind === 'session') {
            const t = s.token === 'known' ? pick(tokens, seed) : s.token;
            const url = `/api/v1/visit/${encodeURIComponent(t)}${s.kind === 'session' ? '/session' : ''}`;
            res = await new TestClient(app).request(s.kind === 'info' ? 'GET' : 'POST', url);
            if (s.token !== 'known') expect([400, 404, 429], res.body).toContain(res.statusCode);
            else expect([200, 404, 410, 429], res.body).toContain(res.statusCode);
          } else if (s.kind === 'propose') {
            const users = await count('users');
            const passes = await count('guest_passes');
            res = await paula.client.post('/api/v1/consultations', s.body);
            if (res.statusCode === 201) {
              const answer = res.json<{ consultation: Consultation; invite: { url: string } }>();
              expect(answer.consultation.client.guest).toBe(true);
              tokens.push(tokenOf(answer.invite.url));
              consultations.push(answer.consultation.id);
              expect(await count('users')).toBe(users + 1);
              expect(await count('guest_passes')).toBe(passes + 1);
            } else {
              expect(await count('users')).toBe(users);
              expect(await count('guest_passes')).toBe(passes);
            }
          } else if (s.kind === 'reinvite') {
            const who = s.by === 'paula' ? paula : cleo;
            res = await who.client.post(`/api/v1/consultations/${pick(consultations, seed)}/guest-invite`);
            if (res.statusCode === 200) {
              tokens.push(tokenOf(res.json<{ invite: { url: string } }>().invite.url));
            } else expect([404, 409, 429], res.body).toContain(res.statusCode);
          } else if (s.kind === 'claim') {
            // Claims by a fresh guest session (when the link still works) or by an account holder.
            const t = pick(tokens, seed);
            const visitor = new TestClient(app);
            const session = await visitor.post(`/api/v1/visit/${t}/session`);
            const client = session.statusCode === 200 ? visitor : cleo.client;
            res = await client.post('/api/v1/me/claim', s.body);
            expect([200, 400, 409, 429], res.body).toContain(res.statusCode);
          } else {
            clock.advance(s.hours * HOUR);
            continue;
          }
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json<{ error: { code: string; message: string } }>().error.code).toEqual(
              expect.any(String),
            );
          }
        }
        // Invariant: at most one live link per guest and consultation.
        const live = await app.db.kysely
          .selectFrom('guest_passes')
          .select(['user_id', 'consultation_id'])
          .where('revoked_at', 'is', null)
          .execute();
        const keys = live.map((p) => `${p.user_id}:${p.consultation_id}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 40 },
    );
  });
});
