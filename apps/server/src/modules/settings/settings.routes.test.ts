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
