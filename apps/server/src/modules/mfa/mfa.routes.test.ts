import { SESSION_COOKIE, type MfaState } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { enrollPasskey, enrollTotp, passwordStep, totpCode } from '../../test/mfa.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';
import { SoftwareAuthenticator } from '../../test/webauthn-authenticator.js';

const STEP = 30_000;

describe.each(DATABASE_KINDS)('second factors (%s)', (kind) => {
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await setUpAdmin(app);
  });
  afterAll(async () => app.close());

  const now = () => clock.now().getTime();
  const stateOf = async (client: TestClient) => (await client.get('/api/v1/me/mfa')).json<MfaState>();
  /** Proves the app's code of the next step in this session (the last one was used). */
  const stepUp = async (client: TestClient, secret: string) => {
    clock.advance(STEP);
    const res = await client.post('/api/v1/me/mfa/verify', { code: totpCode(secret, now()) });
    expect(res.statusCode).toBe(204);
  };

  describe('an authenticator app', () => {
    let person: Person;
    beforeAll(async () => {
      person = await signedInUser(app);
    });

    it('is confirmed with a code, stored sealed, and answers ten recovery codes', async () => {
      const setup = await person.client.post('/api/v1/me/mfa/totp');
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUri } = setup.json<{ secret: string; otpauthUri: string }>();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toContain(`secret=${secret}`);
      expect((await stateOf(person.client)).factors).toEqual([]);
      const row = await app.db.kysely
        .selectFrom('mfa_factors')
        .selectAll()
        .where('user_id', '=', person.user.id)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).not.toContain(secret);

      const wrong = await person.client.post('/api/v1/me/mfa/totp/confirm', { code: '000000' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('mfa_code_invalid');
      const ok = await person.client.post('/api/v1/me/mfa/totp/confirm', { code: totpCode(secret, now()) });
      expect(ok.statusCode).toBe(200);
      const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect(codes).toHaveLength(10);
      const state = await stateOf(person.client);
      expect(state.factors.map((f) => f.type)).toEqual(['totp']);
      expect(state.recoveryCodesLeft).toBe(10);
      expect(state.required).toBe(false);

      // A second app needs the first removed (after a step-up).
      expect((await person.client.post('/api/v1/me/mfa/totp')).json().error.code).toBe('mfa_recent_required');
      await stepUp(person.client, secret);
      const again = await person.client.post('/api/v1/me/mfa/totp');
      expect(again.statusCode).toBe(409);
    });
  });

  describe('signing in with a second factor', () => {
    let username: string;
    let secret: string;
    let recoveryCodes: string[];
    beforeAll(async () => {
      const person = await signedInUser(app);
      username = person.user.username;
      ({ secret, recoveryCodes } = await enrollTotp(app, person.client));
    });

    it('asks for it after the password, then starts the session with a TOTP code', async () => {
      clock.advance(STEP);
      const { client, res } = await passwordStep(app, username);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ mfaRequired: true, methods: ['totp', 'recovery'] });
      expect(client.cookies[SESSION_COOKIE]).toBeUndefined();
      expect(client.cookies.parley_mfa).toEqual(expect.any(String));
      expect((await client.get('/api/v1/auth/session')).json().user).toBeNull();

      const wrong = await client.post('/api/v1/auth/mfa', { code: '123456' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('mfa_code_invalid');
      const code = totpCode(secret, now());
      const ok = await client.post('/api/v1/auth/mfa', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.username).toBe(username);
      expect(client.cookies.parley_mfa).toBeUndefined();
      expect((await client.get('/api/v1/me')).statusCode).toBe(200);

      // The same code (the same step) does not work twice.
      const replay = await passwordStep(app, username);
      expect((await replay.client.post('/api/v1/auth/mfa', { code })).json().error.code).toBe(
        'mfa_code_invalid',
      );
    });

    it('takes a recovery code once', async () => {
      const first = await passwordStep(app, username);
      expect(
        (await first.client.post('/api/v1/auth/mfa', { code: recoveryCodes[0]!.toUpperCase() })).statusCode,
      ).toBe(200);
      expect((await stateOf(first.client)).recoveryCodesLeft).toBe(9);
      const second = await passwordStep(app, username);
      const again = await second.client.post('/api/v1/auth/mfa', { code: recoveryCodes[0] });
      expect(again.statusCode).toBe(401);
    });

    it('refuses without the cookie, after ten minutes, and after five wrong codes (which the throttle counts)', async () => {
      expect((await new TestClient(app).post('/api/v1/auth/mfa', { code: '123456' })).json().error.code).toBe(
        'mfa_sign_in_expired',
      );
      const late = await passwordStep(app, username);
      clock.advance(10 * 60_000 + 1);
      const lateAnswer = await late.client.post('/api/v1/auth/mfa', { code: totpCode(secret, now()) });
      expect(lateAnswer.json().error.code).toBe('mfa_sign_in_expired');

      clock.advance(STEP);
      const guessing = await passwordStep(app, username);
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) {
        answers.push((await guessing.client.post('/api/v1/auth/mfa', { code: '000000' })).json().error.code);
      }
      expect(answers).toEqual([...Array(4).fill('mfa_code_invalid'), 'mfa_sign_in_expired']);
      const right = await guessing.client.post('/api/v1/auth/mfa', { code: totpCode(secret, now()) });
      expect(right.json().error.code).toBe('mfa_sign_in_expired');
      // Five failures for this account from this address: the password is refused for a while too.
      expect((await passwordStep(app, username)).res.statusCode).toBe(429);
      clock.advance(15 * 60_000);
      expect((await passwordStep(app, username)).res.statusCode).toBe(200);
    });
  });

  describe('passkeys', () => {
    let person: Person;
    let authenticator: SoftwareAuthenticator;
    beforeAll(async () => {
      person = await signedInUser(app);
      const enrolled = await enrollPasskey(person.client);
      authenticator = enrolled.authenticator;
      expect(enrolled.recoveryCodes).toHaveLength(10);
      expect(enrolled.factor).toMatchObject({ type: 'passkey', name: 'Laptop' });
    });

    it('finish a password sign-in, refusing a wrong challenge or origin', async () => {
      const { client, res } = await passwordStep(app, person.user.username);
      expect(res.json().methods).toEqual(['passkey', 'recovery']);
      const options = (await client.post('/api/v1/auth/mfa/options')).json().options;
      expect(options.allowCredentials).toHaveLength(1);
      const badOrigin = authenticator.assert(options, { origin: 'https://evil.example' });
      expect((await client.post('/api/v1/auth/mfa', { assertion: badOrigin })).statusCode).toBe(401);
      const fresh = (await client.post('/api/v1/auth/mfa/options')).json().options;
      const badChallenge = authenticator.assert(fresh, {
        challenge: Buffer.from('made up').toString('base64url'),
      });
      expect((await client.post('/api/v1/auth/mfa', { assertion: badChallenge })).statusCode).toBe(401);
      const good = authenticator.assert(fresh);
      const ok = await client.post('/api/v1/auth/mfa', { assertion: good });
      expect(ok.statusCode).toBe(200);
      // Its challenge was used up.
      const other = await passwordStep(app, person.user.username);
      expect((await other.client.post('/api/v1/auth/mfa', { assertion: good })).statusCode).toBe(401);
    });

    it('sign in without a password (user verification required), each challenge once', async () => {
      const client = new TestClient(app);
      const options = (await client.post('/api/v1/auth/passkey/options')).json().options;
      expect(options.userVerification).toBe('required');
      expect(options.allowCredentials ?? []).toEqual([]);
      const unverified = authenticator.assert(options, { userVerified: false });
      expect((await client.post('/api/v1/auth/passkey', { assertion: unverified })).statusCode).toBe(401);
      const next = (await client.post('/api/v1/auth/passkey/options')).json().options;
      const assertion = authenticator.assert(next);
      const ok = await client.post('/api/v1/auth/passkey', { assertion });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ user: { username: person.user.username }, mfaSetup: null });
      // It counts as both factors: a token can be made at once.
      expect((await client.post('/api/v1/me/tokens', { name: 'ci' })).statusCode).toBe(201);
      const replay = await new TestClient(app).post('/api/v1/auth/passkey', { assertion });
      expect(replay.statusCode).toBe(401);
      const strange = (await client.post('/api/v1/auth/passkey/options')).json().options;
      const elsewhere = authenticator.assert(strange, { origin: 'http://localhost:9999' });
      expect((await client.post('/api/v1/auth/passkey', { assertion: elsewhere })).statusCode).toBe(401);
      const old = authenticator.assert(strange, { counter: 1 });
      expect((await client.post('/api/v1/auth/passkey', { assertion: old })).statusCode).toBe(401);
    });
  });

  it('lets challenges and pending sign-ins expire, and sweeps them', async () => {
    const person = await signedInUser(app);
    const { authenticator } = await enrollPasskey(person.client);
    const browser = new TestClient(app);
    const options = (await browser.post('/api/v1/auth/passkey/options')).json().options;
    await passwordStep(app, person.user.username);
    clock.advance(10 * 60_000 + 1);
    const stale = await browser.post('/api/v1/auth/passkey', { assertion: authenticator.assert(options) });
    expect(stale.statusCode).toBe(401);
    expect(await app.sweeper.runOnce('second-factors')).toBeUndefined();
    const db = app.db.kysely;
    expect(await db.selectFrom('webauthn_challenges').select('challenge').execute()).toEqual([]);
    expect(await db.selectFrom('mfa_pending_sign_ins').select('id').execute()).toEqual([]);
  });

  describe('step-up and changing factors', () => {
    let person: Person;
    let secret: string;
    let recoveryCodes: string[];
    beforeAll(async () => {
      person = await signedInUser(app);
      ({ secret, recoveryCodes } = await enrollTotp(app, person.client));
    });

    it('asks for a recent second factor before minting a token, for fifteen minutes', async () => {
      const refused = await person.client.post('/api/v1/me/tokens', { name: 'script' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'mfa_recent_required',
        message: 'Confirm it is you with your second factor',
      });
      expect((await person.client.post('/api/v1/me/mfa/verify', { code: '999999' })).statusCode).toBe(401);
      await stepUp(person.client, secret);
      expect((await person.client.post('/api/v1/me/tokens', { name: 'script' })).statusCode).toBe(201);
      clock.advance(15 * 60_000);
      expect((await person.client.post('/api/v1/me/tokens', { name: 'later' })).statusCode).toBe(403);
    });

    it('regenerates recovery codes (old ones die) and removes factors, the last taking the codes along', async () => {
      expect((await person.client.post('/api/v1/me/mfa/recovery-codes')).statusCode).toBe(403);
      await stepUp(person.client, secret);
      const fresh = (await person.client.post('/api/v1/me/mfa/recovery-codes')).json<{
        recoveryCodes: string[];
      }>();
      expect(fresh.recoveryCodes).toHaveLength(10);
      expect(fresh.recoveryCodes).not.toContain(recoveryCodes[0]);
      const old = await passwordStep(app, person.user.username);
      expect((await old.client.post('/api/v1/auth/mfa', { code: recoveryCodes[0] })).statusCode).toBe(401);
      const withNew = await passwordStep(app, person.user.username);
      expect(
        (await withNew.client.post('/api/v1/auth/mfa', { code: fresh.recoveryCodes[0] })).statusCode,
      ).toBe(200);

      const { authenticator, factor } = await enrollPasskey(person.client);
      expect(authenticator.credentials).toHaveLength(1);
      const state = await stateOf(person.client);
      expect(state.factors.map((f) => f.type).sort()).toEqual(['passkey', 'totp']);
      const totpId = state.factors.find((f) => f.type === 'totp')!.id;
      expect((await person.client.delete(`/api/v1/me/mfa/${totpId}`)).statusCode).toBe(204);
      expect((await stateOf(person.client)).recoveryCodesLeft).toBe(9);
      expect((await person.client.delete(`/api/v1/me/mfa/${factor.id}`)).statusCode).toBe(204);
      expect(await stateOf(person.client)).toMatchObject({ factors: [], recoveryCodesLeft: 0 });
      expect((await person.client.delete(`/api/v1/me/mfa/${factor.id}`)).statusCode).toBe(404);
      // No factor left: the password alone signs in again.
      const plain = await passwordStep(app, person.user.username);
      expect(plain.res.json().user.username).toBe(person.user.username);
    });

    it('steps up with a passkey too', async () => {
      const someone = await signedInUser(app);
      const { authenticator } = await enrollPasskey(someone.client);
      expect((await someone.client.post('/api/v1/me/tokens', { name: 'x' })).statusCode).toBe(403);
      const options = (await someone.client.post('/api/v1/me/mfa/verify/options')).json().options;
      const assertion = authenticator.assert(options);
      expect((await someone.client.post('/api/v1/me/mfa/verify', { assertion })).statusCode).toBe(204);
      expect((await someone.client.post('/api/v1/me/tokens', { name: 'x' })).statusCode).toBe(201);
    });
  });
});
