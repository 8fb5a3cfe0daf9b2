import type { Call, JoinCallResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, configureJitsi, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createLoggedTestApp,
  expectAnswersWithoutKey,
  expectMeetingFieldsWithoutKey,
  HEX_KEY,
  settingsRacedBy,
  watchForKey,
} from '../../test/e2ee.js';
import { createRoom, signedInPeople, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, recorder, settle, type ClientSocket } from '../../test/sockets.js';
import type { TestApp } from '../../test/test-app.js';
import { AttendanceService, type AttendanceDependencies } from './attendance.service.js';

type ErrorBody = { error: { code: string; message: string } };

describe.each(DATABASE_KINDS)('end-to-end encrypted calls (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let log: () => string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let admin: Person;
  let sockets: ClientSocket[] = [];

  const dm = (a: Person, b: Person) => createRoom(a.client, { type: 'direct', memberIds: [b.user.id] });
  const join = (p: Person, callId: string, body?: Record<string, unknown>) =>
    p.client.post(`/api/v1/calls/${callId}/join`, body);
  const joined = async (p: Person, callId: string, body?: Record<string, unknown>) => {
    const res = await join(p, callId, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<JoinCallResponse>();
  };
  const setMode = async (e2ee: string) => {
    const res = await admin.client.patch('/api/v1/admin/settings', { calls: { e2ee } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const storedKey = async (callId: string) =>
    (
      await app.db.kysely
        .selectFrom('calls')
        .select(['e2ee_mode', 'e2ee_key'])
        .where('id', '=', callId)
        .executeTakeFirstOrThrow()
    ).e2ee_key;

  beforeAll(async () => {
    ({ app, log } = await createLoggedTestApp(kind, clock));
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    admin = await signedInUser(app, { role: 'admin' });
    await app.services.settings.update({
      limits: { ringsOfOnePersonPer10Minutes: 1000, ringAfterDeclineSeconds: 0 },
    });
    await configureJitsi(app);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await app.close();
  });

  it('refuses an encryption mode that is not off, offered or required (4xx, nothing saved)', async () => {
    for (const bad of ['sometimes', true, 1, null, '']) {
      const res = await admin.client.patch('/api/v1/admin/settings', { calls: { e2ee: bad } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<ErrorBody>().error.code).toBe('validation_failed');
    }
    const bad = await admin.client.patch('/api/v1/admin/settings', { consultations: { e2ee: 'yes' } });
    expect(bad.statusCode).toBe(400);
    const { settings } = (await admin.client.get('/api/v1/admin/settings')).json<{
      settings: { calls: { e2ee: string }; consultations: { e2ee: string } };
    }>();
    expect(settings.calls.e2ee).toBe('off');
    expect(settings.consultations.e2ee).toBe('off');
    // Only admins choose it.
    const notAdmin = await alice.client.patch('/api/v1/admin/settings', { calls: { e2ee: 'required' } });
    expect(notAdmin.statusCode).toBe(403);
  });

  it('off: the join answer has no e2ee field and the call stores no key', async () => {
    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    const answer = await joined(alice, call.id);
    expect(answer).not.toHaveProperty('e2ee');
    expect(Object.keys(answer).sort()).toEqual(
      ['call', 'chromeExtensionId', 'domain', 'iframe', 'jwt', 'roomName', 'scriptUrl', 'url'].sort(),
    );
    expect(await storedKey(call.id)).toBeNull();
    await callAction(alice.client, call.id, 'end');
  });

  it('offered: both parties get the same fresh key, nobody else does, and it is nowhere else', async () => {
    await setMode('offered');
    const watch = await watchForKey(app, [alice, bob, carol, admin], log);
    sockets.push(...watch.sockets);

    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    const a = await joined(alice, call.id, { e2eeSupported: true });
    const b = await joined(bob, call.id);
    expect(a.e2ee).toEqual({ mode: 'offered', key: expect.stringMatching(HEX_KEY) });
    expect(b.e2ee).toEqual(a.e2ee);
    const key = a.e2ee!.key;
    // The join answer's meeting fields are what they always were: no key in the URL, token or IFrame.
    expectMeetingFieldsWithoutKey([a, b], key);

    // Someone outside the room and an admin get the join's usual 404, with no key.
    expectAnswersWithoutKey([await join(carol, call.id), await join(admin, call.id)], 404, key);
    // Nor is it in any view of the call: the call itself, lists, the admin log and its CSV.
    const views = [
      await alice.client.get(`/api/v1/calls/${call.id}`),
      await bob.client.get('/api/v1/me/calls'),
      await alice.client.get(`/api/v1/rooms/${room.id}/calls`),
      await admin.client.get('/api/v1/admin/calls'),
      await admin.client.get('/api/v1/admin/calls?format=csv'),
    ];
    expectAnswersWithoutKey(views, 200, key);
    await callAction(alice.client, call.id, 'end');
    // Sockets carried the call's changes, never its key; the log never had it either.
    await watch.expectNeverSent(key);
    // Ending the call erases the key; joining it again is the usual 409.
    expect(await storedKey(call.id)).toBeNull();
    expect((await join(bob, call.id)).statusCode).toBe(409);
    for (const s of watch.sockets) s.disconnect();
  });

  it('a new call gets a new key; a call keeps the mode it started with', async () => {
    await setMode('offered');
    const room = await dm(alice, bob);
    const first = await startCall(alice.client, room.id);
    const firstKey = (await joined(alice, first.id)).e2ee!.key;
    // Changing the setting during a call does not split it: later joiners get the same key.
    await setMode('off');
    expect((await joined(bob, first.id)).e2ee?.key).toBe(firstKey);
    await callAction(alice.client, first.id, 'end');

    await setMode('offered');
    const second = await startCall(alice.client, room.id);
    const secondKey = (await joined(alice, second.id)).e2ee!.key;
    expect(secondKey).toMatch(HEX_KEY);
    expect(secondKey).not.toBe(firstKey);
    await callAction(alice.client, second.id, 'end');
  });

  it('offered: a browser that cannot encrypt joins, and the others see it is unencrypted', async () => {
    await setMode('offered');
    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    await joined(alice, call.id, { e2eeSupported: true });
    const b = await joined(bob, call.id, { e2eeSupported: false });
    expect(b.e2ee?.mode).toBe('offered');
    const bobIn = (c: Call) => c.participants.find((p) => p.user.id === bob.user.id);
    const aliceIn = (c: Call) => c.participants.find((p) => p.user.id === alice.user.id);
    const seenByAlice = (await alice.client.get(`/api/v1/calls/${call.id}`)).json<{ call: Call }>().call;
    expect(bobIn(seenByAlice)?.unencrypted).toBe(true);
    expect(aliceIn(seenByAlice)).not.toHaveProperty('unencrypted');
    // Back from a browser that can: the mark goes.
    const again = await joined(bob, call.id, { e2eeSupported: true });
    expect(bobIn(again.call)).not.toHaveProperty('unencrypted');
    await callAction(alice.client, call.id, 'end');
  });

  it('required: a browser that cannot encrypt gets 422 and no token; one that can gets the key', async () => {
    await setMode('required');
    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    const refused = await join(bob, call.id, { e2eeSupported: false });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<ErrorBody>().error.code).toBe('e2ee_unsupported');
    expect(refused.body).not.toContain('jwt');
    const key = await storedKey(call.id);
    expect(key).toMatch(HEX_KEY);
    expect(refused.body).not.toContain(key!);
    expect((await joined(bob, call.id, { e2eeSupported: true })).e2ee).toEqual({ mode: 'required', key });
    await callAction(alice.client, call.id, 'end');
    await setMode('off');
  });

  it('required: a caller whose browser cannot encrypt starts no call (nobody is rung into it)', async () => {
    await setMode('required');
    const room = await dm(alice, bob);
    const bobSocket = await connectSocket(await listening(app), { cookie: bob.client.sessionCookieHeader });
    sockets.push(bobSocket);
    const bobHears = recorder(bobSocket);
    const callsIn = async () =>
      (await bob.client.get(`/api/v1/rooms/${room.id}/calls`)).json<{ calls: Call[] }>().calls.length;
    const before = await callsIn();
    const refused = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, { e2eeSupported: false });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json<ErrorBody>().error.code).toBe('e2ee_unsupported');
    await settle(bobSocket);
    expect(bobHears.received.map((r) => r.event)).not.toContain('call:ringing');
    expect(await callsIn()).toBe(before);

    // From a browser that can (or says nothing, as an integration does), the call starts.
    const started = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, { e2eeSupported: true });
    expect(started.statusCode, started.body).toBe(201);
    const call = started.json<{ call: Call }>().call;
    // A call going on is still answered, whatever the browser: its own join decides.
    const again = await bob.client.post(`/api/v1/rooms/${room.id}/calls`, { e2eeSupported: false });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ call: Call }>().call.id).toBe(call.id);
    await callAction(alice.client, call.id, 'end');

    // Offered: it starts, and the caller joins in clear.
    await setMode('offered');
    const offered = await alice.client.post(`/api/v1/rooms/${room.id}/calls`, { e2eeSupported: false });
    expect(offered.statusCode, offered.body).toBe(201);
    await callAction(alice.client, offered.json<{ call: Call }>().call.id, 'end');
    // The checks are real: an offered start does ring Bob.
    expect(bobHears.received.map((r) => r.event)).toContain('call:ringing');
    await setMode('off');
  });

  /**
   * The app's own calls service, except that `during` runs once inside the join, after it read the
   * call and before it decides the encryption: where an end from another request or node can land.
   */
  const racedBy = (during: () => Promise<unknown>) =>
    new AttendanceService(
      settingsRacedBy(
        (app.services.calls.attendance as unknown as { deps: AttendanceDependencies }).deps,
        during,
      ),
    );

  it('a join the end overtakes is refused (409): no key and no token after the erasure', async () => {
    for (const mode of ['offered', 'required'] as const) {
      await setMode(mode);
      const room = await dm(alice, bob);
      const call = await startCall(alice.client, room.id);
      expect((await joined(alice, call.id)).e2ee?.mode).toBe(mode);
      const ending = racedBy(() => callAction(alice.client, call.id, 'end'));
      await expect(ending.join(bob.user, call.id, { e2eeSupported: true })).rejects.toMatchObject({
        status: 409,
        code: 'call_ended',
      });
      expect(await storedKey(call.id)).toBeNull();
    }
    await setMode('off');
  });

  it('validates the join body', async () => {
    const room = await dm(alice, bob);
    const call = await startCall(alice.client, room.id);
    for (const body of [{ e2eeSupported: 'yes' }, { e2eeSupported: true, extra: 1 }]) {
      const res = await join(alice, call.id, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<ErrorBody>().error.code).toBe('validation_failed');
    }
    await callAction(alice.client, call.id, 'end');
  });
});
