import type { Consultation } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookConsultation,
  consultationAction,
  makeProvider,
  openAvailability,
} from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;

type ErrorBody = { error: { code: string; message: string } };

/** Issue 15: a provider starts a session with a client now (`start: 'now'`). */
describe.each(DATABASE_KINDS)('proposing a session now (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:02:30.000Z');
  let app: TestApp;
  let admin: Person;
  let pat: Person; // a provider who asks 12 hours' notice of clients
  let cleo: Person;
  let dan: Person;

  const propose = (p: Person, body: Record<string, unknown>) => p.client.post('/api/v1/consultations', body);
  const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
    const body = res.json<ErrorBody>();
    expect(res.statusCode, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject({ code, message: expect.any(String) });
    return body.error.message;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, dan] = await signedInPeople(app, 'pat', 'cleo', 'dan');
    await makeProvider(admin, pat, openAvailability({ minNoticeMinutes: 12 * 60 }));
  });
  afterAll(async () => app.close());

  it('starts at the next 5-minute mark, whatever the notice clients need; the client accepts and both can join', async () => {
    clock.set('2026-11-23T10:02:30.000Z');
    const res = await propose(pat, { clientId: cleo.user.id, start: 'now' });
    expect(res.statusCode, res.body).toBe(201);
    const held = res.json<{ consultation: Consultation }>().consultation;
    expect(held).toMatchObject({
      status: 'held',
      bookedBy: 'provider',
      role: 'provider',
      start: '2026-11-23T10:05:00.000Z',
      end: '2026-11-23T10:55:00.000Z',
      // As long as a hold (5 minutes) past the start, for the client to say yes.
      heldUntil: '2026-11-23T10:10:00.000Z',
      client: { id: cleo.user.id },
    });
    // Inside the join window at once.
    expect(Date.parse(held.joinOpensAt)).toBeLessThanOrEqual(clock.now().getTime());

    clock.advance(4 * MINUTE);
    const accepted = await consultationAction(cleo.client, held.id, 'accept');
    expect(accepted).toMatchObject({ status: 'scheduled', start: held.start });
    for (const p of [pat, cleo]) {
      const joined = await p.client.post(`/api/v1/consultations/${held.id}/events`, { type: 'joined' });
      expect(joined.statusCode, joined.body).toBe(200);
    }
    const active = await cleo.client.get(`/api/v1/consultations/${held.id}`);
    expect(active.json<{ consultation: Consultation }>().consultation.status).toBe('active');
  });

  it('starts exactly now on a 5-minute mark, and lapses when the client does not answer in time', async () => {
    clock.set('2026-11-24T09:00:00.000Z');
    const res = await propose(pat, { clientId: dan.user.id, start: 'now' });
    expect(res.statusCode, res.body).toBe(201);
    const held = res.json<{ consultation: Consultation }>().consultation;
    expect(held).toMatchObject({
      start: '2026-11-24T09:00:00.000Z',
      heldUntil: '2026-11-24T09:05:00.000Z',
    });
    clock.set('2026-11-24T09:05:00.000Z');
    expectError(await dan.client.post(`/api/v1/consultations/${held.id}/accept`), 409, 'consultation_state');
  });

  it('refuses now when the provider is booked then, and for anyone but a provider proposing', async () => {
    clock.set('2026-11-25T08:00:00.000Z');
    const booked = await bookConsultation(cleo, pat, '2026-11-25T21:00:00.000Z');
    clock.set('2026-11-25T20:58:00.000Z');
    expectError(await propose(pat, { clientId: dan.user.id, start: 'now' }), 409, 'slot_taken');
    expect(booked.status).toBe('scheduled');

    // A client's hold is always a real time from the provider's free slots.
    expectError(await propose(cleo, { providerId: pat.user.id, start: 'now' }), 400, 'validation_failed');
    // Someone who is not a provider cannot propose at all.
    expectError(await propose(cleo, { clientId: dan.user.id, start: 'now' }), 403, 'forbidden');
    expectError(await propose(pat, { clientId: dan.user.id, start: 'NOW!' }), 400, 'validation_failed');
  });
});
