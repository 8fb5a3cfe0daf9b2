import type { MfaState } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInPeople, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { enrollPasskey, enrollTotp, passwordStep, totpCode } from '../../test/mfa.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';
import type { SoftwareAuthenticator } from '../../test/webauthn-authenticator.js';

/** Authorization of the second-factor routes: owners only, admins only, sessions only. */
describe.each(DATABASE_KINDS)('second factors security (%s)', (kind) => {
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  let app: TestApp;
  let admin: Person;
  let alice: Person;
  let bob: Person;
  let aliceSecret: string;
  let alicePasskey: SoftwareAuthenticator;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await setUpAdmin(app);
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    ({ secret: aliceSecret } = await enrollTotp(app, alice.client));
    // A second factor is added after proving the first one.
    await stepUp(alice.client);
    ({ authenticator: alicePasskey } = await enrollPasskey(alice.client));
  });
  afterAll(async () => app.close());

  const now = () => clock.now().getTime();
  const stepUp = async (client: TestClient) => {
    clock.advance(30_000);
    expect(
      (await client.post('/api/v1/me/mfa/verify', { code: totpCode(aliceSecret, now()) })).statusCode,
    ).toBe(204);
  };

  it("answers 404 for someone else's factor, and leaves it alone", async () => {
    const { factors } = (await alice.client.get('/api/v1/me/mfa')).json<MfaState>();
    for (const factor of factors) {
      const res = await bob.client.delete(`/api/v1/me/mfa/${factor.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await alice.client.get('/api/v1/me/mfa')).json<MfaState>().factors).toHaveLength(2);
    expect((await bob.client.get('/api/v1/me/mfa')).json<MfaState>().factors).toEqual([]);
  });

  it('keeps the admin routes to administrators, like the rest of /admin', async () => {
    for (const client of [alice.client, bob.client]) {
      const reset = await client.post(`/api/v1/admin/users/${admin.user.id}/mfa/reset`);
      expect(reset.statusCode).toBe(403);
      const events = await client.get(`/api/v1/admin/users/${alice.user.id}/security-events`);
      expect(events.statusCode).toBe(403);
    }
    expect(
      (await new TestClient(app).get(`/api/v1/admin/users/${alice.user.id}/security-events`)).statusCode,
    ).toBe(401);
    expect((await admin.client.get(`/api/v1/admin/users/${alice.user.id}/security-events`)).statusCode).toBe(
      200,
    );
  });

  it('does not let API tokens step up, manage factors or do what needs a recent factor', async () => {
    await stepUp(alice.client);
    const made = await alice.client.post('/api/v1/me/tokens', { name: 'bot', scopes: ['read', 'write'] });
    expect(made.statusCode).toBe(201);
    const bot = new TestClient(app);
    bot.bearer = made.json().secret;
    expect((await bot.get('/api/v1/me')).statusCode).toBe(200);
    expect((await bot.post('/api/v1/me/mfa/verify', { code: totpCode(aliceSecret, now()) })).statusCode).toBe(
      403,
    );
    expect((await bot.post('/api/v1/me/mfa/verify/options')).statusCode).toBe(403);
    expect((await bot.get('/api/v1/me/mfa')).statusCode).toBe(403);
    expect((await bot.post('/api/v1/me/mfa/recovery-codes')).statusCode).toBe(403);
    expect((await bot.post('/api/v1/me/tokens', { name: 'more' })).statusCode).toBe(403);

    // An administrator's admin-scoped token cannot change security settings once they have a factor.
    const { secret } = await enrollTotp(app, admin.client);
    clock.advance(30_000);
    await admin.client.post('/api/v1/me/mfa/verify', { code: totpCode(secret, now()) });
    const adminToken = await admin.client.post('/api/v1/me/tokens', {
      name: 'ops',
      scopes: ['read', 'write', 'admin'],
    });
    const ops = new TestClient(app);
    ops.bearer = adminToken.json().secret;
    const patch = await ops.patch('/api/v1/admin/settings', { security: { mfaGraceDays: 3 } });
    // A token can prove no second factor, so security changes are a signed-in person's.
    expect(patch.statusCode).toBe(403);
    expect(patch.json().error.code).toBe('forbidden');
    expect((await ops.post(`/api/v1/admin/users/${bob.user.id}/mfa/reset`)).json().error.code).toBe(
      'forbidden',
    );
  });

  it("does not finish one person's sign-in with another's proof or challenge", async () => {
    const bobFactor = await enrollTotp(app, bob.client);
    clock.advance(30_000);
    const pending = await passwordStep(app, alice.user.username);
    const bobsCode = await pending.client.post('/api/v1/auth/mfa', {
      code: totpCode(bobFactor.secret, now()),
    });
    expect(bobsCode.statusCode).toBe(401);
    const bobsRecovery = await pending.client.post('/api/v1/auth/mfa', { code: bobFactor.recoveryCodes[0] });
    expect(bobsRecovery.statusCode).toBe(401);
    // A challenge handed to Bob's step-up does not serve Alice's sign-in, even signed by her passkey.
    const bobOptions = (await bob.client.post('/api/v1/me/mfa/verify/options')).json().options;
    const aliceOptions = (await pending.client.post('/api/v1/auth/mfa/options')).json().options;
    const crossed = alicePasskey.assert({ ...aliceOptions, challenge: bobOptions.challenge });
    expect((await pending.client.post('/api/v1/auth/mfa', { assertion: crossed })).statusCode).toBe(401);
    // Nor does her passkey step Bob's session up.
    const forBob = alicePasskey.assert({ ...bobOptions, allowCredentials: [] });
    expect((await bob.client.post('/api/v1/me/mfa/verify', { assertion: forBob })).statusCode).toBe(401);
    const fine = alicePasskey.assert(aliceOptions);
    expect((await pending.client.post('/api/v1/auth/mfa', { assertion: fine })).json().user.id).toBe(
      alice.user.id,
    );
  });

  it('refuses the second step from another site', async () => {
    const pending = await passwordStep(app, alice.user.username);
    const foreign = await pending.client.post(
      '/api/v1/auth/mfa',
      { code: totpCode(aliceSecret, now()) },
      { origin: 'https://evil.example' },
    );
    expect(foreign.statusCode).toBe(403);
  });
});
