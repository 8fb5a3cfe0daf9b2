import { createHash } from 'node:crypto';
import { decodeJwt } from '@parley/jitsi';
import {
  type AccessLogEntrySchema,
  type Consultation,
  type ConsultationParticipant,
  type GuestInvite,
  type JoinConsultationResponse,
} from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configureJitsi } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
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
type Answer = { participant: ConsultationParticipant; invite?: GuestInvite };
const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
  const body = res.json<ErrorBody>();
  expect(res.statusCode, JSON.stringify(body)).toBe(status);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
};
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** A browser that opened a participant's personal link and started the guest session. */
const visitLink = async (app: TestApp, url: string): Promise<TestClient> =>
  (await visit(app, tokenOf(url))).client;

describe.each(DATABASE_KINDS)('third participants (%s)', (kind) => {
  const clock = fixedClock(T0);
  let sink: SmtpSink;
  let app: TestApp;
  let admin: Person;
  let pat: Person; // provider
  let cleo: Person; // client
  let eve: Person; // party to nothing
  let hour = 2;

  const book = () => bookConsultation(cleo, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString());
  const url = (c: Consultation, rest = '') => `/api/v1/consultations/${c.id}${rest}`;
  const propose = async (who: TestClient, c: Consultation, body: Record<string, unknown>) => {
    const res = await who.post(url(c, '/participants'), body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Answer>();
  };
  const consent = async (c: Consultation, pid: string, body: Record<string, unknown> = {}) => {
    const res = await cleo.client.post(url(c, `/participants/${pid}/consent`), body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Answer>();
  };
  const view = async (who: TestClient, c: Consultation) => {
    const res = await who.get(url(c));
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ consultation: Consultation }>().consultation;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url }, { clock });
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    await configureJitsi(app);
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability());
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(() => clock.set(T0));

  it('the provider proposes someone: both parties see them waiting for consent, nobody else sees anything', async () => {
    const c = await book();
    const { participant, invite } = await propose(pat.client, c, {
      name: 'Ina Interpreter',
      email: 'Ina@Example.org',
    });
    expect(invite).toBeUndefined();
    expect(participant).toEqual({
      id: expect.any(String),
      name: 'Ina Interpreter',
      email: 'ina@example.org',
      proposedBy: 'provider',
      proposedAt: T0,
      consentAt: null,
      consentBy: null,
      chat: false,
      removedAt: null,
      joinedAt: null,
    });
    for (const who of [pat, cleo]) {
      expect((await view(who.client, c)).participants).toEqual([participant]);
      const list = await who.client.get(url(c, '/participants'));
      expect(list.json()).toEqual({ participants: [participant] });
    }
    expectError(await eve.client.get(url(c, '/participants')), 404, 'not_found');
    expectError(await eve.client.post(url(c, '/participants'), { name: 'Mallory' }), 404, 'not_found');
    expectError(
      await eve.client.post(url(c, `/participants/${participant.id}/consent`), { chat: true }),
      404,
      'not_found',
    );
    expectError(await eve.client.delete(url(c, `/participants/${participant.id}`)), 404, 'not_found');
    // Only the client consents.
    expectError(
      await pat.client.post(url(c, `/participants/${participant.id}/consent`), {}),
      403,
      'forbidden',
    );
  });

  it('the client consents (recorded with time and who); the link is e-mailed; the participant joins inside the window, never moderator', async () => {
    const c = await book();
    const { participant } = await propose(pat.client, c, {
      name: 'Ina Interpreter',
      email: 'ina@example.org',
    });
    clock.advance(MINUTE);
    const { participant: admitted, invite } = await consent(c, participant.id, { chat: true });
    expect(admitted).toMatchObject({
      consentAt: '2026-11-23T10:01:00.000Z',
      consentBy: cleo.user.id,
      chat: true,
    });
    expect(invite).toEqual({
      url: expect.stringMatching(/^http:\/\/localhost:3000\/visit\/[A-Za-z0-9_-]{40,}$/),
      emailed: true,
      expiresAt: new Date(Date.parse(c.end) + 15 * MINUTE + 24 * HOUR).toISOString(),
    });
    const mail = await sink.next((m) => m.envelopeTo.includes('ina@example.org'));
    expect(mail.subject).toBe(`You are invited to a consultation with ${pat.user.displayName}`);
    expect(mail.text).toContain(invite!.url);
    const ina = await visitLink(app, invite!.url);
    const seen = await view(ina, c);
    expect(seen).toMatchObject({ role: 'participant', roomId: c.roomId, history: [], proposal: null });
    expect(seen.participants).toBeUndefined();
    // Outside the window: refused; inside: a token for this room, not moderator, under their name.
    expectError(await ina.post(url(c, '/join'), {}), 409, 'join_window_closed');
    clock.set(new Date(Date.parse(c.start) - 5 * MINUTE).toISOString());
    const joined = await ina.post(url(c, '/join'), {});
    expect(joined.statusCode, joined.body).toBe(200);
    const claims = decodeJwt(joined.json<JoinConsultationResponse>().jwt!)!.payload as {
      room: string;
      context: { user: Record<string, unknown> };
    };
    expect(claims.room).toBe(c.id);
    expect(claims.context.user).toMatchObject({ name: 'Ina Interpreter', moderator: false });
    expect((await view(cleo.client, c)).participants?.[0]?.joinedAt).toBe(clock.now().toISOString());
    // Their browser's reports change nothing of the parties' presence.
    const reported = await ina.post(url(c, '/events'), { type: 'joined' });
    expect(reported.statusCode, reported.body).toBe(200);
    expect((await view(cleo.client, c)).clientJoinedAt).toBeNull();
    // The access log names them as a participant.
    const log = await admin.client.get(`/api/v1/admin/consultations/access-log?consultationId=${c.id}`);
    const entries = log.json<{ entries: z.infer<typeof AccessLogEntrySchema>[] }>().entries;
    expect(
      entries
        .filter((e) => e.role === 'participant')
        .map((e) => e.action)
        .sort(),
    ).toEqual(['join', 'view']);
    // They read the chat the client let them into.
    expect((await ina.get(`/api/v1/rooms/${c.roomId}/messages`)).statusCode).toBe(200);
    // Nothing of the parties' own: cancel, calendar, participants, erasure.
    expectError(await ina.post(url(c, '/cancel'), {}), 404, 'not_found');
    expectError(await ina.get(url(c, '/calendar.ics')), 404, 'not_found');
    expectError(await ina.get(url(c, '/participants')), 404, 'not_found');
    expectError(await ina.delete(url(c, '/messages')), 404, 'not_found');
  });

  it('the participant’s e-mail is in the language of the client who let them in (issue 21)', async () => {
    const expected = {
      uk: [`Вас запрошено на консультацію з ${pat.user.displayName}`, 'Це посилання особисте'],
      de: [`Sie sind zu einer Beratung mit ${pat.user.displayName} eingeladen`, 'Dieser Link ist persönlich'],
    } as const;
    for (const locale of ['uk', 'de'] as const) {
      expect((await cleo.client.patch('/api/v1/me', { locale })).statusCode).toBe(200);
      const c = await book();
      const email = `ina-${locale}@example.org`;
      const { participant } = await propose(pat.client, c, { name: 'Ina', email });
      await consent(c, participant.id);
      const mail = await sink.next((m) => m.envelopeTo.includes(email));
      expect(mail.subject).toBe(expected[locale][0]);
      expect(mail.text).toContain(expected[locale][1]);
      expect(mail.headers['content-language']).toBe(locale);
    }
    await cleo.client.patch('/api/v1/me', { locale: null });
  });

  it('without the chat the participant gets no room; the client may change that by consenting again (a fresh link)', async () => {
    const c = await book();
    const { participant } = await propose(cleo.client, c, { name: 'Fay Family' });
    // The client's own proposal is their consent, without the chat; no address: the link is theirs to pass on.
    expect(participant).toMatchObject({ proposedBy: 'client', consentBy: cleo.user.id, chat: false });
    const first = (await cleo.client.get(url(c, '/participants'))).json<{
      participants: ConsultationParticipant[];
    }>();
    expect(first.participants).toHaveLength(1);
    const proposed = await cleo.client.post(url(c, '/participants'), { name: 'Gil Family' });
    const { invite } = proposed.json<Answer>();
    expect(invite).toMatchObject({ emailed: false });
    const gil = await visitLink(app, invite!.url);
    expect((await view(gil, c)).roomId).toBeNull();
    expectError(await gil.get(`/api/v1/rooms/${c.roomId}/messages`), 404, 'not_found');
    const again = await consent(c, proposed.json<Answer>().participant.id, { chat: true });
    expect(again.participant.chat).toBe(true);
    // The old link no longer works; the session it started still does until removal.
    const oldPass = await app.db.kysely
      .selectFrom('guest_passes')
      .select('revoked_at')
      .where('token_hash', '=', createHash('sha256').update(tokenOf(invite!.url)).digest('hex'))
      .executeTakeFirstOrThrow();
    expect(oldPass.revoked_at).not.toBeNull();
    expect((await gil.get(`/api/v1/rooms/${c.roomId}/messages`)).statusCode).toBe(200);
  });

  it('the client removes a participant: their link, chat membership and sessions end', async () => {
    const c = await book();
    const { participant } = await propose(pat.client, c, { name: 'Hal Helper' });
    const { invite } = await consent(c, participant.id, { chat: true });
    const hal = await visitLink(app, invite!.url);
    expect((await view(hal, c)).role).toBe('participant');
    expect((await cleo.client.get(`/api/v1/rooms/${c.roomId}/members`)).body).toContain('Hal Helper');
    // The provider may not remove someone the client let in.
    expectError(await pat.client.delete(url(c, `/participants/${participant.id}`)), 403, 'forbidden');
    const removed = await cleo.client.delete(url(c, `/participants/${participant.id}`));
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json<Answer>().participant.removedAt).toBe(T0);
    expectError(await hal.get(url(c)), 401, 'authentication_required');
    const members = await cleo.client.get(`/api/v1/rooms/${c.roomId}/members`);
    expect(members.body).not.toContain('Hal Helper');
    // Consenting to a removed participant is refused; removing twice changes nothing.
    expectError(
      await cleo.client.post(url(c, `/participants/${participant.id}/consent`), {}),
      409,
      'consultation_state',
    );
    expect((await cleo.client.delete(url(c, `/participants/${participant.id}`))).statusCode).toBe(200);
  });

  it('the provider withdraws their own proposal before consent', async () => {
    const c = await book();
    const { participant } = await propose(pat.client, c, { name: 'Ivo' });
    const res = await pat.client.delete(url(c, `/participants/${participant.id}`));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Answer>().participant.removedAt).not.toBeNull();
  });

  it('only a scheduled or running consultation takes participants, at most 4 at a time', async () => {
    const held = await cleo.client.post('/api/v1/consultations', {
      providerId: pat.user.id,
      start: new Date(Date.parse(T0) + hour++ * HOUR).toISOString(),
    });
    const h = held.json<{ consultation: Consultation }>().consultation;
    expectError(await pat.client.post(url(h, '/participants'), { name: 'Jo' }), 409, 'consultation_state');
    const c = await book();
    for (const name of ['A', 'B', 'C', 'D']) await propose(pat.client, c, { name: `${name} Person` });
    expectError(await pat.client.post(url(c, '/participants'), { name: 'E Person' }), 409, 'conflict');
    expectError(await pat.client.post(url(c, '/participants'), { name: '' }), 400, 'validation_failed');
    expectError(
      await pat.client.post(url(c, '/participants'), { name: 'X', email: 'nope' }),
      400,
      'validation_failed',
    );
    const canceled = await cleo.client.post(url(c, '/cancel'), {});
    expect(canceled.statusCode, canceled.body).toBe(200);
    expectError(await cleo.client.post(url(c, '/participants'), { name: 'Late' }), 409, 'consultation_state');
  });
});
