import type { Consultation, Me, VisitInfo } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeProvider } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, TEST_PASSWORD, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { insertGuestClient, visit } from '../../test/guests.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
const codeOf = (res: { json<T>(): T }) => res.json<{ error: { code: string } }>().error.code;

describe.each(DATABASE_KINDS)('personal links and guest sessions (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let paula: Person;

  const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [paula] = await signedInPeople(app, 'paula');
    await makeProvider(admin, paula);
    await admin.client.patch('/api/v1/admin/settings', { workspace: { name: 'Clinic' } });
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('GET /visit/:token says what the link opens, without signing anyone in', async () => {
    const { token, consultation } = await insertGuestClient(app, paula, at(2), { name: 'Gwen' });
    const anonymous = new TestClient(app);
    const res = await anonymous.get(`/api/v1/visit/${token}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<VisitInfo>()).toEqual({
      workspace: 'Clinic',
      guestName: 'Gwen',
      purpose: 'client',
      consultationId: consultation.id,
      providerName: paula.user.displayName,
      start: at(2),
      end: new Date(Date.parse(at(2)) + 50 * 60_000).toISOString(),
      status: 'held',
    });
    expect(res.cookies).toEqual([]);
  });

  it('an unknown token is 404 guest_link_invalid, an expired one 410 guest_link_expired', async () => {
    const anonymous = new TestClient(app);
    for (const token of ['nope', 'x'.repeat(43), '%00']) {
      const res = await anonymous.get(`/api/v1/visit/${token}`);
      expect(res.statusCode, res.body).toBe(404);
      expect(codeOf(res)).toBe('guest_link_invalid');
      const session = await anonymous.post(`/api/v1/visit/${token}/session`);
      expect(session.statusCode, session.body).toBe(404);
    }
    const { token } = await insertGuestClient(app, paula, at(3), { expiresAt: at(1) });
    expect((await anonymous.get(`/api/v1/visit/${token}`)).statusCode).toBe(200);
    clock.set(at(1));
    for (const res of [
      await anonymous.get(`/api/v1/visit/${token}`),
      await anonymous.post(`/api/v1/visit/${token}/session`),
    ]) {
      expect(res.statusCode, res.body).toBe(410);
      expect(codeOf(res)).toBe('guest_link_expired');
    }
    expect(anonymous.sessionCookieValue).toBe('');
  });

  it('the session is a guest’s: their consultation works (accept, page, chat), the rest of Parley does not', async () => {
    const { token, consultation, guestId } = await insertGuestClient(app, paula, at(4));
    const guest = await visit(app, token);
    expect(guest.user).toMatchObject({ id: guestId, guest: true, displayName: 'Gwen Guest' });
    expect((await guest.client.get('/api/v1/me')).json<{ user: Me }>().user.guest).toBe(true);

    const accepted = await guest.client.post(`/api/v1/consultations/${consultation.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const scheduled = accepted.json<{ consultation: Consultation }>().consultation;
    expect(scheduled).toMatchObject({ status: 'scheduled', role: 'client' });
    const page = await guest.client.get(`/api/v1/consultations/${consultation.id}`);
    expect(page.statusCode, page.body).toBe(200);
    const list = await guest.client.get('/api/v1/consultations');
    expect(list.json<{ consultations: Consultation[] }>().consultations.map((c) => c.id)).toEqual([
      consultation.id,
    ]);
    const roomId = scheduled.roomId!;
    const sent = await guest.client.post(`/api/v1/rooms/${roomId}/messages`, {
      text: 'Hello from the guest',
      clientMsgId: 'guest-1',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const history = await paula.client.get(`/api/v1/rooms/${roomId}/messages`);
    expect(history.body).toContain('Hello from the guest');
    expect((await guest.client.get('/api/v1/rooms')).statusCode).toBe(200);
    expect((await guest.client.get(`/api/v1/consultations/${consultation.id}/calendar.ics`)).statusCode).toBe(
      200,
    );

    for (const [method, url] of [
      ['GET', '/api/v1/users?q=a'],
      ['GET', '/api/v1/rooms/directory'],
      ['POST', '/api/v1/rooms'],
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/providers'],
      ['GET', '/api/v1/me/calls'],
      ['POST', '/api/v1/me/tokens'],
      ['POST', `/api/v1/rooms/${roomId}/calls`],
      ['GET', `/api/v1/rooms/${roomId}/members`],
      ['POST', '/api/v1/consultations'],
    ] as const) {
      const res = await guest.client.request(method, url, method === 'POST' ? {} : undefined);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(codeOf(res)).toBe('guest_not_allowed');
    }
  });

  it('another consultation is 404 to a guest, as to anyone who is not a party', async () => {
    const mine = await insertGuestClient(app, paula, at(5));
    const other = await insertGuestClient(app, paula, at(6));
    const guest = await visit(app, mine.token);
    for (const url of [
      `/api/v1/consultations/${other.consultation.id}`,
      `/api/v1/consultations/${other.consultation.id}/calendar.ics`,
    ]) {
      const res = await guest.client.get(url);
      expect(res.statusCode, res.body).toBe(404);
    }
    const accept = await guest.client.post(`/api/v1/consultations/${other.consultation.id}/accept`);
    expect(accept.statusCode, accept.body).toBe(404);
  });

  it('a browser signed in as someone else is signed out before the guest session starts', async () => {
    const { token } = await insertGuestClient(app, paula, at(7));
    const [sam] = await signedInPeople(app, 'sam');
    const oldCookie = sam.client.sessionCookieValue;
    const guest = await visit(app, token, sam.client);
    expect(guest.user.guest).toBe(true);
    const stale = new TestClient(app);
    stale.cookies = { parley_session: oldCookie };
    expect((await stale.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a guest session ends with its link at the latest', async () => {
    const { token } = await insertGuestClient(app, paula, at(8), { expiresAt: at(10) });
    const guest = await visit(app, token);
    clock.set(at(9));
    expect((await guest.client.get('/api/v1/me')).statusCode).toBe(200);
    clock.set(at(10));
    expect((await guest.client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a revoked link stops working, and the guest cannot sign in with a password', async () => {
    const { token, guestId } = await insertGuestClient(app, paula, at(11));
    await app.db.kysely
      .updateTable('guest_passes')
      .set({ revoked_at: T0 })
      .where('user_id', '=', guestId)
      .execute();
    const res = await new TestClient(app).get(`/api/v1/visit/${token}`);
    expect(res.statusCode).toBe(404);
    expect(codeOf(res)).toBe('guest_link_invalid');
    const row = await app.db.kysely
      .selectFrom('users')
      .select('username')
      .where('id', '=', guestId)
      .executeTakeFirstOrThrow();
    for (const password of ['!guest', '', TEST_PASSWORD]) {
      const login = await new TestClient(app).post('/api/v1/auth/login', {
        username: row.username,
        password,
      });
      expect(login.statusCode).not.toBe(200);
    }
  });

  it('the second-factor policy never covers guests', async () => {
    const { token } = await insertGuestClient(app, paula, at(12));
    await app.services.settings.update({ security: { requireMfa: 'everyone', mfaGraceDays: 0 } });
    const guest = await visit(app, token);
    expect(
      (await guest.client.post(`/api/v1/visit/${token}/session`)).json<{ mfaSetup: unknown }>().mfaSetup,
    ).toBeNull();
    expect((await guest.client.get('/api/v1/consultations')).statusCode).toBe(200);
    await app.services.settings.update({ security: { requireMfa: 'none' } });
  });
  it('POST /me/claim turns the guest into an account: same consultations, same session, the link ends', async () => {
    const { token, consultation, guestId } = await insertGuestClient(app, paula, at(13));
    const guest = await visit(app, token);
    const [taken] = await signedInPeople(app, 'taken');
    const clash = await guest.client.post('/api/v1/me/claim', {
      username: taken.user.username,
      password: TEST_PASSWORD,
    });
    expect(clash.statusCode, clash.body).toBe(409);
    expect(codeOf(clash)).toBe('username_taken');
    const weak = await guest.client.post('/api/v1/me/claim', { username: 'gwen13', password: 'x' });
    expect(weak.statusCode).toBe(400);

    const username = `gwen${guestId.slice(-6).replace(/[^a-z0-9]/g, '')}`;
    const claimed = await guest.client.post('/api/v1/me/claim', {
      username,
      password: TEST_PASSWORD,
      email: 'gwen@example.org',
    });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json<{ user: Me }>().user).toMatchObject({
      id: guestId,
      username,
      email: 'gwen@example.org',
    });
    expect(claimed.json<{ user: Me }>().user.guest).toBeUndefined();

    // The same session goes on, now as an account holder who may use the rest of Parley.
    expect((await guest.client.get(`/api/v1/consultations/${consultation.id}`)).statusCode).toBe(200);
    expect((await guest.client.get('/api/v1/users?q=a')).statusCode).toBe(200);
    expect(
      (await guest.client.post('/api/v1/me/claim', { username: 'again', password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(409);
    // The personal link no longer signs anyone in; the password does.
    expect((await new TestClient(app).get(`/api/v1/visit/${token}`)).statusCode).toBe(404);
    const login = await new TestClient(app).post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
  });

  it('POST /me/claim is for guests only: an account holder gets 409', async () => {
    const [sam] = await signedInPeople(app, 'sam');
    const res = await sam.client.post('/api/v1/me/claim', { username: 'samnew', password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(409);
    expect(
      await new TestClient(app).post('/api/v1/me/claim', { username: 'x1', password: TEST_PASSWORD }),
    ).toMatchObject({
      statusCode: 401,
    });
  });
});
