import type { Consultation, ConsultationPresence, JoinConsultationResponse } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureJitsi } from '../../test/calls.js';
import {
  bookConsultation,
  consultationAction,
  makeProvider,
  openAvailability,
} from '../../test/consultations.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createLoggedTestApp,
  expectAnswersWithoutKey,
  expectMeetingFieldsWithoutKey,
  HEX_KEY,
  settingsRacedBy,
  watchForKey,
} from '../../test/e2ee.js';
import { signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, recorder, settle, type ClientSocket } from '../../test/sockets.js';
import type { TestApp } from '../../test/test-app.js';
import { ConsultationSessionService, type SessionDependencies } from './session.service.js';

const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
type ErrorBody = { error: { code: string; message: string } };

describe.each(DATABASE_KINDS)('end-to-end encrypted consultations (%s)', (kind) => {
  const clock = fixedClock(T0);
  let app: TestApp;
  let log: () => string;
  let admin: Person;
  let pat: Person; // the provider
  let cleo: Person; // the client
  let eve: Person; // party to nothing
  let hour = 1;
  const sockets: ClientSocket[] = [];

  const book = () => bookConsultation(cleo, pat, new Date(Date.parse(T0) + hour++ * HOUR).toISOString());
  const at = (c: Consultation, offsetMs: number) =>
    clock.set(new Date(Date.parse(c.start) + offsetMs).toISOString());
  const join = (p: Person, c: Consultation, body: Record<string, unknown> = {}) =>
    p.client.post(`/api/v1/consultations/${c.id}/join`, body);
  const joined = async (p: Person, c: Consultation, body: Record<string, unknown> = {}) => {
    const res = await join(p, c, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<JoinConsultationResponse>();
  };
  const setMode = async (e2ee: string) => {
    const res = await admin.client.patch('/api/v1/admin/settings', { consultations: { e2ee } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const stored = (c: Consultation) =>
    app.db.kysely
      .selectFrom('consultation_sessions')
      .select(['e2ee_mode', 'e2ee_key'])
      .where('consultation_id', '=', c.id)
      .executeTakeFirst();

  beforeAll(async () => {
    ({ app, log } = await createLoggedTestApp(kind, clock));
    admin = await signedInUser(app, { role: 'admin' });
    [pat, cleo, eve] = await signedInPeople(app, 'pat', 'cleo', 'eve');
    await makeProvider(admin, pat, openAvailability());
    await configureJitsi(app);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
  });
  beforeEach(() => clock.set(T0));

  it('off: no e2ee field in the join answer and no key stored', async () => {
    const c = await book();
    at(c, 0);
    const answer = await joined(cleo, c);
    expect(answer).not.toHaveProperty('e2ee');
    expect(JSON.stringify(answer)).not.toContain('e2ee');
    expect((await stored(c))?.e2ee_key ?? null).toBeNull();
  });

  it('offered: client and provider get the same key; a third person and an admin get 404 and nothing else shows it', async () => {
    await setMode('offered');
    const watch = await watchForKey(app, [pat, cleo, eve, admin], log);
    sockets.push(...watch.sockets);
    const c = await book();
    at(c, 0);
    const provider = await joined(pat, c, { e2eeSupported: true });
    const client = await joined(cleo, c, { audioMuted: true });
    expect(provider.e2ee).toEqual({ mode: 'offered', key: expect.stringMatching(HEX_KEY) });
    expect(client.e2ee).toEqual(provider.e2ee);
    const key = provider.e2ee!.key;
    expectMeetingFieldsWithoutKey([provider, client], key);
    expectAnswersWithoutKey([await join(eve, c), await join(admin, c)], 404, key);
    const views = [
      await cleo.client.get(`/api/v1/consultations/${c.id}`),
      await pat.client.get('/api/v1/consultations'),
      await cleo.client.post(`/api/v1/consultations/${c.id}/events`, { type: 'joined' }),
      await admin.client.get('/api/v1/admin/consultations/access-log'),
      await admin.client.get('/api/v1/admin/consultations/feedback'),
    ];
    expectAnswersWithoutKey(views, 200, key);
    // The admin cannot open the consultation either (the usual 404).
    expect((await admin.client.get(`/api/v1/consultations/${c.id}`)).statusCode).toBe(404);
    await watch.expectNeverSent(key);

    // The same session keeps its key (a rejoin); ending it erases the key.
    expect((await joined(pat, c)).e2ee?.key).toBe(key);
    expect((await stored(c))?.e2ee_key).toBe(key);
    // Both leave; a minute later the sweeper finishes the consultation.
    for (const [p, type] of [
      [pat, 'joined'],
      [pat, 'left'],
      [cleo, 'left'],
    ] as const) {
      const res = await p.client.post(`/api/v1/consultations/${c.id}/events`, { type });
      expect(res.statusCode, res.body).toBe(200);
    }
    at(c, 2 * 60_000);
    await app.sweeper.runOnce('consultations');
    await app.sweeper.runOnce('consultations');
    const after = await cleo.client.get(`/api/v1/consultations/${c.id}`);
    expect(after.json<{ consultation: Consultation }>().consultation.status).toBe('finished');
    expect(await stored(c)).toMatchObject({ e2ee_mode: 'offered', e2ee_key: null });
    expect((await join(cleo, c)).statusCode).toBe(409);
    for (const s of watch.sockets) s.disconnect();
  });

  it('a consultation canceled after its first join loses its key too', async () => {
    await setMode('offered');
    const c = await book();
    at(c, -5 * 60_000);
    expect((await joined(pat, c)).e2ee?.key).toMatch(HEX_KEY);
    await consultationAction(cleo.client, c.id, 'cancel', { reason: 'Ill' });
    expect(await stored(c)).toMatchObject({ e2ee_mode: 'offered', e2ee_key: null });
    expect((await join(pat, c)).statusCode).toBe(409);
  });

  it('a new session gets a new key, and a session keeps the mode of its first join', async () => {
    await setMode('offered');
    const first = await book();
    at(first, 0);
    const firstKey = (await joined(cleo, first)).e2ee!.key;
    await setMode('off');
    // The provider joining after the change still gets the session's key (one key per meeting).
    expect((await joined(pat, first)).e2ee?.key).toBe(firstKey);
    await setMode('offered');
    const second = await book();
    at(second, 0);
    const secondKey = (await joined(pat, second)).e2ee!.key;
    expect(secondKey).toMatch(HEX_KEY);
    expect(secondKey).not.toBe(firstKey);
  });

  it('a consultation moved after a join is a new session: its next join makes a new key', async () => {
    await setMode('offered');
    const c = await book();
    at(c, -5 * 60_000);
    const before = (await joined(pat, c)).e2ee!.key;
    const moved = await consultationAction(cleo.client, c.id, 'reschedule', {
      start: new Date(Date.parse(c.start) + 48 * HOUR).toISOString(),
    });
    expect(await stored(c)).toMatchObject({ e2ee_mode: null, e2ee_key: null });
    at(moved, 0);
    const after = (await joined(cleo, moved)).e2ee!.key;
    expect(after).toMatch(HEX_KEY);
    expect(after).not.toBe(before);
    expect((await joined(pat, moved)).e2ee?.key).toBe(after);
  });

  it('offered: a party whose browser cannot encrypt joins, and both see it in the presence', async () => {
    await setMode('offered');
    const c = await book();
    at(c, 0);
    const url = await listening(app);
    const patSocket = await connectSocket(url, { cookie: pat.client.sessionCookieHeader });
    sockets.push(patSocket);
    const patSees = recorder(patSocket);
    await joined(pat, c, { e2eeSupported: true });
    const client = await joined(cleo, c, { e2eeSupported: false });
    expect(client.e2ee?.mode).toBe('offered');
    expect(client.presence?.unencrypted).toEqual(['client']);
    const told = await patSees.next(
      'consultation:presence',
      (p: ConsultationPresence) => p.consultationId === c.id && p.unencrypted !== undefined,
    );
    expect(told.unencrypted).toEqual(['client']);
    // Back from a browser that can: the mark goes, and the provider is told.
    const again = await joined(cleo, c, { e2eeSupported: true });
    expect(again.presence).not.toHaveProperty('unencrypted');
    await settle(patSocket);
    const last = patSees
      .of('consultation:presence')
      .filter((p) => p.consultationId === c.id)
      .at(-1);
    expect(last).not.toHaveProperty('unencrypted');
    patSocket.disconnect();
  });

  it('required: a browser that cannot encrypt gets 422 and no token; the body is validated', async () => {
    await setMode('required');
    const c = await book();
    at(c, 0);
    const refused = await join(cleo, c, { e2eeSupported: false });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<ErrorBody>().error.code).toBe('e2ee_unsupported');
    expect(refused.body).not.toContain('jwt');
    const key = (await stored(c))?.e2ee_key;
    expect(key).toMatch(HEX_KEY);
    expect(refused.body).not.toContain(key!);
    expect((await joined(cleo, c, { e2eeSupported: true })).e2ee).toEqual({ mode: 'required', key });
    const bad = await join(cleo, c, { e2eeSupported: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('validation_failed');
    await setMode('off');
  });

  /**
   * The app's own session service, except that `during` runs once inside the join, after it read the
   * consultation and before it decides the encryption: where an end from another request or node can
   * land.
   */
  const racedBy = (during: () => Promise<unknown>) =>
    new ConsultationSessionService(
      settingsRacedBy(
        (app.services.consultations.session as unknown as { deps: SessionDependencies }).deps,
        during,
      ),
    );

  it('a join the end overtakes is refused: no key is stored after the erasure, none is handed out in clear', async () => {
    await setMode('required');
    const cancel = (c: Consultation) => () =>
      consultationAction(cleo.client, c.id, 'cancel', { reason: 'Ill' });
    const ended = { status: 409, code: 'consultation_state' };

    // The first join: the end lands before the session has a key.
    const first = await book();
    at(first, -5 * 60_000);
    await expect(racedBy(cancel(first)).join(pat.user, first.id, {})).rejects.toMatchObject(ended);
    expect((await stored(first))?.e2ee_key ?? null).toBeNull();

    // A later join: the end erases the key the first join made.
    const second = await book();
    at(second, -5 * 60_000);
    expect((await joined(cleo, second)).e2ee?.mode).toBe('required');
    await expect(racedBy(cancel(second)).join(pat.user, second.id, {})).rejects.toMatchObject(ended);
    expect(await stored(second)).toMatchObject({ e2ee_mode: 'required', e2ee_key: null });
    await setMode('off');
  });
});
