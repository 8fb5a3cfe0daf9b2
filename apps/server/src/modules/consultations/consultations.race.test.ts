import type { Consultation } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;

/**
 * Double booking is refused by the database (the claims' primary key), not by a read-then-write
 * check: however many requests race for the same time, exactly one wins.
 */
describe.each(DATABASE_KINDS)('booking races (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let admin: Person;
  let clients: Person[];

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    clients = await signedInPeople(app, ...Array.from({ length: 20 }, (_, i) => `racer${i}`));
  });
  afterAll(async () => app.close());

  type Res = { statusCode: number; json<T>(): T };
  const outcome = (results: Res[]) => {
    const won = results.filter((r) => r.statusCode === 201);
    const lost = results.filter((r) => r.statusCode !== 201);
    return { won, lost };
  };

  async function liveFor(providerId: string) {
    return app.db.kysely
      .selectFrom('consultations')
      .select(['id', 'start_at'])
      .where('provider_id', '=', providerId)
      .where('status', 'in', ['held', 'scheduled'])
      .execute();
  }

  it('20 clients holding the same slot at once: exactly one 201, the rest 409 slot_taken', async () => {
    const [pia] = await signedInPeople(app, 'pia');
    await makeProvider(admin, pia, openAvailability());
    const start = '2026-11-24T09:00:00.000Z';
    const results = await Promise.all(
      clients.map((c) => c.client.post('/api/v1/consultations', { providerId: pia.user.id, start })),
    );
    const { won, lost } = outcome(results);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) {
      expect(r.statusCode, JSON.stringify(r.json())).toBe(409);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('slot_taken');
    }
    const winner = won[0]!.json<{ consultation: Consultation }>().consultation;
    expect(await liveFor(pia.user.id)).toEqual([{ id: winner.id, start_at: start }]);
    // Every claimed bucket is the winner's: 50 minutes plus the 10-minute buffer, 12 buckets.
    const claims = await app.db.kysely
      .selectFrom('consultation_claims')
      .select(['consultation_id'])
      .where('provider_id', '=', pia.user.id)
      .execute();
    expect(claims).toHaveLength(12);
    expect(new Set(claims.map((c) => c.consultation_id))).toEqual(new Set([winner.id]));
  });

  it('overlapping but different starts (client holds and provider proposals) racing: exactly one wins', async () => {
    const [pol] = await signedInPeople(app, 'pol');
    await makeProvider(admin, pol, openAvailability());
    const slot = Date.parse('2026-11-25T09:00:00.000Z');
    // Ten clients hold the 09:00 slot (it claims 09:00–10:00 with its buffer); at the same time the
    // provider proposes sessions to the ten others at 09:05, 09:10 … 09:50: every pair overlaps.
    const requests = clients.map((c, i) =>
      i < 10
        ? c.client.post('/api/v1/consultations', {
            providerId: pol.user.id,
            start: new Date(slot).toISOString(),
          })
        : pol.client.post('/api/v1/consultations', {
            clientId: c.user.id,
            start: new Date(slot + (i - 9) * 5 * MINUTE).toISOString(),
          }),
    );
    const { won, lost } = outcome(await Promise.all(requests));
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.statusCode)).toEqual(Array(19).fill(409));
    expect(lost.every((r) => r.json<{ error: { code: string } }>().error.code === 'slot_taken')).toBe(true);
    expect(await liveFor(pol.user.id)).toHaveLength(1);
  });

  it('reschedules racing for the same free slot: one moves, the other is slot_taken and stays put', async () => {
    const [pam] = await signedInPeople(app, 'pam');
    await makeProvider(admin, pam, openAvailability());
    const book = async (c: Person, start: string) => {
      const held = await c.client.post('/api/v1/consultations', { providerId: pam.user.id, start });
      const id = held.json<{ consultation: Consultation }>().consultation.id;
      expect((await c.client.post(`/api/v1/consultations/${id}/confirm`)).statusCode).toBe(200);
      return id;
    };
    const a = await book(clients[0]!, '2026-11-26T09:00:00.000Z');
    const b = await book(clients[1]!, '2026-11-26T11:00:00.000Z');
    const target = '2026-11-26T13:00:00.000Z';
    const [ra, rb] = await Promise.all([
      clients[0]!.client.post(`/api/v1/consultations/${a}/reschedule`, { start: target }),
      clients[1]!.client.post(`/api/v1/consultations/${b}/reschedule`, { start: target }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    const starts = (await liveFor(pam.user.id)).map((r) => r.start_at).sort();
    expect(starts).toContain(target);
    expect(starts).toHaveLength(2);
    // The loser kept its old time (and its claims).
    const loserStart = ra.statusCode === 409 ? '2026-11-26T09:00:00.000Z' : '2026-11-26T11:00:00.000Z';
    expect(starts).toContain(loserStart);
    const claims = await app.db.kysely
      .selectFrom('consultation_claims')
      .select(['consultation_id'])
      .where('provider_id', '=', pam.user.id)
      .execute();
    expect(claims).toHaveLength(24);
  });

  it('a confirm racing a cancel of the same hold: one of them wins, never both, and nothing is half-written', async () => {
    const [pip] = await signedInPeople(app, 'pip');
    await makeProvider(admin, pip, openAvailability());
    for (let round = 0; round < 5; round++) {
      const c = clients[2 + round]!;
      const start = new Date(Date.parse('2026-11-27T08:00:00.000Z') + round * 60 * MINUTE).toISOString();
      const held = await c.client.post('/api/v1/consultations', { providerId: pip.user.id, start });
      const id = held.json<{ consultation: Consultation }>().consultation.id;
      const [confirm, cancel] = await Promise.all([
        c.client.post(`/api/v1/consultations/${id}/confirm`),
        pip.client.post(`/api/v1/consultations/${id}/cancel`),
      ]);
      const row = await app.db.kysely
        .selectFrom('consultations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (confirm.statusCode === 200) {
        // The confirm committed first; the cancel then canceled the scheduled consultation.
        expect(row.room_id).not.toBeNull();
      } else {
        expect(confirm.statusCode).toBe(409);
        expect(cancel.statusCode).toBe(200);
        expect(row.status).toBe('canceled');
        // No room was left behind for a consultation that never was scheduled.
        const rooms = await app.db.kysely
          .selectFrom('rooms')
          .select('id')
          .where('direct_key', '=', `consultation:${id}`)
          .execute();
        expect(rooms).toEqual([]);
      }
      if (row.room_id !== null) {
        const members = await app.db.kysely
          .selectFrom('room_members')
          .select('user_id')
          .where('room_id', '=', row.room_id)
          .execute();
        expect(members.map((m) => m.user_id).sort()).toEqual([c.user.id, pip.user.id].sort());
      }
    }
  });
});
