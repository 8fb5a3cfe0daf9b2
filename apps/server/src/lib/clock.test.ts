import type { Call, Room } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../plugins/rate-limits.js';
import { configureJitsi, startCall } from '../test/calls.js';
import { DATABASE_KINDS } from '../test/databases.js';
import { createRoom, signedInPeople, signedInUser } from '../test/factories.js';
import { fixedClock } from '../test/fakes.js';
import { createTestApp, type TestApp } from '../test/test-app.js';

const DAY = 86_400_000;
const timeOfId = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

/**
 * Everything the server records or decides goes by the clock it was built with. The app runs on
 * clocks years before and after any real date: wherever something compared the app's time with the
 * wall clock (a test helper included), these fail, whatever today's date is.
 */
describe.each(DATABASE_KINDS)('one clock (%s)', (kind) => {
  describe.each(['2001-02-03T04:05:06.000Z', '2099-06-30T12:00:00.000Z'])('app clock at %s', (start) => {
    const clock = fixedClock(start);
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp(kind, {}, { clock });
      await configureJitsi(app);
    });
    afterAll(async () => app.close());

    it('keeps a session for its lifetime by the app clock, and ends it after', async () => {
      clock.set(start);
      const { client } = await signedInUser(app);
      expect((await client.get('/api/v1/me')).statusCode).toBe(200);
      clock.advance(29 * DAY);
      expect((await client.get('/api/v1/me')).statusCode).toBe(200);
      clock.advance(2 * DAY);
      expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('stamps new ids and times with the app clock', async () => {
      clock.set(start);
      const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
      const room: Room = await createRoom(alice.client, { type: 'direct', memberIds: [bob.user.id] });
      // Never before the app's now (ids never go back within a process, so after an app on a later
      // clock in the same test file they carry that later time).
      expect(timeOfId(room.id)).toBeGreaterThanOrEqual(Date.parse(start));
      const token = await alice.client.post('/api/v1/me/tokens', { name: 'bot', expiresInDays: 30 });
      expect(token.json<{ token: { createdAt: string } }>().token.createdAt).toBe(start);
    });

    it('counts rate-limit windows by the app clock', async () => {
      clock.set(start);
      const { client } = await signedInUser(app);
      const create = () => client.post('/api/v1/me/tokens', { name: 'bot' });
      for (let i = 0; i < RATE_LIMITS.tokenCreate.max; i++) expect((await create()).statusCode).toBe(201);
      const refused = await create();
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBe(RATE_LIMITS.tokenCreate.timeWindow / 1000);
      clock.advance(RATE_LIMITS.tokenCreate.timeWindow - 1_000);
      expect((await create()).statusCode).toBe(429);
      clock.advance(1_000);
      expect((await create()).statusCode).toBe(201);
    });

    it("refreshes a live call's cached participants (names may change) after 30 s of the app clock", async () => {
      clock.set(start);
      const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
      const room = await createRoom(alice.client, {
        type: 'channel',
        name: 'clock-call',
        memberIds: [bob.user.id],
      });
      const call = await startCall(alice.client, room.id);
      const nameOfAlice = async () =>
        (await bob.client.get(`/api/v1/calls/${call.id}`))
          .json<{ call: Call }>()
          .call.participants.find((p) => p.user.id === alice.user.id)?.user.displayName;
      expect(await nameOfAlice()).toBe(alice.user.displayName);
      expect((await alice.client.patch('/api/v1/me', { displayName: 'Ada Renamed' })).statusCode).toBe(200);
      clock.advance(31_000);
      expect(await nameOfAlice()).toBe('Ada Renamed');
    });
  });
});
