import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../test/databases.js';
import { setUpAdmin, signedInUser, TEST_PASSWORD } from '../test/factories.js';
import { createTestApp, TEST_ORIGIN, TestClient, type TestApp } from '../test/test-app.js';
import { RATE_LIMITS } from './rate-limits.js';

type Answer = { statusCode: number; json: () => unknown; headers: Record<string, unknown> };
const expectLimited = (res: Answer | undefined) => {
  if (!res) throw new Error('no answer');
  expect(res.statusCode).toBe(429);
  expect(res.json()).toMatchObject({
    error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ s/) },
  });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describe.each(DATABASE_KINDS)('rate limits (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = (await setUpAdmin(app)).client;
    await admin.patch('/api/v1/admin/settings', { workspace: { registrationOpen: true } });
  });
  afterAll(async () => app.close());

  it('limits registrations from one address', async () => {
    const answers = [];
    for (let i = 0; i <= RATE_LIMITS.register.max; i++) {
      answers.push(
        await app.app.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          headers: { origin: TEST_ORIGIN },
          remoteAddress: '192.0.2.1',
          payload: { username: `spam${i}`, displayName: 'Spam', password: 'a long enough password' },
        }),
      );
    }
    expect(answers.slice(0, -1).every((a) => a.statusCode === 201)).toBe(true);
    expectLimited(answers.at(-1));
    // Another address is unaffected.
    const other = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { origin: TEST_ORIGIN },
      remoteAddress: '192.0.2.2',
      payload: { username: 'legit', displayName: 'Legit', password: 'a long enough password' },
    });
    expect(other.statusCode).toBe(201);
  });

  it('limits guesses of the current password per account, across sessions', async () => {
    const { client } = await signedInUser(app, { username: 'guessed' });
    const second = new TestClient(app);
    await second.post('/api/v1/auth/login', { username: 'guessed', password: TEST_PASSWORD });
    const answers = [];
    for (let i = 0; i <= RATE_LIMITS.passwordChange.max; i++) {
      const session = i % 2 === 0 ? client : second;
      answers.push(
        await session.post('/api/v1/me/password', {
          currentPassword: `guess-${i}-xxxx`,
          newPassword: 'a brand new password',
        }),
      );
    }
    expect(answers.slice(0, -1).every((a) => a.statusCode === 401)).toBe(true);
    expectLimited(answers.at(-1));
  });

  it('limits token creation per account and setup attempts per address', async () => {
    const { client } = await signedInUser(app);
    let last;
    for (let i = 0; i <= RATE_LIMITS.tokenCreate.max; i++) {
      last = await client.post('/api/v1/me/tokens', { name: `t${i}` });
    }
    expectLimited(last);

    let setup;
    for (let i = 0; i <= RATE_LIMITS.setup.max; i++) {
      setup = await app.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        headers: { origin: TEST_ORIGIN },
        remoteAddress: '192.0.2.9',
        payload: { username: `root${i}`, displayName: 'Root', password: 'a long enough password' },
      });
    }
    expectLimited(setup);
  });
});
