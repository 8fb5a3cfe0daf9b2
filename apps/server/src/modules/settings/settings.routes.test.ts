import { generateKeyPairSync } from 'node:crypto';
import { DEFAULT_LIMITS_SETTINGS, type ErrorDetailBody } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { createTestDb, DATABASE_KINDS } from '../../test/databases.js';
import { createTestApp, createTestAppOn, TestClient, type TestApp } from '../../test/test-app.js';

describe.each(DATABASE_KINDS)('workspace settings (%s)', (kind) => {
  let app: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = (await setUpAdmin(app)).client;
  });
  afterAll(async () => app.close());

  it('shows defaults, saves a change and keeps untouched fields', async () => {
    const before = (await admin.get('/api/v1/admin/settings')).json().settings;
    expect(before.workspace).toEqual({ name: 'Parley', registrationOpen: false });

    const res = await admin.patch('/api/v1/admin/settings', { workspace: { name: 'Acme Support' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings.workspace).toEqual({ name: 'Acme Support', registrationOpen: false });
    expect((await admin.get('/api/v1/admin/settings')).json().settings.workspace.name).toBe('Acme Support');
  });

  it('saves nothing when any part of an update is invalid', async () => {
    await admin.patch('/api/v1/admin/settings', { workspace: { name: 'Stable', registrationOpen: false } });
    const bad = await admin.patch('/api/v1/admin/settings', {
      workspace: { name: '   ', registrationOpen: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await admin.get('/api/v1/admin/settings')).json().settings.workspace).toEqual({
      name: 'Stable',
      registrationOpen: false,
    });
    for (const body of [
      { workspace: { registrationOpen: 'yes' } },
      { unknown: {} },
      { workspace: { colour: 'red' } },
    ]) {
      expect((await admin.patch('/api/v1/admin/settings', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('keeps Jitsi secrets write-only: encrypted at rest, shown only as set/unset, cleared with null', async () => {
    const secret = 'hs256-shared-secret-value-123';
    const res = await admin.patch('/api/v1/admin/settings', {
      jitsi: { domain: 'meet.example.org', useAuthToken: true, appId: 'parley', appSecret: secret },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    expect(res.json().settings.jitsi).toMatchObject({
      domain: 'meet.example.org',
      appId: 'parley',
      appSecret: { set: true },
    });
    expect(res.json().problems.jitsi).toEqual([]);

    const stored = await app.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'jitsi')
      .executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(secret);
    expect((await app.services.settings.get('jitsi')).appSecret).toBe(secret);

    // Saving other fields keeps the secret.
    await admin.patch('/api/v1/admin/settings', { jitsi: { titlePrefix: 'Acme' } });
    expect((await app.services.settings.get('jitsi')).appSecret).toBe(secret);

    const cleared = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: null } });
    expect(cleared.json().settings.jitsi.appSecret).toEqual({ set: false, readable: true });
    expect(cleared.json().problems.jitsi.map((p: { field: string }) => p.field)).toContain('appSecret');
  });

  it('merges JaaS features key by key and explains invalid Jitsi settings without saving them', async () => {
    await admin.patch('/api/v1/admin/settings', { jitsi: { jaasFeatures: { recording: true } } });
    const both = await admin.patch('/api/v1/admin/settings', {
      jitsi: { jaasFeatures: { transcription: true } },
    });
    expect(both.json().settings.jitsi.jaasFeatures).toMatchObject({
      recording: true,
      transcription: true,
      livestreaming: false,
    });

    const before = (await admin.get('/api/v1/admin/settings')).json().settings;
    const bad = await admin.patch('/api/v1/admin/settings', {
      workspace: { name: 'Should not be saved' },
      jitsi: { domain: 'https://meet.example.org', tokenExpiration: 'forever' },
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.jitsi.domain', 'body.jitsi.tokenExpiration']),
    );
    expect((await admin.get('/api/v1/admin/settings')).json().settings).toEqual(before);
  });

  it('has a calls section: defaults, key-by-key merges (enabledIn too) and whole validation', async () => {
    const before = (await admin.get('/api/v1/admin/settings')).json().settings.calls;
    expect(before).toEqual({
      provider: 'jitsi',
      enabledIn: { direct: true, channel: true, private: true, team: true, discussion: true },
      ringing: true,
      ringTimeoutSeconds: 30,
      ringMaxMembers: 10,
      maxDurationMinutes: 240,
      moderators: 'caller',
      eventSyncSecret: { set: false, readable: true },
      jaasWebhookSecret: { set: false, readable: true },
      e2ee: 'off',
    });
    const res = await admin.patch('/api/v1/admin/settings', {
      calls: {
        enabledIn: { discussion: false },
        ringTimeoutSeconds: 45,
        moderators: 'caller-and-room-moderators',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings.calls).toEqual({
      ...before,
      enabledIn: { ...before.enabledIn, discussion: false },
      ringTimeoutSeconds: 45,
      moderators: 'caller-and-room-moderators',
    });
    for (const calls of [
      { ringTimeoutSeconds: 2 },
      { provider: 'zoom' },
      { enabledIn: { lobby: true } },
      { surprise: 1 },
    ]) {
      const bad = await admin.patch('/api/v1/admin/settings', { calls, workspace: { name: 'Not saved' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation_failed');
    }
    const after = (await admin.get('/api/v1/admin/settings')).json().settings;
    expect(after.calls.ringTimeoutSeconds).toBe(45);
    expect(after.workspace.name).not.toBe('Not saved');
  });

  it('keeps the event_sync and JaaS webhook secrets write-only, like the Jitsi ones', async () => {
    const eventSync = 'event-sync-bearer-secret-0123456789';
    const webhook = 'whsec_jaas-webhook-secret-0123456789';
    const res = await admin.patch('/api/v1/admin/settings', {
      calls: { eventSyncSecret: eventSync, jaasWebhookSecret: webhook },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(eventSync);
    expect(res.body).not.toContain(webhook);
    expect(res.json().settings.calls).toMatchObject({
      eventSyncSecret: { set: true, readable: true },
      jaasWebhookSecret: { set: true, readable: true },
    });
    const stored = await app.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'calls')
      .executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(eventSync);
    expect((await app.services.settings.get('calls')).eventSyncSecret).toBe(eventSync);

    const cleared = await admin.patch('/api/v1/admin/settings', { calls: { jaasWebhookSecret: null } });
    expect(cleared.json().settings.calls.jaasWebhookSecret).toEqual({ set: false, readable: true });
    expect(cleared.json().settings.calls.eventSyncSecret).toEqual({ set: true, readable: true });
  });

  it('reads a limits row stored before ringRepeatSeconds was retired, keeping the other limits', async () => {
    // Written by a version that still had the interval; the schema is strict, so it must be dropped.
    const old = JSON.stringify({ ...DEFAULT_LIMITS_SETTINGS, messagesPerMinute: 42, ringRepeatSeconds: 30 });
    await app.db.kysely
      .insertInto('settings')
      .values({ key: 'limits', value: old, updated_at: '2026-01-01T00:00:00.000Z' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: old }))
      .execute();
    const limits = (await admin.get('/api/v1/admin/settings')).json().settings.limits;
    expect(limits).toEqual({ ...DEFAULT_LIMITS_SETTINGS, messagesPerMinute: 42 });
    expect((await app.services.settings.get('limits')).messagesPerMinute).toBe(42);

    // A later change rewrites the row without the retired key.
    const res = await admin.patch('/api/v1/admin/settings', { limits: { ringsOfOnePersonPer10Minutes: 7 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().settings.limits).toMatchObject({
      messagesPerMinute: 42,
      ringsOfOnePersonPer10Minutes: 7,
    });
    const stored = await app.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'limits')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.value)).not.toHaveProperty('ringRepeatSeconds');
  });

  it('is for administrators only', async () => {
    const { client } = await signedInUser(app);
    for (const res of [
      await client.get('/api/v1/admin/settings'),
      await client.patch('/api/v1/admin/settings', { workspace: { name: 'Hijacked' } }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await admin.get('/api/v1/admin/settings')).json().settings.workspace.name).not.toBe('Hijacked');
  });
});

describe.each(DATABASE_KINDS)(
  'Jitsi settings: not configured until chosen, working secrets kept (%s)',
  (kind) => {
    let app: TestApp;
    let admin: TestClient;
    const SECRET = 'a-working-application-secret-of-40-bytes!';
    const jaasKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const JAAS_KEY = Buffer.from(jaasKey).toString('base64');
    const jaas = {
      useJaas: true,
      useAuthToken: true,
      appId: 'vpaas-magic-cookie-0123456789abcdef',
      jaasApiKeyId: 'vpaas-magic-cookie-0123456789abcdef/4f4910',
    };
    const problemFields = (res: { json(): { problems: { jitsi: { field: string | null }[] } } }) =>
      res.json().problems.jitsi.map((p) => p.field);

    beforeAll(async () => {
      app = await createTestApp(kind);
      admin = (await setUpAdmin(app)).client;
    });
    afterAll(async () => app.close());

    it('starts without a domain, says to choose one, and offers meet.jit.si only as a demo', async () => {
      const res = await admin.get('/api/v1/admin/settings');
      expect(res.json().settings.jitsi.domain).toBe('');
      const [first] = res.json().problems.jitsi as { field: string; message: string }[];
      expect(first?.field).toBe('domain');
      expect(first?.message).toMatch(/^Choose the Jitsi domain/);
      expect(first?.message).toMatch(/meet\.jit\.si works only as a demo/);
      // Calls refuse to start rather than sending people to meet.jit.si.
      expect((await app.services.meetings.problems()).map((p) => p.field)).toContain('domain');

      // An empty domain cannot be saved on purpose…
      const empty = await admin.patch('/api/v1/admin/settings', { jitsi: { domain: '' } });
      expect(empty.statusCode).toBe(400);
      // …and another Jitsi change keeps it unset.
      const other = await admin.patch('/api/v1/admin/settings', { jitsi: { titlePrefix: 'Acme' } });
      expect(other.statusCode).toBe(200);
      expect(other.json().settings.jitsi.domain).toBe('');
      expect(problemFields(other)).toContain('domain');

      const chosen = await admin.patch('/api/v1/admin/settings', { jitsi: { domain: 'Meet.Example.org/' } });
      expect(chosen.json().settings.jitsi.domain).toBe('meet.example.org');
      expect(problemFields(chosen)).toEqual([]);
    });

    it('refuses whole a save that would replace a working application secret with a broken one', async () => {
      const set = await admin.patch('/api/v1/admin/settings', {
        jitsi: { domain: 'meet.example.org', useAuthToken: true, appId: 'parley', appSecret: SECRET },
      });
      expect(problemFields(set)).toEqual([]);

      const bad = await admin.patch('/api/v1/admin/settings', {
        workspace: { name: 'Not saved either' },
        jitsi: { appSecret: '', titlePrefix: 'Changed' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation_failed');
      const details = bad.json().error.details as ErrorDetailBody[];
      // The English sentence, and the same as a code with its cause, for a client that words it itself.
      expect(details).toEqual([
        {
          path: 'jitsi.appSecret',
          message: expect.stringMatching(/current one was kept: .+/) as string,
          code: 'secretKept',
          values: { secret: 'appSecret' },
          cause: { message: expect.any(String) as string, code: expect.any(String) as string },
        },
      ]);
      expect(details[0]?.message.endsWith(details[0].cause?.message ?? '?')).toBe(true);
      expect(bad.body).not.toContain(SECRET);
      const after = await app.services.settings.get('jitsi');
      expect(after.appSecret).toBe(SECRET);
      expect(after.titlePrefix).not.toBe('Changed');
      expect((await app.services.settings.get('workspace')).name).not.toBe('Not saved either');

      // Replacing it with another working secret, or clearing it on purpose, is fine.
      const replaced = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: SECRET + '-2' } });
      expect(replaced.statusCode).toBe(200);
      const cleared = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: null } });
      expect(cleared.statusCode).toBe(200);
      expect(problemFields(cleared)).toContain('appSecret');
      // A secret that did not work before may be replaced by anything (nothing working is lost).
      const stillBroken = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: '' } });
      expect(stillBroken.statusCode).toBe(200);
    });

    it('refuses a JaaS key that does not decode to a private key when the current one works', async () => {
      const set = await admin.patch('/api/v1/admin/settings', {
        jitsi: { ...jaas, jaasPrivateKey: JAAS_KEY },
      });
      expect(set.statusCode).toBe(200);
      // Turning JaaS on counts as choosing its domain.
      expect(set.json().settings.jitsi.domain).toBe('meet.example.org');
      expect(problemFields(set)).toEqual([]);

      const notAKey = Buffer.from('hello, not a key').toString('base64');
      const bad = await admin.patch('/api/v1/admin/settings', { jitsi: { jaasPrivateKey: notAKey } });
      expect(bad.statusCode).toBe(400);
      expect((bad.json().error.details as { path: string }[]).map((d) => d.path)).toEqual([
        'jitsi.jaasPrivateKey',
      ]);
      expect((await app.services.settings.get('jitsi')).jaasPrivateKey).toBe(JAAS_KEY);

      // Switching JaaS off in the same save makes the key irrelevant, so nothing working breaks.
      const off = await admin.patch('/api/v1/admin/settings', {
        jitsi: { useJaas: false, jaasPrivateKey: notAKey, appSecret: SECRET },
      });
      expect(off.statusCode).toBe(200);
    });

    it('takes 8x8.vc as the domain when JaaS is turned on before any domain was chosen', async () => {
      const fresh = await createTestApp(kind);
      try {
        const { client } = await setUpAdmin(fresh);
        const res = await client.patch('/api/v1/admin/settings', {
          jitsi: { ...jaas, jaasPrivateKey: JAAS_KEY },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().settings.jitsi.domain).toBe('8x8.vc');
        expect(problemFields(res)).toEqual([]);
      } finally {
        await fresh.close();
      }
    });
  },
);

describe.each(DATABASE_KINDS)('stored secrets when the key changes (%s)', (kind) => {
  const KEY_A = 'key-a-that-is-certainly-long-enough-0001';
  const KEY_B = 'key-b-that-is-certainly-long-enough-0002';
  const SECRET = 'hs256-shared-secret-value-that-is-long';

  it('shows a secret sealed under a lost key as unreadable, keeps it through other changes, and lets it be cleared or replaced', async () => {
    const db = await createTestDb(kind);
    try {
      const first = await createTestAppOn(db, { SECRET_KEY: KEY_A });
      const { client } = await setUpAdmin(first);
      await client.patch('/api/v1/admin/settings', {
        jitsi: { domain: 'meet.example.org', useAuthToken: true, appId: 'parley', appSecret: SECRET },
      });
      await first.close();

      // The key file was lost: the same database under another key.
      const second = await createTestAppOn(db, { SECRET_KEY: KEY_B });
      const admin = new TestClient(second);
      admin.cookies = client.cookies;
      const view = await admin.get('/api/v1/admin/settings');
      expect(view.statusCode).toBe(200);
      expect(view.json().settings.jitsi.appSecret).toEqual({ set: true, readable: false });
      const problem = (view.json().problems.jitsi as { field: string; message: string }[]).find(
        (p) => p.field === 'appSecret' && /enter it again/.test(p.message),
      );
      expect(problem).toBeDefined();
      // The server treats it as unset rather than failing.
      expect((await second.services.settings.get('jitsi')).appSecret).toBe('');

      // Another change keeps the sealed value exactly as it was (the old key may come back).
      const other = await admin.patch('/api/v1/admin/settings', { jitsi: { titlePrefix: 'Acme ' } });
      expect(other.statusCode).toBe(200);
      expect(other.json().settings.jitsi.appSecret).toEqual({ set: true, readable: false });

      const cleared = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: null } });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json().settings.jitsi.appSecret).toEqual({ set: false, readable: true });

      const replaced = await admin.patch('/api/v1/admin/settings', { jitsi: { appSecret: SECRET + '-new' } });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json().settings.jitsi.appSecret).toEqual({ set: true, readable: true });
      expect((await second.services.settings.get('jitsi')).appSecret).toBe(SECRET + '-new');
      await second.close();
    } finally {
      await db.close();
    }
  });

  it('re-seals secrets under the new key at start when the old one is given as SECRET_KEY_PREVIOUS', async () => {
    const db = await createTestDb(kind);
    try {
      const first = await createTestAppOn(db, { SECRET_KEY: KEY_A });
      await first.services.settings.update({ jitsi: { appSecret: SECRET } });
      await first.close();

      const rotated = await createTestAppOn(db, { SECRET_KEY: KEY_B, SECRET_KEY_PREVIOUS: KEY_A });
      expect((await rotated.services.settings.get('jitsi')).appSecret).toBe(SECRET);
      await rotated.close();

      // Re-sealed at start: the new key alone now opens it.
      const after = await createTestAppOn(db, { SECRET_KEY: KEY_B });
      expect((await after.services.settings.get('jitsi')).appSecret).toBe(SECRET);
      expect(await after.services.settings.checkSecrets()).toEqual({ resealed: [], unreadable: [] });
      await after.close();
    } finally {
      await db.close();
    }
  });
});
