import type { Consultation, GuestInvite, JoinConsultationResponse } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import { makeProvider } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { insertGuestClient, tokenOf, visit } from '../../test/guests.js';
import { createTestApp, TestClient, TEST_ORIGIN, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = '2026-11-23T10:00:00.000Z';
const codeOf = (res: { json<T>(): T }) => res.json<{ error: { code: string } }>().error.code;

/** Issue 19: a provider's consultation with someone who has no account (without SMTP: links are copied). */
describe.each(DATABASE_KINDS)('consultations with guest clients (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let paula: Person;
  let cleo: Person;

  const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
  const guestCount = async () =>
    Number(
      (
        await app.db.kysely
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('guest', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [paula, cleo] = await signedInPeople(app, 'paula', 'cleo');
    await makeProvider(admin, paula);
    await configureJitsi(app);
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('a provider proposes a session to a name and e-mail: 201 with the guest client and their link to copy', async () => {
    const res = await paula.client.post('/api/v1/consultations', {
      guest: { name: '  Gwen Guest ', email: 'gwen@example.org' },
      start: at(2),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { consultation, invite } = res.json<{ consultation: Consultation; invite: GuestInvite }>();
    expect(consultation).toMatchObject({
      status: 'held',
      role: 'provider',
      bookedBy: 'provider',
      start: at(2),
      client: { displayName: 'Gwen Guest', guest: true },
    });
    expect(consultation.provider.guest).toBeUndefined();
    expect(invite.emailed).toBe(false);
    expect(invite.url).toMatch(new RegExp(`^${TEST_ORIGIN}/visit/[A-Za-z0-9_-]{43}$`));
    expect(invite.expiresAt).toBe(new Date(Date.parse(consultation.joinClosesAt) + DAY).toISOString());
    // The guest account holds the e-mail address and cannot be found by anyone.
    const found = await cleo.client.get('/api/v1/users?q=gwen');
    expect(found.json<{ users: unknown[] }>().users).toEqual([]);
    const people = await admin.client.get('/api/v1/admin/users');
    expect(people.body).not.toContain(consultation.client.id);
    const stored = await app.db.kysely
      .selectFrom('guest_passes')
      .selectAll()
      .where('consultation_id', '=', consultation.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(tokenOf(invite.url));
    expect(stored[0]).toMatchObject({ purpose: 'client', created_by: paula.user.id, revoked_at: null });
  });

  it('refuses what is not a provider’s proposal to a guest, and writes nothing', async () => {
    const before = await guestCount();
    const cases: [Person, Record<string, unknown>, number][] = [
      [cleo, { guest: { name: 'Gwen', email: 'gwen@example.org' }, start: at(3) }, 403],
      [paula, { guest: { name: 'Gwen', email: 'not-an-address' }, start: at(3) }, 400],
      [paula, { guest: { name: '', email: 'gwen@example.org' }, start: at(3) }, 400],
      [paula, { guest: { name: 'Gwen' }, start: at(3) }, 400],
      [
        paula,
        { guest: { name: 'Gwen', email: 'gwen@example.org' }, clientId: cleo.user.id, start: at(3) },
        400,
      ],
      [paula, { guest: { name: 'Gwen', email: 'gwen@example.org' }, nickname: 'G', start: at(3) }, 400],
      [
        paula,
        { guest: { name: 'Gwen', email: 'gwen@example.org' }, providerId: cleo.user.id, start: at(3) },
        403,
      ],
      [paula, { guest: { name: 'Gwen', email: 'gwen@example.org' }, start: 'soon' }, 400],
      [paula, { guest: { name: 'Gwen', email: 'gwen@example.org', extra: 1 }, start: at(3) }, 400],
    ];
    for (const [who, body, status] of cases) {
      const res = await who.client.post('/api/v1/consultations', body);
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(status);
    }
    expect(await guestCount()).toBe(before);
  });

  it('a taken slot is 409 slot_taken with no guest account or link left behind', async () => {
    await insertGuestClient(app, paula, at(4));
    const before = await guestCount();
    const passes = (await app.db.kysely.selectFrom('guest_passes').select('id').execute()).length;
    const res = await paula.client.post('/api/v1/consultations', {
      guest: { name: 'Second', email: 'second@example.org' },
      start: at(4),
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(codeOf(res)).toBe('slot_taken');
    expect(await guestCount()).toBe(before);
    expect((await app.db.kysely.selectFrom('guest_passes').select('id').execute()).length).toBe(passes);
  });

  it('the guest accepts, joins inside the window, chats, erases; the access log names them as the client', async () => {
    const { token, consultation, guestId } = await insertGuestClient(app, paula, at(5), { name: 'Gwen' });
    const guest = await visit(app, token);
    const accepted = await guest.client.post(`/api/v1/consultations/${consultation.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const roomId = accepted.json<{ consultation: Consultation }>().consultation.roomId!;

    const early = await guest.client.post(`/api/v1/consultations/${consultation.id}/join`, {});
    expect(early.statusCode).toBe(409);
    clock.set(at(5));
    const joined = await guest.client.post(`/api/v1/consultations/${consultation.id}/join`, {});
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json<JoinConsultationResponse>().consultation.role).toBe('client');
    const events = await guest.client.post(`/api/v1/consultations/${consultation.id}/events`, {
      type: 'joined',
    });
    expect(events.statusCode, events.body).toBe(200);

    const sent = await paula.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: 'Welcome',
      clientMsgId: 'p-1',
    });
    expect(sent.statusCode).toBe(201);
    const read = await guest.client.get(`/api/v1/rooms/${roomId}/messages`);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Welcome');

    const log = await admin.client.get(
      `/api/v1/admin/consultations/access-log?consultationId=${consultation.id}`,
    );
    expect(log.statusCode, log.body).toBe(200);
    const entries = log.json<{ entries: { user: { id: string } | null; role: string; action: string }[] }>()
      .entries;
    expect(entries.filter((e) => e.user?.id === guestId).map((e) => [e.role, e.action])).toEqual(
      expect.arrayContaining([['client', 'join']]),
    );

    const erased = await guest.client.delete(`/api/v1/consultations/${consultation.id}/messages`);
    expect(erased.statusCode, erased.body).toBe(200);
  });

  it('the guest may decline; either way only their own consultation is theirs', async () => {
    const { token, consultation } = await insertGuestClient(app, paula, at(6));
    const guest = await visit(app, token);
    const declined = await guest.client.post(`/api/v1/consultations/${consultation.id}/decline`);
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json<{ consultation: Consultation }>().consultation.status).toBe('canceled');
  });

  it('POST /consultations/:id/guest-invite: a new link for the provider only; the old one stops working', async () => {
    const first = await insertGuestClient(app, paula, at(7));
    const url = `/api/v1/consultations/${first.consultation.id}/guest-invite`;
    const [rory] = await signedInPeople(app, 'rory');
    expect((await rory.client.post(url)).statusCode).toBe(404);
    const guest = await visit(app, first.token);
    const byGuest = await guest.client.post(url);
    expect(byGuest.statusCode).toBe(403);
    expect(codeOf(byGuest)).toBe('guest_not_allowed');

    const res = await paula.client.post(url);
    expect(res.statusCode, res.body).toBe(200);
    const { invite } = res.json<{ invite: GuestInvite }>();
    expect(invite.emailed).toBe(false);
    expect(invite.url).not.toBe(first.invite.url);
    const old = await new TestClient(app).get(`/api/v1/visit/${first.token}`);
    expect(old.statusCode).toBe(404);
    expect(codeOf(old)).toBe('guest_link_invalid');
    const again = await new TestClient(app).get(`/api/v1/visit/${tokenOf(invite.url)}`);
    expect(again.statusCode, again.body).toBe(200);
    // The guest's session from the old link goes on (the link is for getting in, not for staying in).
    expect((await guest.client.get(`/api/v1/consultations/${first.consultation.id}`)).statusCode).toBe(200);
  });

  it('guest-invite for a client with an account is 409; for the client side 403', async () => {
    const held = await paula.client.post('/api/v1/consultations', { clientId: cleo.user.id, start: at(8) });
    expect(held.statusCode, held.body).toBe(201);
    const id = held.json<{ consultation: Consultation }>().consultation.id;
    expect((await paula.client.post(`/api/v1/consultations/${id}/guest-invite`)).statusCode).toBe(409);
    expect((await cleo.client.post(`/api/v1/consultations/${id}/guest-invite`)).statusCode).toBe(403);
  });
});
