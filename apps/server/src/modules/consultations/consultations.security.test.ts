import type { Consultation } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

/** Security review of the booking routes (issue 10): regressions for what the review found. */
describe.each(DATABASE_KINDS)('consultation booking, security (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let cleo: Person;

  const at = (hours: number) =>
    new Date(Math.ceil((clock.now().getTime() + hours * HOUR) / HOUR) * HOUR).toISOString();
  const get = async (p: Person, id: string) => {
    const res = await p.client.get(`/api/v1/consultations/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ consultation: Consultation }>().consultation;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [cleo] = await signedInPeople(app, 'cleo');
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('a revoked provider’s consultation cannot be moved to a new time (by either side): 422, it stays put', async () => {
    const [rory] = await signedInPeople(app, 'rory');
    await makeProvider(admin, rory, openAvailability());
    const booked = await bookConsultation(cleo, rory, at(3));
    await admin.client.patch(`/api/v1/admin/users/${rory.user.id}`, { provider: false });
    for (const who of [cleo, rory]) {
      const res = await who.client.post(`/api/v1/consultations/${booked.id}/reschedule`, { start: at(6) });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('slot_unavailable');
    }
    expect((await get(cleo, booked.id)).start).toBe(booked.start);
  });

  it('a deactivated provider’s consultation cannot be rescheduled into new time either', async () => {
    const [sam] = await signedInPeople(app, 'sam');
    await makeProvider(admin, sam, openAvailability());
    const booked = await bookConsultation(cleo, sam, at(4));
    const off = await admin.client.patch(`/api/v1/admin/users/${sam.user.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const res = await cleo.client.post(`/api/v1/consultations/${booked.id}/reschedule`, { start: at(7) });
    expect(res.statusCode, res.body).toBe(422);
    expect((await get(cleo, booked.id)).start).toBe(booked.start);
  });

  it('accepting a proposal claims the provider’s buffer as it is now (raised since the proposal)', async () => {
    const [uma, dora] = await signedInPeople(app, 'uma', 'dora');
    await makeProvider(admin, uma, openAvailability());
    const booked = await bookConsultation(cleo, uma, at(3));
    const proposedStart = at(5); // 15:00, claimed with the 10-minute buffer: until 16:00
    const proposed = await uma.client.post(`/api/v1/consultations/${booked.id}/propose`, {
      start: proposedStart,
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const raised = await uma.client.put(
      '/api/v1/providers/me/availability',
      openAvailability({ bufferMinutes: 60 }),
    );
    expect(raised.statusCode, raised.body).toBe(200);
    const accepted = await cleo.client.post(`/api/v1/consultations/${booked.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    // The session ends 15:50; with an hour's buffer nothing may start before 16:50. 16:30 is on the
    // new grid (50 + 60 minutes from midnight) but inside the buffer.
    const clash = new Date(Date.parse(proposedStart) + 90 * 60_000).toISOString();
    const res = await dora.client.post('/api/v1/consultations', { providerId: uma.user.id, start: clash });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('slot_taken');
  });

  it('rescheduling and proposing are rate limited per person (a script cannot churn a calendar)', async () => {
    // People of their own: the limits count per person, whatever the other tests did.
    const [tia, uma] = await signedInPeople(app, 'tia', 'uma');
    await makeProvider(admin, tia, openAvailability());
    const booked = await bookConsultation(uma, tia, at(5));
    for (const [who, action] of [
      [uma, 'reschedule'],
      [tia, 'propose'],
    ] as const) {
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await who.client.post(`/api/v1/consultations/${booked.id}/${action}`, {
          start: 'not a time',
        });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 30).every((c) => c === 400)).toBe(true);
      expect(codes.slice(30).every((c) => c === 429)).toBe(true);
    }
  });
});
