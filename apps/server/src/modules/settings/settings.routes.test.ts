import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser } from '../../test/factories.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

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
    const bad = await admin.patch('/api/v1/admin/settings', { workspace: { name: '   ', registrationOpen: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await admin.get('/api/v1/admin/settings')).json().settings.workspace).toEqual({
      name: 'Stable',
      registrationOpen: false,
    });
    for (const body of [{ workspace: { registrationOpen: 'yes' } }, { unknown: {} }, { workspace: { colour: 'red' } }]) {
      expect((await admin.patch('/api/v1/admin/settings', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
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
