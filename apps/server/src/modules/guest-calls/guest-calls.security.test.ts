import type { Call, GuestSession, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureJitsi, report, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { allowGuests, connectGuestSocket, makeGuestLink, TestGuest } from '../../test/guest-calls.js';
import {
  connectSocket,
  emitWithAck,
  listening,
  recorder,
  settle,
  type ClientSocket,
} from '../../test/sockets.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** Who reaches what around call guests (issue 19). */
describe.each(DATABASE_KINDS)('call guests security (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let url: string;
  let alice: Person; // the room's owner, in the call
  let bob: Person; // a member, not in the call
  let eve: Person; // outside the room
  let room: Room;
  let call: Call;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await app.sweeper.stop();
    [alice, bob, eve] = await signedInPeople(app, 'alice', 'bob', 'eve');
    await configureJitsi(app);
    await allowGuests(app);
    url = await listening(app);
    room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('guestsec'),
      memberIds: [bob.user.id],
    });
    call = await startCall(alice.client, room.id, 'Secure');
    await report(alice.client, call.id, 'videoConferenceJoined');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app.close();
  });

  it('answers outsiders 404 and members who are not in the call 403', async () => {
    const link = await makeGuestLink(alice.client, call.id);
    const guest = new TestGuest(app, link.token);
    const { guestId } = await guest.joined('Gus');
    for (const res of [
      await eve.client.post(`/api/v1/calls/${call.id}/guest-links`, {}),
      await eve.client.get(`/api/v1/rooms/${room.id}/guest-links`),
      await eve.client.get(`/api/v1/calls/${call.id}/guests`),
      await eve.client.post(`/api/v1/calls/${call.id}/guests/${guestId}/admit`),
      await eve.client.post(`/api/v1/calls/${call.id}/guests/${guestId}/deny`),
      await eve.client.delete(`/api/v1/guest-links/${link.id}`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    for (const decision of ['admit', 'deny']) {
      const res = await bob.client.post(`/api/v1/calls/${call.id}/guests/${guestId}/${decision}`);
      expect(res.statusCode).toBe(403);
    }
    expect(await guest.session()).toEqual({ status: 'waiting' });
    // A guest of another call is not this call's to decide.
    const other = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('other') });
    const otherCall = await startCall(alice.client, other.id);
    const wrongCall = await alice.client.post(`/api/v1/calls/${otherCall.id}/guests/${guestId}/admit`);
    expect(wrongCall.statusCode).toBe(404);
  });

  it('gives each guest socket only its own status, never the room, chat or other guests', async () => {
    const link = await makeGuestLink(alice.client, call.id);
    const gina = new TestGuest(app, link.token);
    const hugo = new TestGuest(app, link.token);
    await gina.joined('Gina');
    await hugo.joined('Hugo');
    const ginaSocket = await connectGuestSocket(url, gina.secret!);
    const hugoSocket = await connectGuestSocket(url, hugo.secret!);
    const member = await connectSocket(url, { cookie: alice.client.sessionCookieHeader });
    sockets.push(ginaSocket, hugoSocket, member);
    const ginaHears = recorder(ginaSocket);
    const hugoHears = recorder(hugoSocket);
    const memberHears = recorder(member);

    expect(await emitWithAck(ginaSocket, 'whoami')).toMatchObject({ ok: true });
    // No module's handlers: a guest socket cannot post in the room (nothing answers).
    ginaSocket.emit(
      'message:send',
      { roomId: room.id, text: 'hello from a guest', clientMsgId: 'g1' },
      () => {
        throw new Error('a guest socket got an answer to message:send');
      },
    );
    await alice.client.post(`/api/v1/rooms/${room.id}/messages`, { text: 'members only' });
    await alice.client.post(`/api/v1/calls/${call.id}/guests/${gina.guestId!}/admit`);

    const admitted = await ginaHears.next('guest:status', (s: GuestSession) => s.status === 'admitted');
    expect(admitted.join?.jwt).toEqual(expect.any(String));
    await memberHears.next('call:guest', (g) => g.id === gina.guestId && g.status === 'admitted');
    await settle(ginaSocket);
    await settle(hugoSocket);
    expect(ginaHears.received.map((r) => r.event)).toEqual(['guest:status']);
    expect(hugoHears.received).toEqual([]);
    const messages = await alice.client.get(`/api/v1/rooms/${room.id}/messages`);
    expect(messages.body).not.toContain('hello from a guest');
  });

  it('refuses guest sockets with an unknown secret or a decided-against guest', async () => {
    await expect(connectGuestSocket(url, 'not-a-secret')).rejects.toThrow('authentication_required');
    const link = await makeGuestLink(alice.client, call.id);
    const guest = new TestGuest(app, link.token);
    await guest.joined('Dora');
    await alice.client.post(`/api/v1/calls/${call.id}/guests/${guest.guestId!}/deny`);
    await expect(connectGuestSocket(url, guest.secret!)).rejects.toThrow('authentication_required');
  });

  it('keeps guests out of the room: not a member, and an admitted guest is no member either', async () => {
    const link = await makeGuestLink(alice.client, call.id, { lobby: false });
    const guest = new TestGuest(app, link.token);
    await guest.joined('Ivy');
    const members = await alice.client.get(`/api/v1/rooms/${room.id}/members`);
    expect(members.statusCode).toBe(200);
    expect(members.body).not.toContain('Ivy');
    const current = await alice.client.get(`/api/v1/calls/${call.id}`);
    expect(current.json<{ call: Call }>().call.participants).toContainEqual(
      expect.objectContaining({ guest: true, moderator: false }),
    );
    // The guest's account holds no session: it cannot sign in with a password either.
    const guestRow = await app.db.kysely
      .selectFrom('users')
      .select(['username', 'guest', 'password_hash'])
      .where('display_name', '=', 'Ivy')
      .executeTakeFirstOrThrow();
    expect(Number(guestRow.guest)).toBe(1);
    const login = await new TestGuest(app, link.token).client.post('/api/v1/auth/login', {
      username: guestRow.username,
      password: guestRow.password_hash,
    });
    expect(login.statusCode).toBe(401);
  });
});
