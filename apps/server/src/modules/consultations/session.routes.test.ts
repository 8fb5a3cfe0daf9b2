import { decodeJwt, deploymentConfigFromSettings, parseJitsiSettings, verifyToken } from '@parley/jitsi';
import type {
  AccessLogEntrySchema,
  Consultation,
  ConsultationEventResponse,
  JoinConsultationResponse,
  Message,
} from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configureJitsi, JITSI_TEST_SETTINGS } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = '2026-11-23T10:00:00.000Z';
const EVENT_SYNC_SECRET = 'event-sync-shared-secret-for-tests';
const deployment = deploymentConfigFromSettings(parseJitsiSettings(JITSI_TEST_SETTINGS));

type ErrorBody = { error: { code: string; message: string } };
type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

describe.each(DATABASE_KINDS)('consultation sessions (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let admin: Person;
  let pat: Person; // the provider
  let cleo: Person; // the client
  let eve: Person; // a third user, party to nothing
  let hour = 1;

  /** A scheduled consultation at the next free hour after T0 (each test gets its own slot). */
  const book = (nickname?: string) =>
    bookConsultation(cleo, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString(), nickname);
  const url = (c: Consultation, rest: string) => `/api/v1/consultations/${c.id}${rest}`;
  const join = (p: Person, c: Consultation, body: Record<string, unknown> = {}) =>
    p.client.post(url(c, '/join'), body);
  const joined = async (p: Person, c: Consultation, body: Record<string, unknown> = {}) => {
    const res = await join(p, c, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<JoinConsultationResponse>();
  };
  const report = async (p: Person, c: Consultation, type: string) => {
    const res = await p.client.post(url(c, '/events'), { type });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ConsultationEventResponse>();
  };
  const expectError = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
    const body = res.json<ErrorBody>();
    expect(res.statusCode, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject({ code, message: expect.any(String) });
    return body.error.message;
  };
  const lines = async (c: Consultation) => {
    const res = await cleo.client.get(`/api/v1/rooms/${c.roomId}/messages?limit=100`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ messages: Message[] }>()
      .messages.filter((m) => m.kind === 'system')
      .map((m) => m.text);
  };
  const current = async (c: Consultation) =>
    (await cleo.client.get(url(c, ''))).json<{ consultation: Consultation }>().consultation;
  const at = (c: Consultation, offsetMs: number) =>
    clock.set(new Date(Date.parse(c.start) + offsetMs).toISOString());

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    // Timers are the sweeper test's business: here nothing changes behind the requests' back.
    await app.sweeper.stop();
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability());
    const email = await cleo.client.patch('/api/v1/me', { email: 'cleo@example.org' });
    expect(email.statusCode, email.body).toBe(200);
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('refuses to join until Jitsi is configured, with a clear 409', async () => {
    const c = await book();
    at(c, 0);
    expectError(await join(cleo, c), 409, 'meetings_not_configured');
    await configureJitsi(app, { eventSyncSecret: EVENT_SYNC_SECRET });
  });

  it('gives a token only to its client and provider inside the join window; a third user and an admin get 404 and no token', async () => {
    const c = await book();
    const opens = -10 * MINUTE;
    // Before the window: a sentence saying when it opens (in UTC: the client's zone is unknown here).
    at(c, opens - 1);
    const early = expectError(await join(cleo, c), 409, 'join_window_closed');
    expect(early).toBe(
      `This consultation opens for joining at ${new Date(Date.parse(c.start) + opens).toISOString().slice(11, 16)} UTC on 23 November 2026, 10 minutes before it starts`,
    );
    at(c, opens);
    for (const outsider of [eve, admin]) {
      const res = await join(outsider, c);
      expectError(res, 404, 'not_found');
      expect(res.body).not.toContain('jwt');
      expectError(await outsider.client.post(url(c, '/events'), { type: 'joined' }), 404, 'not_found');
    }
    // An id that is no consultation at all answers the same.
    expectError(
      await cleo.client.post('/api/v1/consultations/019a0000-0000-7000-8000-000000000000/join', {}),
      404,
      'not_found',
    );

    const provider = await joined(pat, c, { audioMuted: true, videoMuted: true });
    const client = await joined(cleo, c, { audioMuted: false });
    // The Jitsi room is the consultation's id: in the URL, the IFrame and the token's room claim.
    for (const j of [provider, client]) {
      expect(j.roomName).toBe(c.id);
      expect(j.url.startsWith(`https://meet.example.org/${c.id}?jwt=`)).toBe(true);
      expect(j.iframe).toMatchObject({ roomName: c.id, jwt: j.jwt });
      expect(j.domain).toBe('meet.example.org');
      expect(j.scriptUrl).toBe('https://meet.example.org/external_api.js');
      expect(decodeJwt(j.jwt!)!.payload).toMatchObject({ room: c.id });
      // No email anywhere (Cleo has one on her account).
      expect(JSON.stringify(j)).not.toContain('@example.org');
      expect(j.presence).toEqual({ consultationId: c.id, providerInCall: false, clientInCall: false });
      expect(j.consultation.id).toBe(c.id);
    }
    const now = clock.now().getTime();
    expect(verifyToken(provider.jwt, deployment, { room: c.id, now })).toMatchObject({
      ok: true,
      affiliation: 'owner',
    });
    expect(verifyToken(client.jwt, deployment, { room: c.id, now })).toMatchObject({
      ok: true,
      affiliation: 'member',
    });
    expect(verifyToken(client.jwt, deployment, { room: `${c.id}x`, now }).ok).toBe(false);
    expect(decodeJwt(client.jwt!)!.payload).toMatchObject({
      context: { user: { id: cleo.user.id, name: cleo.user.displayName } },
    });
    expect(provider.consultation.role).toBe('provider');
    expect(client.consultation.role).toBe('client');
    // Per role and per choice: start muted as asked, the client without security options.
    const config = (j: JoinConsultationResponse) =>
      (j.iframe as { configOverwrite: Record<string, unknown> }).configOverwrite;
    expect(config(provider)).toMatchObject({
      startWithAudioMuted: true,
      startWithVideoMuted: true,
      prejoinPageEnabled: false,
      hideConferenceSubject: true,
      disableInviteFunctions: true,
    });
    expect(config(provider).toolbarButtons).toContain('security');
    expect(config(client)).toMatchObject({ startWithAudioMuted: false });
    expect('startWithVideoMuted' in config(client)).toBe(false);
    expect(config(client).toolbarButtons).not.toContain('security');
    expect(config(client).toolbarButtons).not.toContain('invite');
    expect(config(client).toolbarButtons).not.toContain('recording');

    // Joining never changes the consultation by itself: being in the call does (events).
    expect((await current(c)).status).toBe('scheduled');
    expectError(await join(cleo, c, { audioMuted: 'yes' }), 400, 'validation_failed');
    expectError(await join(cleo, c, { nickname: 'x' }), 400, 'validation_failed');
  });

  it('keeps the window open until the end plus the grace, and refuses ended consultations in words', async () => {
    const c = await book();
    at(c, 0);
    await report(pat, c, 'joined');
    const closes = Date.parse(c.end) + 15 * MINUTE - Date.parse(c.start);
    at(c, closes - 1);
    await joined(cleo, c);
    at(c, closes);
    const late = expectError(await join(cleo, c), 409, 'join_window_closed');
    expect(late).toMatch(/^The time to join this consultation ended at \d\d:\d\d UTC on 23 November 2026$/);

    // A held consultation and a canceled one: 409 consultation_state with a sentence.
    clock.set(T0);
    const held = await cleo.client.post('/api/v1/consultations', {
      providerId: pat.user.id,
      start: new Date(Date.parse(T0) + hour++ * HOUR).toISOString(),
    });
    const heldId = held.json<{ consultation: Consultation }>().consultation.id;
    expect(
      expectError(
        await cleo.client.post(`/api/v1/consultations/${heldId}/join`, {}),
        409,
        'consultation_state',
      ),
    ).toBe('This consultation is not confirmed yet, so it cannot be joined');
    const canceled = await book();
    await cleo.client.post(url(canceled, '/cancel'), {});
    at(canceled, 0);
    expect(expectError(await join(cleo, canceled), 409, 'consultation_state')).toBe(
      'This consultation was canceled, so it cannot be joined',
    );
  });

  it('turns reports into presence, joined/left times, scheduled → active and chat lines, each once', async () => {
    const c = await book();
    at(c, -5 * MINUTE);
    const pName = pat.user.displayName;
    const cName = cleo.user.displayName;

    let r = await report(pat, c, 'joined');
    expect(r.presence).toEqual({ consultationId: c.id, providerInCall: true, clientInCall: false });
    expect(r.consultation).toMatchObject({ status: 'active', role: 'provider' });
    expect(r.consultation.providerJoinedAt).toBe(clock.now().toISOString());
    expect(r.consultation.history.at(-1)).toMatchObject({ from: 'scheduled', to: 'active', by: pat.user.id });
    // Repeats and the other side's view of the same thing change nothing and post nothing.
    await report(pat, c, 'joined');
    r = await report(cleo, c, 'other_joined');
    expect(r.presence.providerInCall).toBe(true);
    expect(await lines(c)).toEqual([`${pName} joined the call`]);

    clock.advance(MINUTE);
    r = await report(cleo, c, 'joined');
    expect(r.presence).toMatchObject({ providerInCall: true, clientInCall: true });
    expect(r.consultation.clientJoinedAt).toBe(clock.now().toISOString());
    await report(cleo, c, 'camera_off');
    await report(cleo, c, 'camera_off');
    await report(cleo, c, 'camera_on');
    await report(pat, c, 'microphone_off');
    expect(await lines(c)).toEqual([
      `${pName} joined the call`,
      `${cName} joined the call`,
      `${cName} turned their camera off`,
      `${cName} turned their camera on`,
      `${pName} turned their microphone off`,
    ]);

    // The client's browser saw the provider go (a closed tab): presence moves, not the provider's times.
    clock.advance(MINUTE);
    r = await report(cleo, c, 'other_left');
    expect(r.presence).toMatchObject({ providerInCall: false, clientInCall: true });
    expect(r.consultation.providerLeftAt).toBeNull();
    // Their own report afterwards records the time, without a second line.
    r = await report(pat, c, 'left');
    expect(r.consultation.providerLeftAt).toBe(clock.now().toISOString());
    // Camera news from someone not in the call is dropped.
    await report(pat, c, 'camera_off');
    // Back in: the left time is cleared, the first join time kept, the media reports are news again.
    clock.advance(MINUTE);
    r = await report(pat, c, 'joined');
    expect(r.consultation.providerLeftAt).toBeNull();
    expect(r.consultation.providerJoinedAt).toBe(new Date(Date.parse(c.start) - 5 * MINUTE).toISOString());
    await report(pat, c, 'microphone_off');
    expect((await lines(c)).slice(5)).toEqual([
      `${pName} left the call`,
      `${pName} joined the call`,
      `${pName} turned their microphone off`,
    ]);
    expectError(await cleo.client.post(url(c, '/events'), { type: 'dancing' }), 400, 'validation_failed');
    expectError(await cleo.client.post(url(c, '/events'), {}), 400, 'validation_failed');
  });

  it('names a client who booked under a nickname by it, in the meeting and in the chat, without an avatar', async () => {
    const c = await book('Alex');
    at(c, 0);
    const j = await joined(cleo, c);
    const claims = decodeJwt(j.jwt!)!.payload as { context: { user: Record<string, unknown> } };
    expect(claims.context.user).toMatchObject({ id: cleo.user.id, name: 'Alex', moderator: false });
    expect(claims.context.user.avatar).toBeUndefined();
    await report(cleo, c, 'joined');
    await report(cleo, c, 'microphone_off');
    expect(await lines(c)).toEqual(['Alex joined the call', 'Alex turned their microphone off']);
    expect(JSON.stringify(await lines(c))).not.toContain(cleo.user.displayName);
  });

  it('ignores presence reports outside the window and in ended consultations', async () => {
    const c = await book();
    at(c, -11 * MINUTE);
    let r = await report(cleo, c, 'joined');
    expect(r.consultation.status).toBe('scheduled');
    expect(r.presence.clientInCall).toBe(false);
    const canceled = await book();
    await cleo.client.post(url(canceled, '/cancel'), {});
    r = await report(cleo, canceled, 'joined');
    expect(r.consultation.status).toBe('late_canceled');
    expect(r.presence.clientInCall).toBe(false);
  });

  it("lets the client erase the consultation's chat at any time; the provider gets 403, others 404", async () => {
    const c = await book();
    const send = await cleo.client.post(`/api/v1/rooms/${c.roomId}/messages`, {
      text: 'something private',
      clientMsgId: 'm1',
    });
    expect(send.statusCode, send.body).toBe(201);
    await pat.client.post(`/api/v1/rooms/${c.roomId}/messages`, { text: 'a reply', clientMsgId: 'm2' });

    const refused = expectError(await pat.client.delete(url(c, '/messages')), 403, 'forbidden');
    expect(refused).toMatch(/^Only the client can erase/);
    expectError(await eve.client.delete(url(c, '/messages')), 404, 'not_found');
    expectError(await admin.client.delete(url(c, '/messages')), 404, 'not_found');

    const res = await cleo.client.delete(url(c, '/messages'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ erased: 2 });
    const left = (await cleo.client.get(`/api/v1/rooms/${c.roomId}/messages`)).json<{
      messages: Message[];
    }>();
    expect(left.messages.map((m) => [m.kind, m.text, m.author])).toEqual([
      ['system', 'The client erased the chat history', null],
    ]);
    expect(JSON.stringify(left)).not.toContain('something private');
    const purges = await app.db.kysely
      .selectFrom('consultation_purges')
      .selectAll()
      .where('consultation_id', '=', c.id)
      .execute();
    expect(purges).toEqual([
      expect.objectContaining({ reason: 'client_erasure', by_user_id: cleo.user.id, messages: 2 }),
    ]);
    // Again: only the line itself goes (and comes back).
    expect((await cleo.client.delete(url(c, '/messages'))).json()).toEqual({ erased: 1 });
  });

  it('takes feedback from either party once the consultation started, once each', async () => {
    const c = await book();
    const body = { rating: 4, needsAddressed: 'partly', comment: 'Helpful' };
    expect(expectError(await cleo.client.post(url(c, '/feedback'), body), 409, 'consultation_state')).toBe(
      'Feedback opens once the consultation has started',
    );
    at(c, 0);
    await report(pat, c, 'joined');
    const res = await cleo.client.post(url(c, '/feedback'), body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ consultation: Consultation }>().consultation.feedbackGiven).toBe(true);
    expect(
      expectError(await cleo.client.post(url(c, '/feedback'), { ...body, rating: 5 }), 409, 'conflict'),
    ).toBe('You already sent feedback on this consultation');
    expect(
      (await pat.client.post(url(c, '/feedback'), { rating: 5, needsAddressed: 'yes' })).statusCode,
    ).toBe(201);
    expectError(await eve.client.post(url(c, '/feedback'), body), 404, 'not_found');
    for (const bad of [
      { ...body, rating: 6 },
      { ...body, rating: 0 },
      { ...body, needsAddressed: 'maybe' },
      { rating: 3 },
      { ...body, comment: 'x'.repeat(2001) },
      { ...body, extra: true },
    ]) {
      expectError(await pat.client.post(url(c, '/feedback'), bad), 400, 'validation_failed');
    }
    const stored = await app.db.kysely
      .selectFrom('consultation_feedback')
      .selectAll()
      .where('consultation_id', '=', c.id)
      .orderBy('user_id')
      .execute();
    expect(stored.map((f) => [f.user_id, f.rating, f.needs_addressed, f.comment]).sort()).toEqual(
      [
        [cleo.user.id, 4, 'partly', 'Helpful'],
        [pat.user.id, 5, 'yes', null],
      ].sort(),
    );
  });

  it('shows admins who opened which consultation and when, never the chat; others get 403', async () => {
    const c = await book();
    at(c, 0);
    await cleo.client.post(`/api/v1/rooms/${c.roomId}/messages`, { text: 'very private', clientMsgId: 'p' });
    await joined(cleo, c);
    clock.advance(2 * MINUTE);
    await joined(pat, c);
    // A burst of reloads within a minute is one entry.
    await joined(pat, c);
    await app.services.consultations.session.logAccess(c.id, cleo.user.id, 'client', 'view');
    await app.services.consultations.session.logAccess(c.id, cleo.user.id, 'client', 'view');

    const res = await admin.client.get(`/api/v1/admin/consultations/access-log?consultationId=${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const { entries, nextBefore } = res.json<{ entries: AccessLogEntry[]; nextBefore: string | null }>();
    expect(nextBefore).toBeNull();
    expect(entries.map((e) => [e.user?.id, e.role, e.action, e.at])).toEqual([
      [cleo.user.id, 'client', 'view', clock.now().toISOString()],
      [pat.user.id, 'provider', 'join', clock.now().toISOString()],
      [cleo.user.id, 'client', 'join', c.start],
    ]);
    expect(entries[1]!.user).toMatchObject({ displayName: pat.user.displayName });
    expect(res.body).not.toContain('very private');

    const mine = await admin.client.get(
      `/api/v1/admin/consultations/access-log?userId=${pat.user.id}&consultationId=${c.id}`,
    );
    expect(mine.json<{ entries: AccessLogEntry[] }>().entries).toHaveLength(1);
    const first = await admin.client.get(
      `/api/v1/admin/consultations/access-log?consultationId=${c.id}&limit=2`,
    );
    const page = first.json<{ entries: AccessLogEntry[]; nextBefore: string }>();
    expect(page.entries).toHaveLength(2);
    const rest = await admin.client.get(
      `/api/v1/admin/consultations/access-log?consultationId=${c.id}&limit=2&before=${page.nextBefore}`,
    );
    expect(rest.json<{ entries: AccessLogEntry[] }>().entries.map((e) => e.action)).toEqual(['join']);

    expectError(await pat.client.get('/api/v1/admin/consultations/access-log'), 403, 'forbidden');
    expectError(
      await admin.client.get('/api/v1/admin/consultations/access-log?limit=0'),
      400,
      'validation_failed',
    );
    expectError(
      await admin.client.get('/api/v1/admin/consultations/access-log?color=red'),
      400,
      'validation_failed',
    );
  });

  it("takes Jitsi's own events for a consultation's room; from then on they win over the browsers", async () => {
    const c = await book();
    at(c, -2 * MINUTE);
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const eventSync = (path: string, body: unknown) =>
      app.app.inject({
        method: 'POST',
        url: `/api/v1/jitsi/events${path}`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENT_SYNC_SECRET}` },
        payload: JSON.stringify(body),
      });
    const occupant = (p: Person, extra: Record<string, unknown>) => ({
      room_name: c.id,
      occupant: { id: p.user.id, name: p.user.displayName, occupant_jid: `${p.user.id}@x/y`, ...extra },
    });

    // The client's browser says the provider is in; Jitsi says the provider joined at its own time.
    await report(cleo, c, 'other_joined');
    const joinedRes = await eventSync('/events/occupant/joined', occupant(pat, { joined_at: seconds + 5 }));
    expect(joinedRes.json()).toMatchObject({ ok: true, outcome: 'applied' });
    let now = await current(c);
    expect(now.status).toBe('active');
    expect(now.providerJoinedAt).toBe(new Date((seconds + 5) * 1000).toISOString());
    // Browsers are ignored from now on: the provider's own "left" does not take them out.
    let r = await report(pat, c, 'left');
    expect(r.presence.providerInCall).toBe(true);
    r = await report(cleo, c, 'joined');
    expect(r.presence.clientInCall).toBe(false);

    const left = await eventSync(
      '/events/occupant/left',
      occupant(pat, { joined_at: seconds + 5, left_at: seconds + 60 }),
    );
    expect(left.json()).toMatchObject({ outcome: 'applied' });
    now = await current(c);
    expect(now.providerLeftAt).toBe(new Date((seconds + 60) * 1000).toISOString());
    // A late copy of the join (a retry) cannot put them back.
    const late = await eventSync('/events/occupant/joined', occupant(pat, { joined_at: seconds + 5 }));
    expect(late.json()).toMatchObject({ outcome: 'ignored' });
    expect((await report(cleo, c, 'camera_on')).presence.providerInCall).toBe(false);
    // Someone else's token in the room is not recorded as a party.
    const stranger = await eventSync('/events/occupant/joined', occupant(eve, { joined_at: seconds + 70 }));
    expect(stranger.json()).toMatchObject({ outcome: 'ignored' });
    // A room that is no consultation goes to calls, as before.
    const unknown = await eventSync('/events/occupant/joined', {
      room_name: '019a0000-0000-7000-8000-000000000000',
      occupant: { id: pat.user.id, occupant_jid: 'a@b/c', joined_at: seconds },
    });
    expect(unknown.json()).toMatchObject({ outcome: 'unknown_room' });
    expect(await lines(c)).toEqual([
      `${pat.user.displayName} joined the call`,
      `${pat.user.displayName} left the call`,
    ]);
  });
});
