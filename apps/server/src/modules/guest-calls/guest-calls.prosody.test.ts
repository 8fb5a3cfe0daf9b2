import { affiliationOf, decodeJwt } from '@parley/jitsi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JITSI_TEST_SETTINGS, joinCall, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { allowGuests, makeGuestLink, TestGuest } from '../../test/guest-calls.js';
import { sharedProsody } from '../../test/shared-prosody.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { joinJitsiRoom } from '../../test/xmpp-client.js';

/** The Jitsi room (MUC node) Jitsi's web client derives from a meeting URL: its last path segment, lowercased. */
const roomOfUrl = (url: string) => new URL(url).pathname.split('/').at(-1)!.toLowerCase();

/**
 * An admitted call guest's meeting token (issue 19) through the real Prosody with Jitsi's own token
 * plugins, in both deployments Parley is set up against: accepted in its call's room, refused in
 * another, and never a moderator's. The app runs on real time: Prosody checks `exp` with its own clock.
 */
describe.each(DATABASE_KINDS)("a call guest's token in a real Prosody (%s)", (kind) => {
  let app: TestApp;
  let alice: Person;
  const { hosts } = sharedProsody();

  beforeAll(async () => {
    app = await createTestApp(kind);
    await app.sweeper.stop();
    [alice] = await signedInPeople(app, 'alice');
    await app.services.settings.update({ jitsi: JITSI_TEST_SETTINGS });
    await allowGuests(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const callIn = async () => {
    const room = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('prosody') });
    return startCall(alice.client, room.id, 'With a guest');
  };

  it('joins its call’s room, is refused in another, and is not a moderator', async () => {
    const call = await callIn();
    const other = await callIn();
    const link = await makeGuestLink(alice.client, call.id, { lobby: false });
    const guest = new TestGuest(app, link.token);
    await guest.joined('Gwen');
    const { join } = await guest.session();
    expect(join?.jwt).toEqual(expect.any(String));
    const room = roomOfUrl(join!.url);
    expect(room).toBe(call.roomName);
    const otherRoom = roomOfUrl((await joinCall(alice.client, other.id)).url);
    expect(otherRoom).not.toBe(room);

    for (const prosody of [hosts.debian, hosts.docker]) {
      expect(await joinJitsiRoom(prosody, join!.jwt, room, { nick: 'gwen' }), prosody.flavour).toMatchObject({
        accepted: true,
        room: `${room}@${prosody.mucDomain}`,
      });
      expect(await joinJitsiRoom(prosody, join!.jwt, otherRoom, { nick: 'gwen' }), prosody.flavour).toEqual({
        accepted: false,
        stage: 'presence',
        condition: 'cancel/not-allowed',
        text: 'Room and token mismatched',
      });
    }

    // What Jitsi's token_affiliation (and the web client) make of the claims: a member, never an
    // owner — unlike the caller's own token for the same call, which the same check calls an owner.
    const claims = decodeJwt(join!.jwt!)!.payload as Record<string, unknown> & {
      context: { user: { moderator: boolean; name: string } };
    };
    expect(affiliationOf(claims)).toBe('member');
    expect(claims.context.user).toMatchObject({ moderator: false, name: 'Gwen (guest)' });
    expect(claims.moderator).toBeUndefined();
    const caller = await joinCall(alice.client, call.id);
    expect(affiliationOf(decodeJwt(caller.jwt!)!.payload)).toBe('owner');
  });
});
