import { decodeJwt } from '@parley/jitsi';
import type { Call, GuestLink, GuestRequest } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callAction, configureJitsi, report, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  createRoom,
  signedInPeople,
  signedInUser,
  uniqueUsername,
  type Person,
} from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { allowGuests, makeGuestLink, TestGuest } from '../../test/guest-calls.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const MINUTE = 60_000;
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

describe.each(DATABASE_KINDS)('call guests over HTTP (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let admin: Person;
  let alice: Person; // owner of the channel, starts the calls
  let bob: Person; // a plain member
  let carol: Person; // not in the room

  const liveCall = async (title = 'Weekly') => {
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('guests'),
      memberIds: [bob.user.id],
    });
    const call = await startCall(alice.client, room.id, title);
    // Alice is in the meeting: the call does not end as unattended while the clock moves.
    await report(alice.client, call.id, 'videoConferenceJoined');
    return call;
  };
  const guestOf = (token: string) => new TestGuest(app, token);
  const getCall = async (id: string) =>
    (await alice.client.get(`/api/v1/calls/${id}`)).json<{ call: Call }>().call;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await signedInUser(app, { role: 'admin' });
    [alice, bob, carol] = await signedInPeople(app, 'alice', 'bob', 'carol');
    await configureJitsi(app);
    await app.services.settings.update({ workspace: { name: 'Acme Parley', registrationOpen: false } });
  });
  afterAll(async () => app.close());
  beforeEach(async () => {
    await allowGuests(app);
    // Each test has its own rate-limit windows (they are counted per address, all tests share one).
    clock.advance(60 * MINUTE);
  });

  it('refuses links where the admin has not opened the room type to guests', async () => {
    const call = await liveCall();
    await allowGuests(app, ['team']);
    const res = await alice.client.post(`/api/v1/calls/${call.id}/guest-links`, {});
    expect(res.statusCode).toBe(403);
    expect(code(res)).toBe('guests_disabled');
  });

  it('lets the caller make a link (shown once) and refuses plain members and outsiders', async () => {
    const call = await liveCall();
    const link = await makeGuestLink(alice.client, call.id, { maxUses: 3, passcode: 'open sesame' });
    expect(link).toMatchObject({
      url: expect.stringMatching(/^http:\/\/localhost:3000\/guest\/[A-Za-z0-9_-]{43}$/),
      maxUses: 3,
      uses: 0,
      lobby: true,
      passcode: true,
      callId: call.id,
      roomId: call.roomId,
      createdBy: alice.user.id,
      revokedAt: null,
      expiresAt: new Date(clock.now().getTime() + 24 * 60 * MINUTE).toISOString(),
    });
    const byMember = await bob.client.post(`/api/v1/calls/${call.id}/guest-links`, {});
    expect(byMember.statusCode).toBe(403);
    const byOutsider = await carol.client.post(`/api/v1/calls/${call.id}/guest-links`, {});
    expect(byOutsider.statusCode).toBe(404);
    const bad = await alice.client.post(`/api/v1/calls/${call.id}/guest-links`, { maxUses: 0 });
    expect(code(bad)).toBe('validation_failed');

    // Listed without the URL, for owners and moderators; the admin sees every active link.
    const listed = await alice.client.get(`/api/v1/rooms/${call.roomId}/guest-links`);
    expect(listed.json<{ links: GuestLink[] }>().links).toEqual([
      expect.objectContaining({ id: link.id, url: null }),
    ]);
    expect((await bob.client.get(`/api/v1/rooms/${call.roomId}/guest-links`)).statusCode).toBe(403);
    expect((await carol.client.get(`/api/v1/rooms/${call.roomId}/guest-links`)).statusCode).toBe(404);
    const all = await admin.client.get('/api/v1/admin/guest-links');
    expect(all.json<{ links: unknown[] }>().links).toContainEqual(
      expect.objectContaining({ id: link.id, createdByName: alice.user.displayName }),
    );
    expect((await alice.client.get('/api/v1/admin/guest-links')).statusCode).toBe(403);
  });

  it('takes a guest through the lobby: waiting, admitted by someone in the call, a non-moderator token', async () => {
    const call = await liveCall('Design review');
    const link = await makeGuestLink(alice.client, call.id);
    const guest = guestOf(link.token);
    expect((await guest.info()).json()).toEqual({
      workspace: 'Acme Parley',
      title: 'Design review',
      needsPasscode: false,
      lobby: true,
      call: 'live',
    });
    const joined = await guest.joined('Gina');
    expect(joined).toMatchObject({ status: 'waiting', guestSecret: expect.any(String) });
    expect(await guest.session()).toEqual({ status: 'waiting' });
    const waiting = await bob.client.get(`/api/v1/calls/${call.id}/guests`);
    expect(waiting.json<{ guests: GuestRequest[] }>().guests).toEqual([
      expect.objectContaining({ id: joined.guestId, name: 'Gina', status: 'waiting', callId: call.id }),
    ]);
    expect((await carol.client.get(`/api/v1/calls/${call.id}/guests`)).statusCode).toBe(404);

    // Bob is in the room but not in the call: he cannot decide.
    const byBob = await bob.client.post(`/api/v1/calls/${call.id}/guests/${joined.guestId}/admit`);
    expect(byBob.statusCode).toBe(403);
    const admitted = await alice.client.post(`/api/v1/calls/${call.id}/guests/${joined.guestId}/admit`);
    expect(admitted.statusCode, admitted.body).toBe(200);
    expect(admitted.json<{ guest: GuestRequest }>().guest).toMatchObject({
      status: 'admitted',
      decidedBy: alice.user.id,
    });
    // A later decision changes nothing.
    const late = await alice.client.post(`/api/v1/calls/${call.id}/guests/${joined.guestId}/deny`);
    expect(late.json<{ guest: GuestRequest }>().guest.status).toBe('admitted');

    const session = await guest.session();
    expect(session.status).toBe('admitted');
    expect(session.join).toMatchObject({ roomName: call.roomName, jwt: expect.any(String) });
    const payload = decodeJwt(session.join!.jwt!)!.payload as {
      room: string;
      exp: number;
      moderator?: boolean;
      context: { user: { name: string; moderator: boolean; affiliation: string } };
    };
    expect(payload.room).toBe(call.roomName);
    expect(payload.moderator).toBeUndefined();
    expect(payload.context.user).toMatchObject({
      name: 'Gina (guest)',
      moderator: false,
      affiliation: 'member',
    });
    expect(payload.exp * 1000).toBeLessThanOrEqual(clock.now().getTime() + 2 * 60 * MINUTE);

    // The guest is a participant, marked as a guest; their meeting's reports count.
    expect((await guest.report('joined')).statusCode).toBe(200);
    const current = await getCall(call.id);
    const participant = current.participants.find((p) => p.user.displayName === 'Gina');
    expect(participant).toMatchObject({ guest: true, state: 'joined', moderator: false });
    expect(participant?.user.guest).toBe(true);
    expect((await bob.client.get(`/api/v1/calls/${call.id}/guests`)).json()).toEqual({ guests: [] });

    // The call ends: so does the guest's admission.
    await callAction(alice.client, call.id, 'end');
    expect(await guest.session()).toEqual({ status: 'ended' });
    expect((await guest.info()).json()).toMatchObject({ call: 'ended' });
    const after = await guestOf(link.token).join({ name: 'Late' });
    expect(after.statusCode).toBe(409);
    expect(code(after)).toBe('call_ended');
  });

  it('turns a guest away, and lets guests straight in without a lobby', async () => {
    const call = await liveCall();
    const lobby = await makeGuestLink(alice.client, call.id);
    const denied = guestOf(lobby.token);
    const { guestId } = await denied.joined('Dan');
    const res = await alice.client.post(`/api/v1/calls/${call.id}/guests/${guestId}/deny`);
    expect(res.json<{ guest: GuestRequest }>().guest.status).toBe('denied');
    expect(await denied.session()).toEqual({ status: 'denied' });
    expect((await getCall(call.id)).participants.some((p) => p.user.displayName === 'Dan')).toBe(false);

    const direct = await makeGuestLink(alice.client, call.id, { lobby: false });
    const straight = guestOf(direct.token);
    expect((await straight.joined('Sam')).status).toBe('admitted');
    expect((await straight.session()).join?.jwt).toEqual(expect.any(String));
    expect((await getCall(call.id)).participants).toContainEqual(
      expect.objectContaining({ guest: true, state: 'accepted', moderator: false }),
    );
  });

  it('answers each dead end with its own code', async () => {
    const call = await liveCall();
    expect(code(await guestOf('no-such-token').info())).toBe('guest_link_invalid');

    const once = await makeGuestLink(alice.client, call.id, { maxUses: 1 });
    await guestOf(once.token).joined('First');
    const full = await guestOf(once.token).join({ name: 'Second' });
    expect([full.statusCode, code(full)]).toEqual([409, 'guest_link_full']);
    expect(code(await guestOf(once.token).info())).toBe('guest_link_full');

    const short = await makeGuestLink(alice.client, call.id, { expiresInMinutes: 5 });
    clock.advance(6 * MINUTE);
    const expired = await guestOf(short.token).info();
    expect([expired.statusCode, code(expired)]).toEqual([410, 'guest_link_expired']);

    const revoked = await makeGuestLink(alice.client, call.id);
    const waiting = guestOf(revoked.token);
    await waiting.joined('Wendy');
    // Bob neither made it nor moderates the room: the same 404 as a missing link.
    expect((await bob.client.delete(`/api/v1/guest-links/${revoked.id}`)).statusCode).toBe(404);
    const gone = await alice.client.delete(`/api/v1/guest-links/${revoked.id}`);
    expect(gone.json<{ link: GuestLink }>().link.revokedAt).toBe(clock.now().toISOString());
    const afterRevoke = await guestOf(revoked.token).join({ name: 'Nope' });
    expect([afterRevoke.statusCode, code(afterRevoke)]).toEqual([404, 'guest_link_invalid']);
    expect(await waiting.session()).toEqual({ status: 'ended' });

    const closed = await makeGuestLink(alice.client, call.id);
    await allowGuests(app, ['team']);
    expect(code(await guestOf(closed.token).info())).toBe('guests_disabled');
  });

  it('limits wrong passcodes per link: five, then 429 until the window ends', async () => {
    const call = await liveCall();
    const link = await makeGuestLink(alice.client, call.id, { passcode: 'correct horse' });
    const guest = guestOf(link.token);
    expect((await guest.info()).json()).toMatchObject({ needsPasscode: true });
    const missing = await guest.join({ name: 'Pat' });
    expect([missing.statusCode, code(missing)]).toEqual([403, 'guest_passcode_wrong']);
    for (let i = 0; i < 4; i++) {
      expect(code(await guest.join({ name: 'Pat', passcode: `wrong ${i}` }))).toBe('guest_passcode_wrong');
    }
    const blocked = await guest.join({ name: 'Pat', passcode: 'correct horse' });
    expect([blocked.statusCode, code(blocked)]).toEqual([429, 'rate_limited']);
    clock.advance(15 * MINUTE);
    expect((await guest.joined('Pat', ' correct horse ')).status).toBe('waiting');
  });

  it('gives a guest secret only its own session', async () => {
    const call = await liveCall();
    const one = await makeGuestLink(alice.client, call.id);
    const two = await makeGuestLink(alice.client, call.id);
    const first = guestOf(one.token);
    await first.joined('One');
    const none = await first.client.get(`/api/v1/guest/${one.token}/session`);
    expect([none.statusCode, code(none)]).toEqual([401, 'authentication_required']);
    const wrong = await first.sessionResponse('not-a-secret');
    expect(code(wrong)).toBe('guest_link_invalid');
    // The right secret with another link's token.
    const crossed = new TestGuest(app, two.token);
    crossed.secret = first.secret;
    expect((await crossed.sessionResponse()).statusCode).toBe(404);
    const body = await first.client.post(`/api/v1/guest/${one.token}/join`, { name: '' });
    expect(code(body)).toBe('validation_failed');
  });

  it("records a guest's entering from Jitsi's own events, and ends guests of a call that ended unannounced", async () => {
    const secret = 'event-sync-secret-for-the-guest-suite';
    await configureJitsi(app, { eventSyncSecret: secret });
    const call = await liveCall();
    const link = await makeGuestLink(alice.client, call.id, { lobby: false });
    const guest = guestOf(link.token);
    await guest.joined('Jo');
    const { join } = await guest.session();
    const guestUserId = (decodeJwt(join!.jwt!)!.payload as { context: { user: { id: string } } }).context.user
      .id;
    const joined = await app.app.inject({
      method: 'POST',
      url: '/api/v1/jitsi/events/events/occupant/joined',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      payload: JSON.stringify({
        room_name: call.roomName,
        occupant: { id: guestUserId, name: 'Jo (guest)', occupant_jid: `${guestUserId}@x/y` },
      }),
    });
    expect(joined.json()).toMatchObject({ outcome: 'applied' });
    expect((await getCall(call.id)).participants).toContainEqual(
      expect.objectContaining({ guest: true, state: 'joined' }),
    );

    // A call that ended without its end being announced (a crash): the sweeper ends its guests.
    const waiting = guestOf((await makeGuestLink(alice.client, call.id)).token);
    await waiting.joined('Kim');
    await app.db.kysely
      .updateTable('calls')
      .set({ status: 'ended', ended_at: clock.now().toISOString(), idle_until: null })
      .where('id', '=', call.id)
      .execute();
    await app.sweeper.runOnce('guest-calls');
    const rows = await app.db.kysely
      .selectFrom('guest_admissions')
      .select('status')
      .where('call_id', '=', call.id)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['ended', 'ended']);
    expect(await waiting.session()).toEqual({ status: 'ended' });
    await configureJitsi(app);
  });

  it('documents the guest routes in OpenAPI, the guest page’s as needing no session', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, Record<string, { summary?: string; security?: unknown[] }>>;
    }>();
    for (const path of ['/api/v1/guest/{token}', '/api/v1/guest/{token}/session']) {
      expect(doc.paths[path]?.get?.security, path).toEqual([]);
    }
    for (const path of ['/api/v1/guest/{token}/join', '/api/v1/guest/{token}/events']) {
      expect(doc.paths[path]?.post?.security, path).toEqual([]);
    }
    expect(doc.paths['/api/v1/calls/{id}/guest-links']?.post?.summary).toMatch(/guests_disabled/);
    expect(doc.paths['/api/v1/calls/{id}/guests/{guestId}/admit']?.post?.security).toBeUndefined();
  });
});
