import type { Consultation, JoinConsultationResponse, Room } from '@parley/shared';
import { decodeJwt } from '@parley/jitsi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi, joinCall, startCall } from '../../test/calls.js';
import { bookConsultation, makeProvider, openAvailability } from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = '2026-11-23T10:00:00.000Z';
const SECRET = 'an-event-sync-secret-long-enough-0123456789';
/** The default consultation settings: the window opens 10 minutes before the start, closes 15 after the end. */
const LEAD = 10 * MINUTE;
const GRACE = 15 * MINUTE;

const expOf = (jwt: string | null) => (decodeJwt(jwt!)!.payload as { exp: number; iat: number }).exp;

/**
 * Issue 15, items 3 and 7: Jitsi's events count for a consultation only inside its join window, an
 * active one its parties left finishes by the usual rule whoever reported the leaving, and no
 * meeting token outlives the window (or, for calls, the call's maximum length).
 */
describe.each(DATABASE_KINDS)('a consultation’s window bounds its events and tokens (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let pat: Person; // the provider
  let cleo: Person; // the client
  let hour = 2;

  const book = () => bookConsultation(cleo, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString());
  const at = (c: Consultation, offsetMs: number) =>
    clock.set(new Date(Date.parse(c.start) + offsetMs).toISOString());
  const current = async (c: Consultation) =>
    (await cleo.client.get(`/api/v1/consultations/${c.id}`)).json<{ consultation: Consultation }>()
      .consultation;
  const eventSync = async (path: string, body: unknown) => {
    const res = await app.app.inject({
      method: 'POST',
      url: `/api/v1/jitsi/events${path}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      payload: JSON.stringify(body),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ outcome: string }>().outcome;
  };
  const seconds = () => Math.floor(clock.now().getTime() / 1000);
  const occupant = (c: Consultation, p: Person, what: 'joined' | 'left') =>
    eventSync(`/events/occupant/${what}`, {
      room_name: c.id,
      occupant: {
        id: p.user.id,
        name: p.user.displayName,
        occupant_jid: `${p.user.id}@x/y`,
        joined_at: seconds(),
        ...(what === 'left' ? { left_at: seconds() } : {}),
      },
    });
  const sweep = async () => {
    await app.sweeper.runOnce('consultations');
    await app.sweeper.runOnce('consultations');
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    const admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo] = await signedInPeople(app, 'pat', 'cleo');
    await makeProvider(admin, pat, openAvailability());
    await configureJitsi(app, { eventSyncSecret: SECRET });
  });
  afterAll(async () => app.close());
  beforeEach(() => clock.set(T0));

  it('ignores a Jitsi "joined" before the window opens: the consultation stays scheduled and can be canceled', async () => {
    const tomorrow = await bookConsultation(cleo, pat, new Date(Date.parse(T0) + DAY).toISOString());
    const another = await book();
    expect(await occupant(another, cleo, 'joined')).toBe('ignored');
    const canceled = await cleo.client.post(`/api/v1/consultations/${another.id}/cancel`, {});
    expect(canceled.statusCode, canceled.body).toBe(200);

    expect(await eventSync('/events/room/created', { room_name: tomorrow.id })).toBe('ignored');
    expect(await occupant(tomorrow, cleo, 'joined')).toBe('ignored');
    expect(await occupant(tomorrow, pat, 'joined')).toBe('ignored');
    const now = await current(tomorrow);
    expect(now.status).toBe('scheduled');
    expect(now.clientJoinedAt).toBeNull();
    expect(now.providerJoinedAt).toBeNull();
    // Nothing Jitsi said then took over from the browsers: inside the window their reports count.
    at(tomorrow, -LEAD);
    const joined = await cleo.client.post(`/api/v1/consultations/${tomorrow.id}/events`, { type: 'joined' });
    expect(joined.statusCode, joined.body).toBe(200);
    expect((await current(tomorrow)).status).toBe('active');
  });

  it('ignores a Jitsi "joined" after the window closed', async () => {
    const c = await book();
    at(c, 50 * MINUTE + GRACE);
    expect(await occupant(c, pat, 'joined')).toBe('ignored');
    const row = await app.db.kysely
      .selectFrom('consultations')
      .select(['status', 'provider_joined_at'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.provider_joined_at).toBeNull();
  });

  it('finishes an active consultation a minute after Jitsi says both left, also before its start', async () => {
    const c = await book();
    // Both meet early, in the lead minutes, and leave before the start.
    at(c, -LEAD);
    expect(await occupant(c, pat, 'joined')).toBe('applied');
    expect(await occupant(c, cleo, 'joined')).toBe('applied');
    expect((await current(c)).status).toBe('active');
    at(c, -5 * MINUTE);
    expect(await occupant(c, cleo, 'left')).toBe('applied');
    expect(await occupant(c, pat, 'left')).toBe('applied');
    at(c, -4 * MINUTE - 1);
    await sweep();
    expect((await current(c)).status).toBe('active');
    at(c, -4 * MINUTE);
    await sweep();
    const ended = await current(c);
    expect(ended.status).toBe('finished');
    expect(ended.history.at(-1)).toMatchObject({ to: 'finished', reason: 'both_left' });
  });

  it('gives consultation tokens that expire when the window closes, if that is sooner than their lifetime', async () => {
    const c = await book();
    const closes = Date.parse(c.end) + GRACE;
    const join = async (p: Person) => {
      const res = await p.client.post(`/api/v1/consultations/${c.id}/join`, {});
      expect(res.statusCode, res.body).toBe(200);
      return res.json<JoinConsultationResponse>();
    };
    // Early in the window the usual hour is shorter than what is left of it.
    at(c, -LEAD);
    const early = await join(cleo);
    expect(expOf(early.jwt)).toBe(seconds() + 3600);
    expect(expOf(early.jwt) * 1000).toBeLessThanOrEqual(closes);
    // Near the close: the token ends with the window, for both parties.
    at(c, 50 * MINUTE + GRACE - 5 * MINUTE);
    for (const p of [cleo, pat]) {
      const late = await join(p);
      expect(expOf(late.jwt)).toBe(Math.floor(closes / 1000));
    }
  });

  it('gives call tokens that expire at the call’s maximum length, if that is sooner than their lifetime', async () => {
    const res = await pat.client.post('/api/v1/rooms', { type: 'channel', name: `window-${kind}` });
    const room = res.json<{ room: Room }>().room;
    const call = await startCall(pat.client, room.id);
    const maxUntil = Date.parse(call.createdAt) + 240 * MINUTE;
    const early = await joinCall(pat.client, call.id);
    expect(expOf(early.jwt)).toBe(seconds() + 3600);
    clock.set(new Date(maxUntil - 10 * MINUTE).toISOString());
    const late = await joinCall(pat.client, call.id);
    expect(expOf(late.jwt)).toBe(Math.floor(maxUntil / 1000));
  });
});
