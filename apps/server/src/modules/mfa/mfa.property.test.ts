import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { MfaState } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInPeople, TEST_PASSWORD, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { totpCode } from '../../test/mfa.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';
import { SoftwareAuthenticator } from '../../test/webauthn-authenticator.js';

type Who = 'alice' | 'bob';
const ACTIONS = [
  'totpStart',
  'totpConfirm',
  'passkeyAdd',
  'removeFactor',
  'regenerateCodes',
  'stepUp',
  'stepUpPasskey',
  'signIn',
  'randomBody',
  'wait',
] as const;
type Action = (typeof ACTIONS)[number];

/**
 * Random sequences of the second-factor and sign-in routes by two people, with right and wrong
 * codes: never a 5xx; afterwards each person's factors are their own, nobody has two confirmed
 * authenticator apps, and no recovery code ever worked twice.
 */
describe.each(DATABASE_KINDS)('second factors under random sequences (%s)', (kind) => {
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  let app: TestApp;
  const people = {} as Record<
    Who,
    Person & { secret: string | null; codes: string[]; keys: SoftwareAuthenticator }
  >;
  const usedRecoveryCodes = new Set<string>();
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    await setUpAdmin(app);
    const [alice, bob] = await signedInPeople(app, 'alice', 'bob');
    people.alice = { ...alice, secret: null, codes: [], keys: new SoftwareAuthenticator() };
    people.bob = { ...bob, secret: null, codes: [], keys: new SoftwareAuthenticator() };
  });
  afterAll(async () => app.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.constant(null),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
    fc.record({ code: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()) }),
    fc.record({
      assertion: fc.record({
        id: fc.string(),
        rawId: fc.string(),
        type: fc.constant('public-key'),
        response: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })),
      }),
    }),
  );
  const randomUrls = [
    '/api/v1/auth/mfa',
    '/api/v1/auth/mfa/options',
    '/api/v1/auth/passkey',
    '/api/v1/auth/passkey/options',
    '/api/v1/me/mfa/verify',
    '/api/v1/me/mfa/totp/confirm',
    '/api/v1/me/mfa/passkeys',
  ];

  const check = async (res: LightMyRequestResponse, what: string) => {
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    expect(res.statusCode, `${what} → ${res.body}`).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    return res;
  };
  const factorsOf = async (who: Who) =>
    (await people[who].client.get('/api/v1/me/mfa')).json<MfaState>().factors;

  async function run(who: Who, action: Action, pick: number, good: boolean, body: unknown): Promise<void> {
    const me = people[who];
    const otherWho: Who = who === 'alice' ? 'bob' : 'alice';
    const other = people[otherWho];
    const now = () => clock.now().getTime();
    const code = () => (good && me.secret ? totpCode(me.secret, now()) : String(100000 + (pick % 900000)));
    switch (action) {
      case 'totpStart': {
        const res = await check(await me.client.post('/api/v1/me/mfa/totp'), 'totp start');
        if (res.statusCode === 200) me.secret = res.json<{ secret: string }>().secret;
        return;
      }
      case 'totpConfirm': {
        const res = await check(
          await me.client.post('/api/v1/me/mfa/totp/confirm', { code: code() }),
          'confirm',
        );
        const codes = res.statusCode === 200 ? res.json<{ recoveryCodes: string[] }>().recoveryCodes : [];
        if (codes.length > 0) me.codes = codes;
        return;
      }
      case 'passkeyAdd': {
        const options = await check(
          await me.client.post('/api/v1/me/mfa/passkeys/options'),
          'passkey options',
        );
        if (options.statusCode !== 200) return;
        const response = me.keys.register(
          options.json<{ options: never }>().options,
          good ? {} : { origin: 'https://evil.example' },
        );
        const res = await check(
          await me.client.post('/api/v1/me/mfa/passkeys', { name: 'Key', response }),
          'passkey',
        );
        const codes =
          res.statusCode === 201 ? (res.json<{ recoveryCodes?: string[] }>().recoveryCodes ?? []) : [];
        if (codes.length > 0) me.codes = codes;
        return;
      }
      case 'removeFactor': {
        const ids = [...(await factorsOf(who)), ...(await factorsOf(otherWho))].map((f) => f.id);
        const id = ids.length > 0 ? ids[pick % ids.length]! : '00000000-0000-7000-8000-000000000000';
        await check(await me.client.delete(`/api/v1/me/mfa/${id}`), 'remove');
        return;
      }
      case 'regenerateCodes': {
        const res = await check(await me.client.post('/api/v1/me/mfa/recovery-codes'), 'regenerate');
        if (res.statusCode === 200) me.codes = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
        return;
      }
      case 'stepUp': {
        const useRecovery = pick % 3 === 0 && me.codes.length > 0;
        const recovery = me.codes[pick % Math.max(1, me.codes.length)];
        const proof = useRecovery ? recovery : code();
        const res = await check(await me.client.post('/api/v1/me/mfa/verify', { code: proof }), 'step-up');
        if (useRecovery && res.statusCode === 204) {
          expect(usedRecoveryCodes.has(recovery!), 'a recovery code worked twice').toBe(false);
          usedRecoveryCodes.add(recovery!);
        }
        return;
      }
      case 'stepUpPasskey': {
        const options = await check(await me.client.post('/api/v1/me/mfa/verify/options'), 'options');
        if (options.statusCode !== 200 || me.keys.credentials.length === 0) return;
        const authenticator = good ? me.keys : other.keys;
        if (authenticator.credentials.length === 0) return;
        const assertion = authenticator.assert({
          ...options.json<{ options: { challenge: string } }>().options,
          allowCredentials: [],
        });
        const res = await check(
          await me.client.post('/api/v1/me/mfa/verify', { assertion }),
          'passkey step-up',
        );
        if (!good) expect(res.statusCode).toBe(401);
        return;
      }
      case 'signIn': {
        const browser = new TestClient(app);
        const res = await check(
          await browser.post('/api/v1/auth/login', { username: me.user.username, password: TEST_PASSWORD }),
          'login',
        );
        if (res.statusCode !== 200 || !res.json<{ mfaRequired?: boolean }>().mfaRequired) return;
        const recovery = me.codes[pick % Math.max(1, me.codes.length)];
        const proof = pick % 2 === 0 && recovery ? recovery : code();
        const done = await check(await browser.post('/api/v1/auth/mfa', { code: proof }), 'mfa');
        if (done.statusCode === 200 && proof === recovery) {
          expect(usedRecoveryCodes.has(recovery), 'a recovery code worked twice').toBe(false);
          usedRecoveryCodes.add(recovery);
        }
        return;
      }
      case 'randomBody': {
        const url = randomUrls[pick % randomUrls.length]!;
        await check(await me.client.post(url, body), `POST ${url} ${JSON.stringify(body)}`);
        return;
      }
      case 'wait':
        clock.advance(30_000 * (1 + (pick % 40)));
        return;
    }
  }

  it('never answers 5xx and keeps factors consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            who: fc.constantFrom<Who>('alice', 'bob'),
            action: fc.constantFrom(...ACTIONS),
            pick: fc.nat(),
            good: fc.boolean(),
            body: anyValue,
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          for (const step of steps) {
            // A new TOTP step each time, so right codes are not refused as replays.
            clock.advance(30_000);
            await run(step.who, step.action, step.pick, step.good, step.body);
          }
          // Past every throttle window, so a run's wrong codes do not lock the next run out.
          clock.advance(16 * 60_000);
        },
      ),
      { numRuns: 25 },
    );
    const db = app.db.kysely;
    for (const who of ['alice', 'bob'] as const) {
      const ids = (await factorsOf(who)).map((f) => f.id);
      const owners = ids.length
        ? await db.selectFrom('mfa_factors').select('user_id').where('id', 'in', ids).execute()
        : [];
      expect(owners.every((o) => o.user_id === people[who].user.id)).toBe(true);
    }
    const confirmedApps = await db
      .selectFrom('mfa_factors')
      .select(['user_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('type', '=', 'totp')
      .where('confirmed', '=', 1)
      .groupBy('user_id')
      .execute();
    expect(confirmedApps.every((r) => Number(r.n) <= 1)).toBe(true);
    // Not vacuous: things got done, and things got refused.
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(10);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
  });
});
