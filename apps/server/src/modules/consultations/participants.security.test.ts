import type { Consultation, ConsultationParticipant, GuestInvite, VisitInfo } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { visit } from '../../test/guests.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
const MISSING = '00000000-0000-7000-8000-000000000000';

type Answer = { participant: ConsultationParticipant; invite?: GuestInvite };
type Res = { statusCode: number; json<T>(): T; body: string };
const codeOf = (res: Res) => res.json<{ error?: { code: string } }>().error?.code;

/**
 * Who may do what with third participants (issue 19): outsiders and participants of other
 * consultations are answered exactly like a missing consultation; a participant's guest session
 * reaches its own consultation's page, meeting and (if agreed) chat, and nothing else.
 */
describe.each(DATABASE_KINDS)('third participants, authorization (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let pat: Person;
  let cleo: Person;
  let dan: Person; // client of another consultation
  let eve: Person; // party to nothing
  let hour = 2;

  const book = (client = cleo) =>
    bookConsultation(client, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString());
  const admitted = async (c: Consultation, chat: boolean, client = cleo) => {
    const res = await client.client.post(`/api/v1/consultations/${c.id}/participants`, { name: 'Pia Part' });
    expect(res.statusCode, res.body).toBe(201);
    const { participant } = res.json<Answer>();
    const consent = await client.client.post(
      `/api/v1/consultations/${c.id}/participants/${participant.id}/consent`,
      { chat },
    );
    expect(consent.statusCode, consent.body).toBe(200);
    const { invite } = consent.json<Answer>();
    const token = invite!.url.slice(invite!.url.lastIndexOf('/') + 1);
    return { participant, token, guest: (await visit(app, token)).client };
  };
  /** Every participants route, as `who` asks it about consultation `id` (participant `pid`). */
  const routes = (who: TestClient, id: string, pid: string) => [
    () => who.get(`/api/v1/consultations/${id}/participants`),
    () => who.post(`/api/v1/consultations/${id}/participants`, { name: 'Mallory' }),
    () => who.post(`/api/v1/consultations/${id}/participants/${pid}/consent`, { chat: true }),
    () => who.delete(`/api/v1/consultations/${id}/participants/${pid}`),
    () => who.get(`/api/v1/consultations/${id}`),
    () => who.post(`/api/v1/consultations/${id}/join`, {}),
  ];

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    const admin = await signedInUser(app, { role: 'admin' });
    await configureJitsi(app);
    [pat, cleo, dan, eve] = await signedInPeople(app, 'pat', 'cleo', 'dan', 'eve');
    await makeProvider(admin, pat, openAvailability());
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('outsiders and other consultations’ participants get exactly what a missing consultation gets', async () => {
    const c = await book();
    const { participant } = await admitted(c, true);
    const other = await book(dan);
    const { guest: stranger } = await admitted(other, true, dan);
    for (const who of [eve.client, stranger]) {
      const real = routes(who, c.id, participant.id);
      const missing = routes(who, MISSING, participant.id);
      for (let i = 0; i < real.length; i++) {
        const [a, b] = [await real[i]!(), await missing[i]!()];
        expect(a.statusCode, a.body).toBe(404);
        expect(a.body).toBe(b.body);
      }
    }
    // Nobody signed in: 401 on all of them.
    for (const route of routes(new TestClient(app), c.id, participant.id)) {
      expect(codeOf(await route())).toBe('authentication_required');
    }
  });

  it('a participant’s session reaches its consultation and nothing else of Parley', async () => {
    const c = await book();
    const { guest, token } = await admitted(c, false);
    const info = await new TestClient(app).get(`/api/v1/visit/${token}`);
    expect(info.json<VisitInfo>()).toMatchObject({
      purpose: 'participant',
      consultationId: c.id,
      guestName: 'Pia Part',
    });
    expect((await guest.get(`/api/v1/consultations/${c.id}`)).statusCode).toBe(200);
    // Its own consultation's party actions and participants are not theirs.
    for (const res of [
      await guest.get(`/api/v1/consultations/${c.id}/participants`),
      await guest.post(`/api/v1/consultations/${c.id}/participants`, { name: 'Friend' }),
      await guest.post(`/api/v1/consultations/${c.id}/cancel`, {}),
      await guest.post(`/api/v1/consultations/${c.id}/confirm`),
      await guest.post(`/api/v1/consultations/${c.id}/feedback`, { rating: 5, needsAddressed: 'yes' }),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    // Not let into the chat: the room is as missing to them as any other.
    expect((await guest.get(`/api/v1/rooms/${c.roomId}/messages`)).statusCode).toBe(404);
    expect(
      (await guest.post(`/api/v1/rooms/${c.roomId}/messages`, { text: 'hi', clientMsgId: 'a1' })).statusCode,
    ).toBe(404);
    // The rest of Parley is closed to guests.
    for (const res of [
      await guest.get('/api/v1/users?q=cleo'),
      await guest.get('/api/v1/providers'),
      await guest.post('/api/v1/rooms', { type: 'channel', name: 'mine' }),
      await guest.post('/api/v1/consultations', {
        providerId: pat.user.id,
        start: new Date(Date.parse(T0) + 30 * HOUR).toISOString(),
      }),
      await guest.get('/api/v1/admin/consultations/access-log'),
      await guest.put('/api/v1/providers/me', { bio: '', specialities: [], languages: [], accepting: true }),
    ]) {
      expect(codeOf(res), res.body).toBe('guest_not_allowed');
    }
  });

  it('the provider cannot let anyone in, nor remove whom the client let in; a removed participant’s link and session are dead', async () => {
    const c = await book();
    const proposed = await pat.client.post(`/api/v1/consultations/${c.id}/participants`, { name: 'Quin' });
    const { participant } = proposed.json<Answer>();
    expect(
      codeOf(
        await pat.client.post(`/api/v1/consultations/${c.id}/participants/${participant.id}/consent`, {}),
      ),
    ).toBe('forbidden');
    const { participant: inside, token, guest } = await admitted(c, true);
    expect(codeOf(await pat.client.delete(`/api/v1/consultations/${c.id}/participants/${inside.id}`))).toBe(
      'forbidden',
    );
    expect(
      (await cleo.client.delete(`/api/v1/consultations/${c.id}/participants/${inside.id}`)).statusCode,
    ).toBe(200);
    expect(codeOf(await guest.get(`/api/v1/consultations/${c.id}`))).toBe('authentication_required');
    expect(codeOf(await new TestClient(app).post(`/api/v1/visit/${token}/session`))).toBe(
      'guest_link_invalid',
    );
  });
});
