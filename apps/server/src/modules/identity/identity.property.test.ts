import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

/**
 * Random sequences of identity-provider administration and linked-account actions with random
 * bodies, by an administrator and a member: never a 5xx, no answer ever carries a client secret, and
 * afterwards every stored secret is sealed and every provider's JSON columns still parse.
 */
describe.each(DATABASE_KINDS)('identity providers under random input (%s)', (kind) => {
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  let app: TestApp;
  let admin: TestClient;
  let member: TestClient;
  const providerIds: string[] = ['missing-provider'];
  const secrets = new Set<string>(['seed-secret-value-123']);
  /** Actions that answered 2xx at least once. */
  const succeeded = new Set<string>();

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = (await setUpAdmin(app)).client;
    member = (await signedInUser(app)).client;
    const seeded = await admin.post('/api/v1/admin/identity-providers', {
      name: 'Seed',
      // Nothing listens there: linking fails fast without the test reaching the network.
      issuer: 'http://127.0.0.1:9',
      clientId: 'parley',
      clientSecret: 'seed-secret-value-123',
    });
    providerIds.push(seeded.json().provider.id);
  });
  afterAll(async () => app.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
  );
  const secret = fc.string({ minLength: 12, maxLength: 40 }).map((s) => `sec-${s}`);
  const body = fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 70 }), anyValue),
      issuer: fc.oneof(
        fc.constantFrom(
          'https://127.0.0.1:9/realms/x',
          'http://idp.example.org',
          'http://127.0.0.1:1',
          'ftp://x',
        ),
        anyValue,
      ),
      clientId: fc.oneof(fc.string({ maxLength: 20 }), anyValue),
      clientSecret: fc.oneof(secret, anyValue),
      scopes: fc.oneof(
        fc.constantFrom(['openid'], ['openid', 'email', 'groups'], ['email'], ['openid', 'a b']),
        anyValue,
      ),
      claims: fc.oneof(
        fc.record(
          { username: fc.string({ maxLength: 10 }), groups: fc.oneof(fc.constant(null), fc.string()) },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      groupRoles: fc.oneof(
        fc.dictionary(fc.string({ maxLength: 10 }), fc.constantFrom('admin', 'provider', 'member', 'root')),
        anyValue,
      ),
      allowedDomains: fc.oneof(
        fc.constantFrom(['example.org'], ['EXAMPLE.org', 'a.b.c.io'], ['not a domain']),
        anyValue,
      ),
      autoCreate: anyValue,
      trustProviderMfa: anyValue,
      enabled: anyValue,
      extra: anyValue,
    },
    { requiredKeys: [] },
  );
  /** Bodies the schema accepts, so creates and updates also succeed and the reads have something to show. */
  const validBody = fc.record({
    name: fc.string({ minLength: 1, maxLength: 20 }).map((s) => `IdP ${s}`),
    issuer: fc.constantFrom('http://127.0.0.1:9/realms/x', 'http://localhost:9'),
    clientId: fc.string({ minLength: 1, maxLength: 20 }).map((s) => `c${s}`),
    clientSecret: secret,
    groupRoles: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }).map((s) => `g${s}`),
      fc.constantFrom('admin', 'provider', 'member'),
    ),
    allowedDomains: fc.constantFrom([], ['example.org']),
    enabled: fc.boolean(),
  });
  const action = fc.record({
    who: fc.constantFrom('admin', 'admin', 'member'),
    what: fc.constantFrom('create', 'update', 'get', 'list', 'delete', 'mine', 'unlink', 'link', 'public'),
    body: fc.oneof(validBody, body),
    provider: fc.nat(),
  });

  const good = {
    name: 'IdP known',
    issuer: 'http://127.0.0.1:9/realms/x',
    clientId: 'known',
    clientSecret: 'sec-known-secret-value',
    groupRoles: {},
    allowedDomains: [],
    enabled: true,
  };
  /** Index 1 is the seeded provider; the one created here is index 2 until the random actions add more. */
  const knownGood: (typeof action extends fc.Arbitrary<infer A> ? A : never)[] = [
    { who: 'admin', what: 'update', body: good, provider: 1 },
    { who: 'admin', what: 'get', body: good, provider: 1 },
    { who: 'admin', what: 'create', body: { ...good, name: 'IdP known 2' }, provider: 0 },
    { who: 'admin', what: 'delete', body: good, provider: 2 },
    { who: 'member', what: 'mine', body: good, provider: 0 },
  ];

  it('never answers 5xx nor shows a secret, and leaves every provider readable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        for (const a of actions) {
          const client = a.who === 'admin' ? admin : member;
          const id = providerIds[a.provider % providerIds.length]!;
          // Only the generated secrets ("sec-…", long enough not to be ordinary words) are looked for.
          const sent = a.body.clientSecret;
          if (typeof sent === 'string' && sent.startsWith('sec-') && sent.length >= 12) secrets.add(sent);
          const res = await (() => {
            switch (a.what) {
              case 'create':
                return client.post('/api/v1/admin/identity-providers', a.body);
              case 'update':
                return client.patch(`/api/v1/admin/identity-providers/${id}`, a.body);
              case 'get':
                return client.get(`/api/v1/admin/identity-providers/${id}`);
              case 'list':
                return client.get('/api/v1/admin/identity-providers');
              case 'delete':
                return client.delete(`/api/v1/admin/identity-providers/${id}`);
              case 'mine':
                return client.get('/api/v1/me/identities');
              case 'unlink':
                return client.delete(`/api/v1/me/identities/${id}`);
              case 'link':
                return client.post(`/api/v1/me/identities/${id}/link`);
              case 'public':
                return client.get('/api/v1/auth/providers');
            }
          })();
          expect(res.statusCode, `${a.what}: ${res.body}`).toBeLessThan(500);
          for (const s of secrets) expect(res.body).not.toContain(s);
          if (a.what === 'create' && res.statusCode === 201) providerIds.push(res.json().provider.id);
          if (res.statusCode < 300) succeeded.add(a.what);
        }
      }),
      // One known sequence runs first, so every action is seen succeeding whatever the random draws
      // (update, for one, succeeds only for an admin's valid body on a provider that still exists).
      { numRuns: 40, examples: [[knownGood]] },
    );
    const rows = await app.db.kysely.selectFrom('identity_providers').selectAll().execute();
    for (const row of rows) {
      expect(row.client_secret.startsWith('v2:')).toBe(true);
      for (const column of [row.scopes, row.claims, row.group_roles, row.allowed_domains]) {
        expect(() => JSON.parse(column) as unknown).not.toThrow();
      }
      expect(JSON.parse(row.scopes)).toContain('openid');
    }
    const listed = await admin.get('/api/v1/admin/identity-providers');
    expect(listed.statusCode).toBe(200);
    expect([...succeeded]).toEqual(expect.arrayContaining(['create', 'update', 'get', 'delete', 'mine']));
  });
});
