import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Upload } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createRoom, setUpAdmin, signedInPeople, uniqueUsername, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { PDF_BYTES, uploaded, uploadFile } from '../../test/files.js';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.js';

const MB = 1024 * 1024;

/** Issue 20: size, type, quota and rate limits on uploads, and the files sweeper. */
describe.each(DATABASE_KINDS)('upload limits and sweeping (%s)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let app: TestApp;
  let admin: TestClient;
  let alice: Person;
  let bob: Person;
  let hour = 0;
  const freshWindows = () => clock.set(`2026-11-23T${String(11 + hour++).padStart(2, '0')}:00:00.000Z`);
  const setFiles = async (files: Record<string, unknown>) => {
    const res = await admin.patch('/api/v1/admin/settings', { files });
    expect(res.statusCode, res.body).toBe(200);
  };
  const channel = () =>
    createRoom(alice.client, { type: 'channel', name: uniqueUsername('lim'), memberIds: [bob.user.id] });
  const keys = async (prefix = 'files/') => {
    const found = new Set<string>();
    for await (const o of app.services.objects.list(prefix)) found.add(o.key);
    return found;
  };
  /** Sets an object's age as the store reports it (its file's time), relative to the test clock. */
  const age = (key: string, ms: number) => {
    const at = new Date(clock.now().getTime() - ms);
    return utimes(join(app.config.storage.objectsDir, key), at, at);
  };

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = (await setUpAdmin(app)).client;
    [alice, bob] = await signedInPeople(app, 'alice', 'bob');
  });
  afterEach(async () => {
    freshWindows();
    await setFiles({ maxUploadMb: 25, allowedTypes: ['*/*'], quotaMbPerPerson: 1024 });
  });
  afterAll(async () => app.close());

  it('stops a file over maxUploadMb with 413 file_too_large and keeps no part of it; streams larger bodies than JSON may be', async () => {
    await setFiles({ maxUploadMb: 1 });
    const room = await channel();
    const before = await keys();
    const res = await uploadFile(alice.client, room.id, 'big.bin', Buffer.alloc(MB + 10, 7));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect(res.json().error.message).toMatch(/1 MB/);
    expect(await keys()).toEqual(before);
    const fits = await uploaded(alice.client, room.id, 'fits.bin', Buffer.alloc(MB - 1024, 7));
    expect(fits.size).toBe(MB - 1024);
  });

  it('checks the sniffed type against allowedTypes (415 file_type_not_allowed), not the claimed one', async () => {
    await setFiles({ allowedTypes: ['image/*'] });
    const room = await channel();
    const pdf = await uploadFile(alice.client, room.id, 'scan.png', PDF_BYTES, { claimedType: 'image/png' });
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error).toMatchObject({ code: 'file_type_not_allowed' });
    expect(pdf.json().error.message).toMatch(/application\/pdf/);
    await setFiles({ allowedTypes: ['application/pdf'] });
    expect((await uploadFile(alice.client, room.id, 'scan.pdf', PDF_BYTES)).statusCode).toBe(201);
  });

  it('counts each person’s stored bytes against quotaMbPerPerson (413 quota_exceeded); deleting frees it', async () => {
    const room = await channel();
    const used = await app.services.chat.uploads.usage(bob.user.id);
    await setFiles({ quotaMbPerPerson: Math.ceil(used / MB) + 1 });
    const left = (Math.ceil(used / MB) + 1) * MB - used;
    const first = await uploaded(bob.client, room.id, 'a.bin', Buffer.alloc(left - 100, 1));
    const over = await uploadFile(bob.client, room.id, 'b.bin', Buffer.alloc(200, 1));
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('quota_exceeded');
    // Alice has her own quota.
    expect((await uploadFile(alice.client, room.id, 'c.bin', Buffer.alloc(200, 1))).statusCode).toBe(201);
    const sent = await bob.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: '',
      clientMsgId: uniqueUsername('q'),
      attachments: [first.id],
    });
    await bob.client.delete(`/api/v1/messages/${sent.json().message.id}`);
    expect((await uploadFile(bob.client, room.id, 'b.bin', Buffer.alloc(200, 1))).statusCode).toBe(201);
  });

  it('limits uploads per person per hour (429)', async () => {
    const res = await admin.patch('/api/v1/admin/settings', { limits: { uploadsPerHour: 2 } });
    expect(res.statusCode).toBe(200);
    const room = await channel();
    for (let i = 0; i < 2; i++) {
      expect((await uploadFile(alice.client, room.id, 'x.txt', Buffer.from('x'))).statusCode).toBe(201);
    }
    const limited = await uploadFile(alice.client, room.id, 'x.txt', Buffer.from('x'));
    expect(limited.statusCode).toBe(429);
    expect((await uploadFile(bob.client, room.id, 'y.txt', Buffer.from('y'))).statusCode).toBe(201);
    await admin.patch('/api/v1/admin/settings', { limits: { uploadsPerHour: 200 } });
  });

  it('sweeps uploads never sent after 24 h, objects no row names after 1 h, and partial writes', async () => {
    const room = await channel();
    const unsent = await uploaded(alice.client, room.id, 'unsent.txt', Buffer.from('u'));
    const kept = await uploaded(alice.client, room.id, 'kept.txt', Buffer.from('k'));
    const sent = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'x',
      clientMsgId: uniqueUsername('s'),
      attachments: [kept.id],
    });
    expect(sent.statusCode).toBe(201);
    // A crash between object and row: an object nobody names; one old, one maybe still being written.
    await app.services.objects.put('files/orphan-old', Buffer.from('o'), { contentType: 'text/plain' });
    await app.services.objects.put('thumbs/orphan-young.webp', Buffer.from('o'), {
      contentType: 'image/webp',
    });
    await age('files/orphan-old', 2 * 60 * 60_000);
    await age('thumbs/orphan-young.webp', 10 * 60_000);
    await age(`files/${kept.id}`, 48 * 60 * 60_000);
    const partialDir = join(app.config.storage.objectsDir, '.partial');
    await mkdir(partialDir, { recursive: true });
    await writeFile(join(partialDir, 'crash.part'), 'half');
    await utimes(
      join(partialDir, 'crash.part'),
      new Date(clock.now().getTime() - 2 * 60 * 60_000),
      clock.now(),
    );

    clock.advance(23 * 60 * 60_000);
    await app.services.sweepers.files.sweep();
    expect((await keys()).has(`files/${unsent.id}`)).toBe(true);
    clock.advance(2 * 60 * 60_000);
    const result = await app.services.sweepers.files.sweepCounts();
    expect(result.unattached).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(partialDir, 'crash.part'))).toBe(false);
    const files = await keys();
    expect(files.has(`files/${unsent.id}`)).toBe(false);
    expect(files.has('files/orphan-old')).toBe(false);
    expect(files.has(`files/${kept.id}`)).toBe(true);
    expect((await keys('thumbs/')).has('thumbs/orphan-young.webp')).toBe(false); // a day old by now
    expect((await alice.client.get(`/api/v1/files/${unsent.id}`)).statusCode).toBe(404);
    expect((await bob.client.get(`/api/v1/files/${kept.id}`)).statusCode).toBe(200);
    // Unsent and swept: it can no longer be attached.
    const late = await alice.client.post(`/api/v1/rooms/${room.id}/messages`, {
      text: 'late',
      clientMsgId: uniqueUsername('l'),
      attachments: [unsent.id],
    });
    expect(late.statusCode).toBe(422);
  });

  it('keeps an upload that is younger than a day and an object younger than an hour', async () => {
    const room = await channel();
    const fresh: Upload = await uploaded(alice.client, room.id, 'fresh.txt', Buffer.from('f'));
    await app.services.objects.put('files/orphan-new', Buffer.from('o'), { contentType: 'text/plain' });
    await age('files/orphan-new', 30 * 60_000);
    await age(`files/${fresh.id}`, 30 * 60_000);
    await app.services.sweepers.files.sweep();
    const files = await keys();
    expect(files.has('files/orphan-new')).toBe(true);
    expect(files.has(`files/${fresh.id}`)).toBe(true);
  });
});
