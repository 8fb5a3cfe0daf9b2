import type { AccessLogEntrySchema, Consultation, FeedbackListResponse } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = '2026-11-23T10:00:00.000Z';

type ErrorBody = { error: { code: string; message: string } };
type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/**
 * Issue 15: the admins' feedback list (per provider, clients only under their nickname) and the
 * access log's provider, client and date filters.
 */
describe.each(DATABASE_KINDS)('consultations, admin lists (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person; // a provider
  let quinn: Person; // another provider
  let cleo: Person; // a client who books under a nickname
  let dan: Person; // a client under their own name
  let hour = 1;

  const start = () => new Date(Date.parse(T0) + hour++ * HOUR).toISOString();
  const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
    const body = res.json<ErrorBody>();
    expect(res.statusCode, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject({ code, message: expect.any(String) });
  };
  /** A consultation that took place (both joined at its start), with the client's feedback. */
  const withFeedback = async (
    client: Person,
    provider: Person,
    rating: number,
    nickname?: string,
  ): Promise<Consultation> => {
    const c = await bookConsultation(client, provider, start(), nickname);
    clock.set(c.start);
    for (const p of [provider, client]) {
      const res = await p.client.post(`/api/v1/consultations/${c.id}/events`, { type: 'joined' });
      expect(res.statusCode, res.body).toBe(200);
    }
    clock.advance(20 * MINUTE);
    const res = await client.client.post(`/api/v1/consultations/${c.id}/feedback`, {
      rating,
      needsAddressed: 'yes',
      comment: `Rated ${rating}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    clock.set(T0);
    return c;
  };
  const feedback = async (query = '') => {
    const res = await admin.client.get(`/api/v1/admin/consultations/feedback${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<FeedbackListResponse>();
  };
  const log = async (query: string) => {
    const res = await admin.client.get(`/api/v1/admin/consultations/access-log?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ entries: AccessLogEntry[] }>().entries;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    [pat, quinn, cleo, dan] = await signedInPeople(app, 'pat', 'quinn', 'cleo', 'dan');
    await makeProvider(admin, pat, openAvailability());
    await makeProvider(admin, quinn, openAvailability());
    const email = await cleo.client.patch('/api/v1/me', { email: 'cleo@example.org' });
    expect(email.statusCode, email.body).toBe(200);
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('lists feedback per provider, newest first, paged, with the client only under their nickname', async () => {
    const a = await withFeedback(cleo, pat, 4, 'Blue heron');
    const b = await withFeedback(dan, pat, 2);
    const c = await withFeedback(cleo, quinn, 5, 'Blue heron');

    const all = await feedback();
    expect(all.entries.map((e) => e.consultationId)).toEqual([c.id, b.id, a.id]);
    expect(all.summary).toEqual({ count: 3, averageRating: 3.7 });
    expect(all.nextBefore).toBeNull();
    expect(all.entries[2]).toEqual({
      consultationId: a.id,
      start: a.start,
      provider: { id: pat.user.id, displayName: pat.user.displayName, avatarUrl: null },
      clientNickname: 'Blue heron',
      by: 'client',
      rating: 4,
      needsAddressed: 'yes',
      comment: 'Rated 4',
      at: new Date(Date.parse(a.start) + 20 * MINUTE).toISOString(),
    });
    // No nickname: no client at all, never their name.
    expect(all.entries[1]!.clientNickname).toBeNull();
    for (const secret of [cleo.user.displayName, cleo.user.username, 'cleo@example.org', dan.user.username]) {
      expect(JSON.stringify(all)).not.toContain(secret);
    }
    expect(JSON.stringify(all)).not.toContain(cleo.user.id);

    const pats = await feedback(`?providerId=${pat.user.id}`);
    expect(pats.entries.map((e) => e.consultationId)).toEqual([b.id, a.id]);
    expect(pats.summary).toEqual({ count: 2, averageRating: 3 });

    const first = await feedback('?limit=2');
    expect(first.entries.map((e) => e.consultationId)).toEqual([c.id, b.id]);
    expect(first.summary.count).toBe(3);
    const rest = await feedback(`?limit=2&before=${first.nextBefore}`);
    expect(rest.entries.map((e) => e.consultationId)).toEqual([a.id]);
    expect(rest.nextBefore).toBeNull();

    // By the day it was given (a bare `to` date counts through its end).
    const day = a.start.slice(0, 10);
    expect((await feedback(`?from=${day}&to=${day}`)).summary.count).toBe(3);
    expect(
      (await feedback(`?to=${new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10)}`)).entries,
    ).toEqual([]);
    const afterB = new Date(Date.parse(b.start) + 21 * MINUTE).toISOString();
    expect((await feedback(`?from=${afterB}`)).entries.map((e) => e.consultationId)).toEqual([c.id]);
  });

  it('is for administrators only, and refuses bad filters with 400', async () => {
    for (const p of [pat, cleo]) {
      expectError(await p.client.get('/api/v1/admin/consultations/feedback'), 403, 'forbidden');
    }
    for (const bad of [
      'limit=0',
      'limit=101',
      'from=yesterday',
      'from=2026-02-31',
      'from=2026-11-24&to=2026-11-23',
      'before=not-a-cursor',
      'color=red',
    ]) {
      expectError(
        await admin.client.get(`/api/v1/admin/consultations/feedback?${bad}`),
        400,
        'validation_failed',
      );
    }
  });

  it('filters the access log by provider, client and date', async () => {
    const withPat = await bookConsultation(cleo, pat, start());
    const withQuinn = await bookConsultation(dan, quinn, start());
    clock.set('2026-11-25T09:00:00.000Z');
    for (const [p, c] of [
      [cleo, withPat],
      [pat, withPat],
      [dan, withQuinn],
    ] as const) {
      expect((await p.client.get(`/api/v1/consultations/${c.id}`)).statusCode).toBe(200);
      clock.advance(MINUTE);
    }
    clock.set('2026-11-26T09:00:00.000Z');
    expect((await quinn.client.get(`/api/v1/consultations/${withQuinn.id}`)).statusCode).toBe(200);

    const ids = (entries: AccessLogEntry[]) =>
      entries.filter((e) => [withPat.id, withQuinn.id].includes(e.consultationId)).map((e) => e.user?.id);
    expect(ids(await log(`providerId=${pat.user.id}&from=2026-11-25`))).toEqual([pat.user.id, cleo.user.id]);
    expect(ids(await log(`clientId=${dan.user.id}&from=2026-11-25`))).toEqual([quinn.user.id, dan.user.id]);
    expect(ids(await log(`clientId=${dan.user.id}&from=2026-11-25&to=2026-11-25`))).toEqual([dan.user.id]);
    expect(ids(await log(`from=2026-11-26T00:00:00.000Z`))).toEqual([quinn.user.id]);
    expect(ids(await log(`providerId=${pat.user.id}&clientId=${dan.user.id}`))).toEqual([]);

    for (const bad of [
      'from=soon',
      'to=2026-13-01',
      'from=2026-11-26&to=2026-11-25',
      'providerId=' + 'x'.repeat(65),
    ]) {
      expectError(
        await admin.client.get(`/api/v1/admin/consultations/access-log?${bad}`),
        400,
        'validation_failed',
      );
    }
    expectError(
      await pat.client.get(`/api/v1/admin/consultations/access-log?providerId=${pat.user.id}`),
      403,
      'forbidden',
    );
  });
});
