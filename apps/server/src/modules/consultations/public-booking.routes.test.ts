import { createHash } from 'node:crypto';
import type { Consultation, Provider, PublicProvider, SlotsResponse } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freeSlots, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { visit } from '../../test/guests.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = '2026-11-23T10:00:00.000Z';

type ErrorBody = { error: { code: string; message: string } };
const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
  const body = res.json<ErrorBody>();
  expect(res.statusCode, JSON.stringify(body)).toBe(status);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
};

const linkIn = (text: string): string => {
  const match = /http:\/\/localhost:3000\/visit\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no visit link in: ${text}`);
  return match[1]!;
};

describe.each(DATABASE_KINDS)('public booking page (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let admin: Person;
  let pat: Person; // provider with a public page
  let quinn: Person; // provider without one
  let cleo: Person; // a signed-in client
  let visitor: TestClient; // no session

  const at = (hours: number) =>
    new Date(Math.ceil((clock.now().getTime() + hours * HOUR) / HOUR) * HOUR).toISOString();
  const setPublicBooking = async (on: boolean) => {
    const res = await admin.client.patch('/api/v1/admin/settings', { guests: { publicBooking: on } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const setOwnPage = async (who: Person, on: boolean) => {
    const res = await who.client.put('/api/v1/providers/me', {
      bio: 'Listens well',
      specialities: ['Sleep'],
      languages: ['en'],
      accepting: true,
      publicBooking: on,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ provider: Provider }>().provider;
  };
  /** Each test's visitor comes from an address of its own (the route limits holds per address). */
  let address = 0;
  const hold = (body: Record<string, unknown>, providerId = pat.user.id) =>
    visitor.post(`/api/v1/providers/${providerId}/public-holds`, body, {
      'x-forwarded-for': `198.51.100.${address}`,
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url, TRUST_PROXY: 'true' }, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [pat, quinn, cleo] = await signedInPeople(app, 'pat', 'quinn', 'cleo');
    await makeProvider(admin, pat, openAvailability());
    await makeProvider(admin, quinn, openAvailability());
    visitor = new TestClient(app);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(async () => {
    clock.set(T0);
    address++;
    await setPublicBooking(true);
    await setOwnPage(pat, true);
  });

  it('a provider turns their page on and off in their own profile (kept when a change leaves it out)', async () => {
    expect((await setOwnPage(pat, false)).publicBooking).toBe(false);
    expect((await setOwnPage(pat, true)).publicBooking).toBe(true);
    const unchanged = await pat.client.put('/api/v1/providers/me', {
      bio: 'Still listens',
      specialities: [],
      languages: ['en'],
      accepting: true,
    });
    expect(unchanged.json<{ provider: Provider }>().provider.publicBooking).toBe(true);
    // Others never see the switch.
    const seen = await cleo.client.get(`/api/v1/providers/${pat.user.id}`);
    expect(seen.json<{ provider: Provider }>().provider.publicBooking).toBeUndefined();
  });

  it('the page shows the provider to anyone, signed out too, while both switches are on; else 404', async () => {
    const res = await visitor.get(`/api/v1/book/${pat.user.username}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ provider: PublicProvider }>().provider).toEqual({
      id: pat.user.id,
      handle: pat.user.username,
      displayName: pat.user.displayName,
      avatarUrl: null,
      bio: 'Listens well',
      specialities: ['Sleep'],
      languages: ['en'],
      timezone: 'UTC',
      sessionMinutes: 50,
      bookable: true,
    });
    // The handle is the username, whatever its case.
    expect((await visitor.get(`/api/v1/book/${pat.user.username.toUpperCase()}`)).statusCode).toBe(200);
    expectError(await visitor.get(`/api/v1/book/${quinn.user.username}`), 404, 'not_found');
    expectError(await visitor.get(`/api/v1/book/${cleo.user.username}`), 404, 'not_found');
    expectError(await visitor.get('/api/v1/book/nobody-here'), 404, 'not_found');
    await setPublicBooking(false);
    expectError(await visitor.get(`/api/v1/book/${pat.user.username}`), 404, 'not_found');
    expectError(
      await visitor.get(`/api/v1/book/${pat.user.username}/slots?from=${at(1)}&to=${at(8)}`),
      404,
      'not_found',
    );
    expectError(await hold({ start: at(3), name: 'Vic', email: 'vic@example.org' }), 404, 'not_found');
  });

  it('its slots are the signed-in slot list’s', async () => {
    const res = await visitor.get(`/api/v1/book/${pat.user.username}/slots?from=${at(1)}&to=${at(8)}`);
    expect(res.statusCode, res.body).toBe(200);
    const slots = res.json<SlotsResponse>();
    expect(slots.slots.length).toBeGreaterThan(0);
    expect(slots.slots).toEqual(await freeSlots(cleo.client, pat.user.id, at(1), at(8)));
    expectError(
      await visitor.get(`/api/v1/book/${pat.user.username}/slots?from=soon&to=${at(8)}`),
      400,
      'validation_failed',
    );
  });

  it('a visitor holds a slot: 202, an e-mail with the confirming link, the time taken for everyone', async () => {
    const start = at(3);
    const res = await hold({
      start,
      name: 'Vic Visitor',
      email: 'Vic@Example.org',
      timeZone: 'Europe/Berlin',
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ heldUntil: new Date(clock.now().getTime() + 5 * MINUTE).toISOString() });
    const mail = await sink.next((m) => m.envelopeTo.includes('vic@example.org'));
    expect(mail.subject).toBe(`Confirm your consultation with ${pat.user.displayName}`);
    expect(mail.text).toContain('Hello Vic Visitor,');
    expect(mail.text).toContain('13:00 UTC on 23 November 2026');
    expect(mail.text).toContain('Monday 23 November 2026, 14:00–14:50 (Europe/Berlin)');
    expect(mail.html).toContain('/visit/');
    const token = linkIn(mail.text);
    // Only the token's sha256 is stored, as the visitor's personal link into this consultation.
    const pass = await app.db.kysely
      .selectFrom('guest_passes')
      .selectAll()
      .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
      .executeTakeFirstOrThrow();
    expect(pass).toMatchObject({ purpose: 'client', revoked_at: null });
    const guest = await app.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('id', '=', pass.user_id)
      .executeTakeFirstOrThrow();
    expect(guest).toMatchObject({ guest: 1, display_name: 'Vic Visitor', email: 'vic@example.org' });
    // The provider sees the hold like any client's.
    const list = await pat.client.get('/api/v1/consultations?role=provider&status=held');
    const held = list.json<{ consultations: Consultation[] }>().consultations.find((c) => c.start === start);
    expect(held).toMatchObject({
      id: pass.consultation_id,
      status: 'held',
      bookedBy: 'client',
      client: { id: guest.id, displayName: 'Vic Visitor' },
    });
    // The same database rule: the slot is gone for everyone.
    expect((await freeSlots(cleo.client, pat.user.id, at(1), at(8))).map((s) => s.start)).not.toContain(
      start,
    );
    expectError(await hold({ start, name: 'Wren', email: 'wren@example.org' }), 409, 'slot_taken');
    expectError(
      await cleo.client.post('/api/v1/consultations', { providerId: pat.user.id, start }),
      409,
      'slot_taken',
    );
  });

  it('the link in the e-mail confirms the hold: the visitor’s guest session, then the client’s confirm', async () => {
    const start = at(4);
    expect((await hold({ start, name: 'Cy', email: 'cy@example.org' })).statusCode).toBe(202);
    const mail = await sink.next((m) => m.envelopeTo.includes('cy@example.org'));
    const cy = await visit(app, linkIn(mail.text));
    expect(cy.user).toMatchObject({ displayName: 'Cy', guest: true });
    const mine = await cy.client.get('/api/v1/consultations');
    const [held] = mine.json<{ consultations: Consultation[] }>().consultations;
    expect(held).toMatchObject({ status: 'held', role: 'client', start });
    const confirmed = await cy.client.post(`/api/v1/consultations/${held!.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<{ consultation: Consultation }>().consultation.status).toBe('scheduled');
    // The guest reaches nothing else: no providers, no booking of their own.
    expectError(await cy.client.get('/api/v1/providers'), 403, 'guest_not_allowed');
    expectError(
      await cy.client.post('/api/v1/consultations', { providerId: pat.user.id, start: at(9) }),
      403,
      'guest_not_allowed',
    );
  });

  it('an unconfirmed hold expires as any hold does, and the time is free again', async () => {
    const start = at(5);
    expect((await hold({ start, name: 'Xan', email: 'xan@example.org' })).statusCode).toBe(202);
    clock.advance(6 * MINUTE);
    await app.sweeper.runOnce('consultation-holds');
    expect((await freeSlots(cleo.client, pat.user.id, at(1), at(10))).map((s) => s.start)).toContain(start);
  });

  it('refuses what is not a free slot or not a proper request, before anything is held', async () => {
    expectError(
      await hold({ start: 'tomorrow', name: 'Yan', email: 'yan@example.org' }),
      400,
      'validation_failed',
    );
    expectError(await hold({ start: at(3), name: 'Yan', email: 'not an address' }), 400, 'validation_failed');
    expectError(await hold({ start: at(3), name: '', email: 'yan@example.org' }), 400, 'validation_failed');
    expectError(
      await hold({ start: at(3), name: 'Yan', email: 'yan@example.org', extra: 1 }),
      400,
      'validation_failed',
    );
    expectError(
      await hold({
        start: new Date(Date.parse(at(3)) + 7 * MINUTE).toISOString(),
        name: 'Yan',
        email: 'yan@example.org',
      }),
      422,
      'slot_unavailable',
    );
    expectError(
      await hold({ start: at(3), name: 'Yan', email: 'yan@example.org' }, quinn.user.id),
      404,
      'not_found',
    );
    expectError(
      await hold({ start: at(3), name: 'Yan', email: 'yan@example.org' }, 'missing'),
      404,
      'not_found',
    );
  });

  it('one e-mail address holds at most 3 times an hour (any case); then 429 until the hour is over', async () => {
    for (const h of [20, 21, 22]) {
      const res = await hold({
        start: at(h),
        name: 'Zoe',
        email: h === 21 ? 'ZOE@example.org' : 'zoe@example.org',
      });
      expect(res.statusCode, res.body).toBe(202);
    }
    expectError(await hold({ start: at(23), name: 'Zoe', email: 'zoe@example.org' }), 429, 'rate_limited');
    expect((await freeSlots(cleo.client, pat.user.id, at(22), at(25))).map((s) => s.start)).toContain(at(23));
    clock.advance(HOUR);
    expect((await hold({ start: at(24), name: 'Zoe', email: 'zoe@example.org' })).statusCode).toBe(202);
  });

  it('is documented: the three routes public, with summaries and their 429', async () => {
    type Op = { security?: unknown[]; summary?: string; responses: Record<string, unknown> };
    const doc = (await visitor.get('/api/docs/json')).json<{ paths: Record<string, Record<string, Op>> }>();
    for (const [path, method] of [
      ['/api/v1/book/{handle}', 'get'],
      ['/api/v1/book/{handle}/slots', 'get'],
      ['/api/v1/providers/{id}/public-holds', 'post'],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op?.security, `${method} ${path}`).toEqual([]);
      expect(op?.summary).toMatch(/public/);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['404', '429']));
    }
  });

  it('holds are limited per address too: 10 in 15 minutes, bad requests included', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await hold({ start: 'soon', name: 'Abe', email: `abe${i}@example.org` })).statusCode);
    }
    expect(codes).toEqual([...Array<number>(10).fill(400), 429, 429]);
  });
});

describe.each(DATABASE_KINDS)('public booking page without SMTP_URL (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let pat: Person;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    const admin = await signedInUser(app, { role: 'admin' });
    [pat] = await signedInPeople(app, 'pat');
    await makeProvider(admin, pat, openAvailability());
    await admin.client.patch('/api/v1/admin/settings', { guests: { publicBooking: true } });
    await pat.client.put('/api/v1/providers/me', {
      bio: '',
      specialities: [],
      languages: ['en'],
      accepting: true,
      publicBooking: true,
    });
  });
  afterAll(async () => app.close());

  it('the page says it is not bookable, and a hold is refused with 409 mail_not_configured, holding nothing', async () => {
    const visitor = new TestClient(app);
    const page = await visitor.get(`/api/v1/book/${pat.user.username}`);
    expect(page.json<{ provider: PublicProvider }>().provider.bookable).toBe(false);
    const start = new Date(Date.parse(T0) + 3 * HOUR).toISOString();
    const res = await visitor.post(`/api/v1/providers/${pat.user.id}/public-holds`, {
      start,
      name: 'Vic',
      email: 'vic@example.org',
    });
    expectError(res, 409, 'mail_not_configured');
    const slots = await visitor.get(
      `/api/v1/book/${pat.user.username}/slots?from=${T0}&to=${start.slice(0, 10)}`,
    );
    expect(slots.json<SlotsResponse>().slots.map((s) => s.start)).toContain(start);
  });
});
