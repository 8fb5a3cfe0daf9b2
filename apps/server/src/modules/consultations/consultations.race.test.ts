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

  it('20 holds of one slot from five clients (four tabs each): one hold, its client’s repeats get it back, its first tab confirms', async () => {
    const [pru] = await signedInPeople(app, 'pru');
    await makeProvider(admin, pru, openAvailability());
    const start = '2026-11-24T13:00:00.000Z';
    const five = clients.slice(0, 5);
    const requests = Array.from({ length: 20 }, (_, i) => ({ who: five[i % 5]!, tab: Math.floor(i / 5) }));
    const results = await Promise.all(
      requests.map(({ who }) => who.client.post('/api/v1/consultations', { providerId: pru.user.id, start })),
    );
    const live = await liveFor(pru.user.id);
    expect(live).toHaveLength(1);
    const heldId = live[0]!.id;
    const winners = new Set(
      requests.filter((_, i) => results[i]!.statusCode !== 409).map(({ who }) => who.user.id),
    );
    expect(winners.size).toBe(1);
    for (const [i, { who }] of requests.entries()) {
      const res = results[i]!;
      if (winners.has(who.user.id)) {
        expect([200, 201], res.body).toContain(res.statusCode);
        expect(res.json<{ consultation: Consultation }>().consultation.id).toBe(heldId);
      } else {
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('slot_taken');
      }
    }
    // One of the client's tabs made the hold; the other three were handed the same one.
    const ownCodes = results.filter((r) => r.statusCode !== 409).map((r) => r.statusCode);
    expect(ownCodes.sort()).toEqual([200, 200, 200, 201]);
    // Nothing was made and let go on the way: the only consultation of this provider is the hold.
    const all = await app.db.kysely
      .selectFrom('consultations')
      .select(['id', 'status'])
      .where('provider_id', '=', pru.user.id)
      .execute();
    expect(all).toEqual([{ id: heldId, status: 'held' }]);
    // The first tab confirms what it was given.
    const first = requests.findIndex(({ who, tab }) => winners.has(who.user.id) && tab === 0);
    const winner = requests[first]!.who;
    const confirmed = await winner.client.post(
      `/api/v1/consultations/${results[first]!.json<{ consultation: Consultation }>().consultation.id}/confirm`,
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<{ consultation: Consultation }>().consultation.status).toBe('scheduled');
  });

  it('a repeated hold of the same slot is the same hold (200) while it lives; a lapsed one is held anew', async () => {
    const [pen] = await signedInPeople(app, 'pen');
    await makeProvider(admin, pen, openAvailability());
    const start = '2026-11-24T15:00:00.000Z';
    const c = clients[5]!;
    const hold = () => c.client.post('/api/v1/consultations', { providerId: pen.user.id, start });
    const first = await hold();
    expect(first.statusCode).toBe(201);
    const id = first.json<{ consultation: Consultation }>().consultation.id;
    const again = await hold();
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ consultation: Consultation }>().consultation.id).toBe(id);
    // Someone else still cannot have it.
    const other = await clients[6]!.client.post('/api/v1/consultations', { providerId: pen.user.id, start });
    expect(other.statusCode).toBe(409);
    // Once the hold lapsed, holding again is a new hold (the old one expires).
    const heldUntil = first.json<{ consultation: Consultation }>().consultation.heldUntil!;
    const before = clock.now().toISOString();
    clock.set(heldUntil);
    try {
      const fresh = await hold();
      expect(fresh.statusCode, fresh.body).toBe(201);
      expect(fresh.json<{ consultation: Consultation }>().consultation.id).not.toBe(id);
    } finally {
      clock.set(before);
    }
  });

  it('holding the same slot again under a nickname is a new hold under it, not the one under the real name', async () => {
    const [pat] = await signedInPeople(app, 'pat');
    await makeProvider(admin, pat, openAvailability());
    const start = '2026-11-24T17:00:00.000Z';
    const c = clients[7]!;
    const plain = await c.client.post('/api/v1/consultations', { providerId: pat.user.id, start });
    expect(plain.statusCode, plain.body).toBe(201);
    const plainId = plain.json<{ consultation: Consultation }>().consultation.id;
    // Another tab, after typing a nickname.
    const nick = await c.client.post('/api/v1/consultations', {
      providerId: pat.user.id,
      start,
      nickname: 'Kit',
    });
    expect(nick.statusCode, nick.body).toBe(201);
    const held = nick.json<{ consultation: Consultation }>().consultation;
    expect(held.id).not.toBe(plainId);
    expect((await c.client.post(`/api/v1/consultations/${held.id}/confirm`)).statusCode).toBe(200);
    const seen = await pat.client.get(`/api/v1/consultations/${held.id}`);
    expect(seen.json<{ consultation: Consultation }>().consultation.client.displayName).toBe('Kit');
    expect(await liveFor(pat.user.id)).toEqual([{ id: held.id, start_at: start }]);
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
