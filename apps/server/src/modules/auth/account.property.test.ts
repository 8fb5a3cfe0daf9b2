import fc from 'fast-check';
import type { DeviceSession } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { TEST_PASSWORD, uniqueUsername } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

/**
 * Random sequences of sign-ins, device lists, sign-outs (own, someone else's, made-up and malformed
 * ids), "Forgot password?" requests with arbitrary bodies and clock jumps: never a 5xx, every 4xx in
 * the error shape, each person's list is exactly their live sessions, and a signed-out device is out.
 */
describe.each(DATABASE_KINDS)('devices and password recovery under random input (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let sink: SmtpSink;
  const people = [uniqueUsername('ada'), uniqueUsername('bob')];
  /** Each person's signed-in devices by public id, as the test believes them to be. */
  const devices = people.map(() => new Map<string, TestClient>());
  const signedOut: TestClient[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp(kind, { SMTP_URL: sink.url }, { clock });
    for (const username of people) {
      await app.services.auth.createUser({
        email: `${username}@example.org`,
        username,
        displayName: username,
        password: TEST_PASSWORD,
        role: 'user',
      });
    }
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  const signIn = async (who: number) => {
    const client = new TestClient(app);
    const res = await client.post('/api/v1/auth/login', { username: people[who], password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const list = (await client.get('/api/v1/me/sessions')).json<{ sessions: DeviceSession[] }>().sessions;
    devices[who]!.set(list.find((s) => s.current)!.id, client);
  };
  const anyClientOf = (who: number) => [...devices[who]!.values()][0];

  const anyValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  );
  const action = fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    what: fc.constantFrom('sign-in', 'list', 'end-own', 'end-other', 'end-made-up', 'forgot', 'tick'),
    pick: fc.nat(),
    madeUp: fc.oneof(fc.stringMatching(/^[\w-]{1,64}$/), fc.string({ maxLength: 70 })),
    body: fc.oneof(
      fc.record({ usernameOrEmail: fc.oneof(fc.constantFrom(...people), anyValue) }),
      fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }),
    ),
    ms: fc.integer({ min: 0, max: 20 * 60_000 }),
  });

  const expectAnswer = (res: { statusCode: number; json: () => unknown }, context: string) => {
    expect(res.statusCode, context).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(res.json(), context).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  };

  it('never answers 5xx and keeps every list true', async () => {
    for (const [who] of people.entries()) await signIn(who);
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          const mine = devices[a.who]!;
          const client = anyClientOf(a.who);
          if (a.what === 'sign-in' || !client) {
            if (mine.size < 6) await signIn(a.who);
          } else if (a.what === 'list') {
            expectAnswer(await client.get('/api/v1/me/sessions'), 'list');
          } else if (a.what === 'end-own' || a.what === 'end-other') {
            const owner = a.what === 'end-own' ? a.who : 1 - a.who;
            const theirs = [...devices[owner]!.keys()];
            const id = theirs[a.pick % Math.max(1, theirs.length)];
            if (id === undefined) continue;
            const res = await client.delete(`/api/v1/me/sessions/${id}`);
            expectAnswer(res, a.what);
            if (owner !== a.who) expect([404, 429]).toContain(res.statusCode);
            if (res.statusCode === 204) {
              signedOut.push(devices[owner]!.get(id)!);
              devices[owner]!.delete(id);
            }
          } else if (a.what === 'end-made-up') {
            const res = await client.delete(`/api/v1/me/sessions/${encodeURIComponent(a.madeUp)}`);
            expectAnswer(res, `end ${a.madeUp}`);
            expect(res.statusCode).not.toBe(204);
          } else if (a.what === 'forgot') {
            const res = await new TestClient(app).post('/api/v1/auth/password-forgot', a.body);
            expectAnswer(res, 'forgot');
          } else {
            clock.advance(a.ms);
          }
        }
        await app.services.passwordForgot.settled();
        for (const [who] of people.entries()) {
          const client = anyClientOf(who);
          if (!client) continue;
          const listed = (await client.get('/api/v1/me/sessions')).json<{ sessions: DeviceSession[] }>()
            .sessions;
          expect(new Set(listed.map((s) => s.id))).toEqual(new Set(devices[who]!.keys()));
        }
        // Mail went only to the people asked about.
        for (const m of sink.messages) {
          expect(people.map((p) => `${p}@example.org`)).toContain(m.envelopeTo[0]);
        }
        for (const gone of signedOut.splice(0)) expect((await gone.get('/api/v1/me')).statusCode).toBe(401);
      }),
      { numRuns: 15 },
    );
  });
});
