import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/databases.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { connectSocket, listening, recorder, settle, type ClientSocket } from '../../test/sockets.js';
import { createTestApp, createTestAppOn, TestClient, type TestApp } from '../../test/test-app.js';
import { callAction, configureJitsi, startCall, stateOf } from '../../test/calls.js';

describe.each(DATABASE_KINDS)('calls over sockets (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let url: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const sockets: ClientSocket[] = [];
  const connect = async (person: Person) => {
    const socket = await connectSocket(url, { cookie: person.client.sessionCookieHeader });
    sockets.push(socket);
    return { ...recorder(socket), socket };
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    url = await listening(app);
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    await configureJitsi(app);
    // These tests ring the same people back to back; the ring limits have their own tests
    // (calls.security.test.ts).
    await app.services.settings.update({
      limits: { ringsOfOnePersonPer10Minutes: 1000, ringAfterDeclineSeconds: 0 },
    });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('rings every device of the callee, not outsiders, and stops ringing everywhere once one device answers', async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const [aliceTab, bobLaptop, bobPhone, carolTab] = [
      await connect(alice),
      await connect(bob),
      await connect(bob),
      await connect(carol),
    ];
    const call = await startCall(alice.client, room.id);
    for (const device of [bobLaptop, bobPhone]) {
      const ringing = await device.next('call:ringing', (e) => e.call.id === call.id);
      expect(ringing.caller).toMatchObject({ id: alice.user.id, displayName: alice.user.displayName });
      expect(ringing.call.roomDisplayName).toBe(alice.user.displayName);
    }
    // The caller's own devices do not ring; they see the call through call:updated.
    await aliceTab.next('call:updated', (c) => c.id === call.id && c.status === 'ringing');
    expect(aliceTab.of('call:ringing')).toEqual([]);

    await callAction(bob.client, call.id, 'accept');
    for (const device of [bobLaptop, bobPhone, aliceTab]) {
      const updated = await device.next('call:updated', (c) => c.id === call.id && c.status === 'ongoing');
      expect(stateOf(updated, bob.user.id)).toBe('accepted');
    }
    await callAction(alice.client, call.id, 'end');
    await bobPhone.next('call:ended', (c) => c.id === call.id && c.status === 'ended');
    await settle(carolTab.socket);
    expect(carolTab.about(room.id)).toEqual([]);
    expect(carolTab.of('call:ringing')).toEqual([]);
  });

  it('tells the caller at once when the callee declines, and everyone when the caller cancels', async () => {
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [carol.user.id] });
    const [aliceTab, carolTab] = [await connect(alice), await connect(carol)];
    const first = await startCall(alice.client, room.id);
    await carolTab.next('call:ringing', (e) => e.call.id === first.id);
    await callAction(carol.client, first.id, 'decline');
    expect(await aliceTab.next('call:ended', (c) => c.id === first.id)).toMatchObject({ status: 'declined' });

    const second = await startCall(alice.client, room.id);
    await carolTab.next('call:ringing', (e) => e.call.id === second.id);
    await callAction(alice.client, second.id, 'cancel');
    expect(await carolTab.next('call:ended', (c) => c.id === second.id)).toMatchObject({
      status: 'canceled',
    });
  });
});

describe.each(DATABASE_KINDS)('ring timeout across a server restart (%s)', (kind) => {
  it('neither loses nor repeats a call that was ringing when the server stopped', async () => {
    const clock = fixedClock();
    const db = await createTestDb(kind);
    const first = await createTestAppOn(db, {}, { clock });
    const [alice, bob] = await signedInPeople(first, 'alice', 'bob');
    await configureJitsi(first);
    const room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
    const call = await startCall(alice.client, room.id);
    expect(call.status).toBe('ringing');
    await first.close();

    // Down through the ring timeout; the new process finds the call by its row.
    clock.advance(45_000);
    const second = await createTestAppOn(db, {}, { clock });
    try {
      const bobAgain = new TestClient(second);
      bobAgain.cookies = { ...bob.client.cookies };
      const socket = await connectSocket(await listening(second), { cookie: bobAgain.sessionCookieHeader });
      const bobTab = recorder(socket);
      const before = (await bobAgain.get(`/api/v1/calls/${call.id}`)).json<{ call: { status: string } }>();
      expect(before.call.status).toBe('ringing');

      await Promise.all([second.sweeper.runOnce('calls'), second.services.calls.timers.sweep()]);
      await second.sweeper.runOnce('calls');
      const ended = await bobTab.next('call:ended', (c) => c.id === call.id);
      expect(ended).toMatchObject({ status: 'missed', endReason: 'timeout' });
      expect(stateOf(ended, bob.user.id)).toBe('missed');
      await settle(socket);
      expect(bobTab.of('call:ended').filter((c) => c.id === call.id)).toHaveLength(1);
      socket.close();
    } finally {
      await second.close();
      await db.close();
    }
  });
});
