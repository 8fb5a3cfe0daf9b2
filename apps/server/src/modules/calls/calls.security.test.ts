import type { Call } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, setUpAdmin, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { callAction, configureJitsi, report, startCall, stateOf } from '../../test/calls.js';

const SECRET = 'event-sync-secret-for-the-security-suite';

/** Regression tests for what the security review of the calls module found. */
describe.each(DATABASE_KINDS)('calls security (%s)', (kind) => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  const channel = (...members: Person[]) =>
    createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('sec'),
      memberIds: members.map((m) => m.user.id),
    });
  const current = async (id: string) =>
    (await alice.client.get(`/api/v1/calls/${id}`)).json<{ call: Call }>().call;
  const eventSync = (path: string, body: unknown) =>
    app.app.inject({
      method: 'POST',
      url: `/api/v1/jitsi/events${path}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await createTestApp(kind);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    await configureJitsi(app, { eventSyncSecret: SECRET });
  });
  afterAll(async () => app.close());

  it('does not let a plain member report others as gone (which would end the call)', async () => {
    const room = await channel(bob, carol);
    const call = await startCall(alice.client, room.id);
    await report(alice.client, call.id, 'videoConferenceJoined');
    await report(bob.client, call.id, 'videoConferenceJoined');
    await report(carol.client, call.id, 'videoConferenceJoined');
    await report(carol.client, call.id, 'participantLeft', alice.user.id);
    await report(carol.client, call.id, 'participantLeft', bob.user.id);
    const after = await current(call.id);
    expect(stateOf(after, alice.user.id)).toBe('joined');
    expect(stateOf(after, bob.user.id)).toBe('joined');
    // The caller may (they could end the call anyway): a crashed browser is then recorded as gone.
    await report(alice.client, call.id, 'participantLeft', bob.user.id);
    expect(stateOf(await current(call.id), bob.user.id)).toBe('left');
    await callAction(alice.client, call.id, 'end');
  });

  it('never answers 5xx when leaves, joins and ends race (no deadlock on PostgreSQL)', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 12; round++) {
      const room = await channel(bob);
      const call = await startCall(alice.client, room.id);
      await report(bob.client, call.id, 'videoConferenceJoined');
      const answers = await Promise.all([
        bob.client.post(`/api/v1/calls/${call.id}/events`, { type: 'videoConferenceLeft' }),
        alice.client.post(`/api/v1/calls/${call.id}/end`),
        bob.client.post(`/api/v1/calls/${call.id}/events`, { type: 'videoConferenceJoined' }),
        alice.client.post(`/api/v1/calls/${call.id}/events`, { type: 'videoConferenceJoined' }),
      ]);
      statuses.push(...answers.map((a) => a.statusCode));
      // Nobody is left "in" an ended call.
      const ended = await current(call.id);
      expect(ended.status).toBe('ended');
      expect(ended.participants.filter((p) => p.state === 'joined')).toEqual([]);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('answers a Jitsi event with an absurd time without losing it, and applies a removed member’s leave', async () => {
    const room = await channel(bob, carol);
    const call = await startCall(alice.client, room.id);
    const post = (path: string, user: Person, extra: Record<string, unknown>) =>
      eventSync(path, {
        room_name: call.roomName,
        occupant: { id: user.user.id, occupant_jid: `${user.user.id}@x/1`, ...extra },
      });
    const weird = await post('/events/occupant/joined', bob, { joined_at: 1e13 });
    expect(weird.statusCode).toBe(200);
    expect(weird.json()).toMatchObject({ outcome: 'applied' });
    expect(stateOf(await current(call.id), bob.user.id)).toBe('joined');

    await post('/events/occupant/joined', carol, { joined_at: Date.now() / 1000 });
    const removed = await alice.client.delete(`/api/v1/rooms/${room.id}/members/${carol.user.id}`);
    expect(removed.statusCode).toBe(204);
    const left = await post('/events/occupant/left', carol, { left_at: Date.now() / 1000 + 1 });
    expect(left.json()).toMatchObject({ outcome: 'applied' });
    expect(stateOf(await current(call.id), carol.user.id)).toBe('left');
    await callAction(alice.client, call.id, 'end');
  });

  it('limits how often one person can start calls (no ringing someone all day)', async () => {
    const [dave, erin] = await signedInPeople(app, 'dave', 'erin');
    const room = await createRoom(dave.client, { type: 'direct', memberIds: [erin.user.id] });
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await dave.client.post(`/api/v1/rooms/${room.id}/calls`, {});
      answers.push(res.statusCode);
      // Only the first rings (erin is rung at most every 30 s), so the rest are ongoing: end them.
      if (res.statusCode === 201) await callAction(dave.client, res.json<{ call: Call }>().call.id, 'end');
      if (res.statusCode === 429) {
        expect(res.json().error.code).toBe('rate_limited');
        break;
      }
    }
    expect(answers.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(answers[30]).toBe(429);
  });
});

/** Issue 15, item 6: a caller cannot ring the same person over and over, nor right after a decline. */
describe.each(DATABASE_KINDS)('ringing the same person again (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let dave: Person;
  let erin: Person;
  let frank: Person;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [dave, erin, frank] = await signedInPeople(app, 'dave', 'erin', 'frank');
    await configureJitsi(app);
  });
  afterAll(async () => app.close());

  /** Starts a call in the room and ends it again; what it did about ringing. */
  const ring = async (caller: Person, roomId: string, then: 'end' | 'decline' = 'end') => {
    const res = await caller.client.post(`/api/v1/rooms/${roomId}/calls`, {});
    expect(res.statusCode, res.body).toBe(201);
    const { call, notRung } = res.json<{ call: Call; notRung: { userId: string; reason: string }[] }>();
    const state = stateOf(call, erin.user.id);
    if (then === 'decline') await callAction(erin.client, call.id, 'decline');
    else await callAction(caller.client, call.id, 'end');
    return { status: call.status, erin: state, notRung };
  };

  it('rings one person at most 5 times per 10 minutes per caller, and not for 2 minutes after a decline; the call still starts', async () => {
    const room = await createRoom(dave.client, { type: 'direct', memberIds: [erin.user.id] });
    // Cancelled by mistake and made again at once: it rings again, up to 5 times in the window.
    for (let i = 0; i < 5; i++) {
      expect(await ring(dave, room.id)).toEqual({ status: 'ringing', erin: 'ringing', notRung: [] });
      clock.advance(2_000);
    }
    // The 6th in the window: the call starts, erin is not rung, and dave is told why.
    expect(await ring(dave, room.id)).toEqual({
      status: 'ongoing',
      erin: 'invited',
      notRung: [{ userId: erin.user.id, reason: 'recently_rung' }],
    });
    // Someone else may still ring erin.
    const other = await createRoom(frank.client, { type: 'direct', memberIds: [erin.user.id] });
    expect((await ring(frank, other.id)).erin).toBe('ringing');

    // The next 10-minute window of the clock (the test starts at 10:00:00) rings again.
    clock.set('2026-11-23T10:10:00.000Z');
    expect(await ring(dave, room.id, 'decline')).toMatchObject({ erin: 'ringing', notRung: [] });
    clock.advance(60_000);
    expect(await ring(dave, room.id)).toMatchObject({
      erin: 'invited',
      notRung: [{ userId: erin.user.id, reason: 'declined' }],
    });
    clock.advance(60_000);
    expect(await ring(dave, room.id)).toMatchObject({ erin: 'ringing', notRung: [] });
  });

  it('says so in the /jitsi reply when the call did not ring someone', async () => {
    clock.advance(3_600_000);
    const room = await createRoom(dave.client, { type: 'direct', memberIds: [erin.user.id] });
    for (let i = 0; i < 5; i++) expect((await ring(dave, room.id)).erin).toBe('ringing');
    const res = await dave.client.post(`/api/v1/rooms/${room.id}/commands`, { text: '/jitsi again' });
    expect(res.statusCode, res.body).toBe(200);
    const { reply, callId } = res.json<{ reply: string | null; callId: string }>();
    expect(reply).toBe(
      `Not rung: ${erin.user.displayName} (rung several times in the last few minutes, or declined your last call). They can still join from the room.`,
    );
    await callAction(dave.client, callId, 'end');
  });

  it('limits how often one browser reports on a call (each change reaches the room)', async () => {
    clock.advance(3_600_000);
    const room = await createRoom(dave.client, {
      type: 'channel',
      name: uniqueUsername('reports'),
      memberIds: [erin.user.id],
    });
    const res = await dave.client.post(`/api/v1/rooms/${room.id}/calls`, {});
    const { call } = res.json<{ call: Call }>();
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      const type = i % 2 === 0 ? 'videoConferenceJoined' : 'videoConferenceLeft';
      statuses.push((await dave.client.post(`/api/v1/calls/${call.id}/events`, { type })).statusCode);
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses[120]).toBe(429);
    await callAction(dave.client, call.id, 'end');
  });

  it('lets an admin tune both limits (and refuses the retired interval)', async () => {
    const admin = (await setUpAdmin(app)).client;
    const retired = await admin.patch('/api/v1/admin/settings', { limits: { ringRepeatSeconds: 0 } });
    expect(retired.statusCode).toBe(400);
    const tuned = await admin.patch('/api/v1/admin/settings', {
      limits: { ringsOfOnePersonPer10Minutes: 2, ringAfterDeclineSeconds: 0 },
    });
    expect(tuned.statusCode).toBe(200);
    clock.advance(3_600_000);
    const room = await createRoom(frank.client, { type: 'direct', memberIds: [erin.user.id] });
    expect((await ring(frank, room.id, 'decline')).erin).toBe('ringing');
    expect((await ring(frank, room.id)).erin).toBe('ringing');
    expect((await ring(frank, room.id)).notRung).toEqual([{ userId: erin.user.id, reason: 'recently_rung' }]);
  });
});
