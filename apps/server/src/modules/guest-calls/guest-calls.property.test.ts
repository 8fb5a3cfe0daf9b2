import fc from 'fast-check';
import type { Call } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureJitsi, report, startCall } from '../../test/calls.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { allowGuests, makeGuestLink } from '../../test/guest-calls.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

/**
 * Random sequences on the guest routes (public info, join, session, events with random tokens,
 * secrets and bodies; links made, revoked, admitted and denied by members and an outsider; clock
 * jumps and sweeps): never a 5xx, every 4xx in the error shape, and afterwards the rows agree: no link
 * used more often than it may, every admitted guest is a participant and never a moderator, no guest
 * waits for or is in a call that is over, and no guest is a member of any room.
 */
describe.each(DATABASE_KINDS)('call guests under random input (%s)', (kind) => {
  const clock = fixedClock();
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let eve: Person;
  let roomId: string;
  const calls: string[] = ['missing-call'];
  const tokens: string[] = ['missing-token-missing-token-missing-token-00'];
  const links: string[] = ['missing-link'];
  const secrets: string[] = ['', 'nope'];
  const guestIds: string[] = ['missing-guest'];
  /** Guests who joined: their link's token with their own secret. */
  const joined: { token: string; secret: string }[] = [];
  const succeeded = new Set<string>();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    [alice, bob, eve] = await signedInPeople(app, 'alice', 'bob', 'eve');
    await configureJitsi(app);
    await allowGuests(app);
    const room = await createRoom(alice.client, {
      type: 'channel',
      name: uniqueUsername('guestfuzz'),
      memberIds: [bob.user.id],
    });
    roomId = room.id;
    const call = await startCall(alice.client, roomId);
    await report(alice.client, call.id, 'videoConferenceJoined');
    calls.push(call.id);
    for (const body of [{}, { lobby: false }, { maxUses: 1 }, { passcode: 'letmein' }]) {
      const link = await makeGuestLink(alice.client, call.id, body);
      tokens.push(link.token);
      links.push(link.id);
    }
  });
  afterAll(async () => app.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  );
  const body = fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 70 }), anyValue),
      passcode: fc.oneof(fc.constantFrom('letmein', 'wrong'), anyValue),
      type: fc.oneof(fc.constantFrom('joined', 'left'), anyValue),
      lobby: fc.oneof(fc.boolean(), anyValue),
      maxUses: fc.oneof(fc.integer({ min: -1, max: 3 }), anyValue),
      expiresInMinutes: fc.oneof(fc.integer({ min: 0, max: 60 }), anyValue),
    },
    { requiredKeys: [] },
  );
  const action = fc.record({
    who: fc.constantFrom('alice', 'bob', 'eve'),
    what: fc.constantFrom(
      'info',
      'join',
      'session',
      'events',
      'create',
      'list',
      'revoke',
      'waiting',
      'admit',
      'deny',
      'start',
      'tick',
    ),
    pick: fc.nat(),
    token: fc.oneof(fc.nat().map(String), fc.string({ maxLength: 150 })),
    body,
    ms: fc.integer({ min: 0, max: 3_600_000 }),
  });

  type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;
  const known = (what: Action['what'], pick: number): Action => ({
    who: 'alice',
    what,
    pick,
    token: '',
    body: {},
    ms: 0,
  });
  /** tokens[1] is the lobby link made above; joined[0] and guestIds[1] the guest this joins. */
  const knownGood: Action[] = [
    known('join', 1),
    known('session', 2),
    known('info', 1),
    known('list', 1),
    known('waiting', 1),
    known('admit', 1),
    known('events', 2),
    known('create', 1),
  ];

  it('never answers 5xx and keeps guests consistent', async () => {
    const outsider = new TestClient(app);
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          const person = { alice, bob, eve }[a.who];
          const at = <T>(list: T[]) => list[a.pick % list.length]!;
          // Mostly a known token (most of them real links), else whatever fast-check made up.
          const token = encodeURIComponent(a.pick % 4 === 0 ? a.token : at(tokens));
          const secret = a.pick % 3 === 0 ? a.token : at(secrets);
          // Half the time a guest's own pair, so sessions and reports get through too.
          const pair = a.pick % 2 === 0 && joined.length > 0 ? at(joined) : null;
          const guestPath = pair ? encodeURIComponent(pair.token) : token;
          const guestAuth = { authorization: `Guest ${pair ? pair.secret : secret}` };
          const payload = a.body as Record<string, unknown>;
          let res: { statusCode: number; json(): unknown } | null = null;
          switch (a.what) {
            case 'info':
              res = await outsider.get(`/api/v1/guest/${token}`);
              break;
            case 'join':
              res = await outsider.post(
                `/api/v1/guest/${token}/join`,
                a.ms % 2 === 0 ? { name: 'Fuzzy', passcode: 'letmein' } : payload,
              );
              if (res.statusCode === 200) {
                const answer = res.json() as { guestId: string; guestSecret: string };
                secrets.push(answer.guestSecret);
                guestIds.push(answer.guestId);
                joined.push({ token: decodeURIComponent(token), secret: answer.guestSecret });
              }
              break;
            case 'session':
              res = await outsider.get(`/api/v1/guest/${guestPath}/session`, guestAuth);
              break;
            case 'events':
              res = await outsider.post(
                `/api/v1/guest/${guestPath}/events`,
                a.ms % 2 === 0 ? { type: 'joined' } : payload,
                guestAuth,
              );
              break;
            case 'create':
              // Half the time a well-formed body, so new links keep coming as old ones expire.
              res = await person.client.post(
                `/api/v1/calls/${at(calls)}/guest-links`,
                a.ms % 2 === 0 ? { lobby: a.ms % 4 === 0 } : payload,
              );
              if (res.statusCode === 201) {
                const { link } = res.json() as { link: { id: string; url: string } };
                links.push(link.id);
                tokens.push(link.url.split('/').at(-1)!);
              }
              break;
            case 'list':
              res = await person.client.get(`/api/v1/rooms/${roomId}/guest-links`);
              break;
            case 'revoke':
              res = await person.client.delete(`/api/v1/guest-links/${at(links)}`);
              break;
            case 'waiting':
              res = await person.client.get(`/api/v1/calls/${at(calls)}/guests`);
              break;
            case 'admit':
            case 'deny':
              res = await person.client.post(`/api/v1/calls/${at(calls)}/guests/${at(guestIds)}/${a.what}`);
              break;
            case 'start':
              res = await alice.client.post(`/api/v1/rooms/${roomId}/calls`, {});
              if (res.statusCode === 201) {
                const started = (res.json() as { call: Call }).call;
                calls.push(started.id);
                await report(alice.client, started.id, 'videoConferenceJoined');
              }
              break;
            case 'tick':
              clock.advance(a.ms);
              await app.sweeper.runOnce('calls');
              await app.sweeper.runOnce('guest-calls');
          }
          if (res && res.statusCode < 300) succeeded.add(a.what);
          if (res) {
            expect(res.statusCode, JSON.stringify({ a, body: res.json() })).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.json()).toMatchObject({
                error: { code: expect.any(String), message: expect.any(String) },
              });
            }
          }
        }
        await expectConsistent();
      }),
      // One known sequence runs first, so the coverage check below holds whatever fast-check draws:
      // a guest joins through a real link, asks for their session, is admitted and reports joining.
      { numRuns: 60, examples: [[knownGood]] },
    );
    // Not vacuous: most kinds of action succeeded at least once.
    expect([...succeeded].sort()).toEqual(expect.arrayContaining(['info', 'join', 'list', 'session']));
    expect(succeeded.size).toBeGreaterThan(7);
  });

  async function expectConsistent() {
    const db = app.db.kysely;
    const overused = await db
      .selectFrom('guest_links')
      .select('id')
      .where('max_uses', 'is not', null)
      .whereRef('uses', '>', 'max_uses')
      .execute();
    expect(overused).toEqual([]);
    const admitted = await db
      .selectFrom('guest_admissions as a')
      .leftJoin('call_participants as p', (j) =>
        j.onRef('p.call_id', '=', 'a.call_id').onRef('p.user_id', '=', 'a.user_id'),
      )
      .select(['a.id', 'p.user_id', 'p.moderator'])
      .where('a.status', '=', 'admitted')
      .execute();
    for (const a of admitted) {
      expect(a.user_id, a.id).not.toBeNull();
      expect(Number(a.moderator)).toBe(0);
    }
    const stale = await db
      .selectFrom('guest_admissions as a')
      .innerJoin('calls as c', 'c.id', 'a.call_id')
      .select('a.id')
      .where('a.status', 'in', ['waiting', 'admitted'])
      .where('c.status', 'not in', ['ringing', 'ongoing'])
      .execute();
    expect(stale).toEqual([]);
    const guestMembers = await db
      .selectFrom('room_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('u.guest', '=', 1)
      .execute();
    expect(guestMembers).toEqual([]);
  }
});
