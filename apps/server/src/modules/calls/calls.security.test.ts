import type { Call } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
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
      if (res.statusCode === 201) await callAction(dave.client, res.json<{ call: Call }>().call.id, 'cancel');
      if (res.statusCode === 429) {
        expect(res.json().error.code).toBe('rate_limited');
        break;
      }
    }
    expect(answers.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(answers[30]).toBe(429);
  });
});
