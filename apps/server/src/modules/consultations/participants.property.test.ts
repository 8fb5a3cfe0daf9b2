import fc from 'fast-check';
import type { Consultation, ConsultationParticipant, GuestInvite } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { visit } from '../../test/guests.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';
import { MAX_PARTICIPANTS } from './participants.service.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';

type Answer = { participant: ConsultationParticipant; invite?: GuestInvite };

/**
 * Random sequences on the public booking page (page, slots, public holds) and on third participants
 * (propose, consent, remove, list, a participant's page and join), by the parties, an outsider, a
 * signed-out visitor and participants' own guest sessions, with arbitrary bodies, handles and ids:
 * never a 5xx, every 4xx in the error shape, and afterwards the rows agree (consent whole or absent
 * and given by the client; chat membership exactly for admitted participants with chat; removed
 * participants hold no live link; at most MAX_PARTICIPANTS present; claims only on live bookings).
 */
describe.each(DATABASE_KINDS)('public booking and participants under random input (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let pat: Person;
  let cleo: Person;
  let eve: Person;
  let visitor: TestClient;
  const consultations: Consultation[] = [];
  const participants: { consultation: Consultation; id: string }[] = [];
  const guests: TestClient[] = [];
  const succeeded = new Set<string>();

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url, TRUST_PROXY: 'true' }, { clock });
    await app.sweeper.stop();
    const admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability({ horizonDays: 10 }));
    await admin.client.patch('/api/v1/admin/settings', { guests: { publicBooking: true } });
    await pat.client.put('/api/v1/providers/me', {
      bio: '',
      specialities: [],
      languages: ['en'],
      accepting: true,
      publicBooking: true,
    });
    visitor = new TestClient(app);
    for (let h = 2; h < 6; h++) {
      consultations.push(
        await bookConsultation(cleo, pat, new Date(Date.parse(T0) + h * HOUR).toISOString()),
      );
    }
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  const anyValue = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  );
  const body = fc.record(
    {
      name: fc.oneof(fc.constantFrom('Ina', ' ', '\u202e', 'x'.repeat(200)), anyValue),
      email: fc.oneof(fc.constantFrom('ina@example.org', 'not-mail', ''), anyValue),
      chat: anyValue,
      start: fc.oneof(fc.constantFrom('2026-11-23T15:00:00.000Z', 'tomorrow', ''), anyValue),
      timeZone: fc.oneof(fc.constantFrom('Europe/Berlin', 'Mars/Base'), anyValue),
    },
    { requiredKeys: [] },
  );
  const action = fc.record({
    who: fc.constantFrom('pat', 'cleo', 'eve', 'visitor', 'guest'),
    what: fc.constantFrom(
      'propose',
      'propose',
      'consent',
      'consent',
      'remove',
      'list',
      'view',
      'join',
      'page',
      'slots',
      'hold',
      'tick',
    ),
    n: fc.nat(),
    valid: fc.boolean(),
    body,
    text: fc.string({ maxLength: 20 }),
  });

  it('never answers 5xx and keeps participants and holds consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          const c = consultations[a.n % consultations.length]!;
          const p = participants.length > 0 ? participants[a.n % participants.length] : undefined;
          const people: Record<string, TestClient> = {
            pat: pat.client,
            cleo: cleo.client,
            eve: eve.client,
            visitor,
            guest: guests.length > 0 ? guests[a.n % guests.length]! : visitor,
          };
          let who = people[a.who]!;
          const forwarded = { 'x-forwarded-for': `203.0.113.${a.n % 250}` };
          const randomId = encodeURIComponent(a.text);
          let res: { statusCode: number; json(): unknown; headers: Record<string, unknown> } | null = null;
          switch (a.what) {
            case 'propose':
              if (a.valid) who = a.n % 2 === 0 ? pat.client : cleo.client;
              res = await who.post(
                `/api/v1/consultations/${a.valid ? c.id : randomId}/participants`,
                a.valid
                  ? { name: `Person ${a.n % 100}`, ...(a.n % 3 === 0 ? { email: 'p@example.org' } : {}) }
                  : a.body,
              );
              break;
            case 'consent':
              if (a.valid) who = cleo.client;
              res = await who.post(
                p && a.valid
                  ? `/api/v1/consultations/${p.consultation.id}/participants/${p.id}/consent`
                  : `/api/v1/consultations/${c.id}/participants/${randomId || 'x'}/consent`,
                a.valid ? { chat: a.n % 2 === 0 } : a.body,
              );
              break;
            case 'remove':
              if (a.valid) who = a.n % 3 === 0 ? pat.client : cleo.client;
              res = await who.delete(
                p && a.valid
                  ? `/api/v1/consultations/${p.consultation.id}/participants/${p.id}`
                  : `/api/v1/consultations/${randomId || 'x'}/participants/${randomId || 'x'}`,
              );
              break;
            case 'list':
              // Mostly a party, so the run lists participants for real; now and then anyone (404).
              if (a.valid && a.n % 3 !== 0) who = a.n % 2 === 0 ? pat.client : cleo.client;
              res = await who.get(`/api/v1/consultations/${a.valid ? c.id : randomId}/participants`);
              break;
            case 'view':
              // Like 'list': mostly a party (200), now and then anyone (404), so a run views for real.
              if (a.valid && a.n % 3 !== 0) who = a.n % 2 === 0 ? pat.client : cleo.client;
              res = await who.get(`/api/v1/consultations/${a.valid ? c.id : randomId}`);
              break;
            case 'join':
              res = await who.post(
                `/api/v1/consultations/${a.valid ? c.id : randomId}/join`,
                a.valid ? {} : a.body,
              );
              break;
            case 'page':
              res = await visitor.get(
                `/api/v1/book/${a.valid ? pat.user.username : randomId || 'x'}`,
                forwarded,
              );
              break;
            case 'slots':
              res = await visitor.get(
                `/api/v1/book/${pat.user.username}/slots?${a.valid ? 'from=2026-11-23&to=2026-11-26' : new URLSearchParams({ from: a.text, to: JSON.stringify(a.body.start ?? null) }).toString()}`,
                forwarded,
              );
              break;
            case 'hold':
              res = await visitor.post(
                `/api/v1/providers/${a.valid ? pat.user.id : randomId || 'x'}/public-holds`,
                a.valid
                  ? {
                      start: new Date(
                        (Math.ceil(clock.now().getTime() / HOUR) + 8 + (a.n % 60)) * HOUR,
                      ).toISOString(),
                      name: 'Vic',
                      email: `vic${a.n % 1000}@example.org`,
                    }
                  : a.body,
                forwarded,
              );
              break;
            case 'tick':
              clock.advance(a.n % (10 * 60_000));
              await app.sweeper.runOnce('consultation-holds');
              break;
          }
          if (!res) continue;
          const answer = String(res.headers['content-type']).startsWith('application/json')
            ? res.json()
            : null;
          expect(res.statusCode, JSON.stringify({ a, answer })).toBeLessThan(500);
          if (res.statusCode < 300) succeeded.add(a.what);
          if (res.statusCode >= 400) {
            expect(answer).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
          }
          if (a.what === 'propose' && res.statusCode === 201) {
            participants.push({ consultation: c, id: (answer as Answer).participant.id });
          }
          const invite = (answer as Partial<Answer> | null)?.invite;
          if (invite && guests.length < 6) {
            const token = invite.url.slice(invite.url.lastIndexOf('/') + 1);
            guests.push((await visit(app, token)).client);
          }
        }
        await expectConsistent();
      }),
      { numRuns: 50 },
    );
    expect([...succeeded].sort()).toEqual(
      expect.arrayContaining(['consent', 'hold', 'list', 'page', 'propose', 'remove', 'slots', 'view']),
    );
    // A loaded machine (two cores shared by the suite) may need longer than the default 30 s.
  }, 120_000);

  async function expectConsistent() {
    const db = app.db.kysely;
    const rows = await db.selectFrom('consultation_participants').selectAll().execute();
    const byId = new Map((await db.selectFrom('consultations').selectAll().execute()).map((c) => [c.id, c]));
    const members = await db.selectFrom('room_members').select(['room_id', 'user_id']).execute();
    const passes = await db.selectFrom('guest_passes').selectAll().execute();
    for (const p of rows) {
      const c = byId.get(p.consultation_id)!;
      const consent = [p.consent_at, p.consent_by, p.user_id];
      expect(consent.every((v) => v === null) || consent.every((v) => v !== null), p.id).toBe(true);
      if (p.consent_by !== null) expect(p.consent_by, p.id).toBe(c.client_id);
      const inChat = members.some((m) => m.room_id === c.room_id && m.user_id === p.user_id);
      expect(inChat, p.id).toBe(p.user_id !== null && p.removed_at === null && Number(p.chat) === 1);
      if (p.removed_at !== null && p.user_id !== null) {
        expect(
          passes.filter((x) => x.user_id === p.user_id && x.revoked_at === null),
          p.id,
        ).toEqual([]);
      }
    }
    for (const c of byId.values()) {
      const present = rows.filter((p) => p.consultation_id === c.id && p.removed_at === null);
      expect(present.length, c.id).toBeLessThanOrEqual(MAX_PARTICIPANTS);
    }
    // Every public hold is a guest's, with exactly one personal link into it.
    const guestIds = new Set(
      (await db.selectFrom('users').select('id').where('guest', '=', 1).execute()).map((u) => u.id),
    );
    const claims = await db.selectFrom('consultation_claims').selectAll().execute();
    for (const c of byId.values()) {
      if (guestIds.has(c.client_id)) {
        expect(
          passes.filter((x) => x.consultation_id === c.id && x.purpose === 'client'),
          c.id,
        ).toHaveLength(1);
      }
      const released = ['canceled', 'late_canceled', 'expired'].includes(c.status);
      const mine = claims.filter((k) => k.consultation_id === c.id);
      if (released) expect(mine, c.id).toEqual([]);
      else expect(mine.length, c.id).toBeGreaterThan(0);
    }
  }
});
