import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DATABASE_KINDS } from '../../test/databases.js';
import { fixedClock } from '../../test/fakes.js';
import { signedInUser } from '../../test/factories.js';
import { createTestBucket, s3Env } from '../../test/s3.js';
import { createTestAppOn, type TestApp } from '../../test/test-app.js';

const webp = (colour: string) =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: colour } })
    .webp()
    .toBuffer();

function multipart(bytes: Buffer) {
  const boundary = '----parleyavatar';
  return {
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface Storage {
  name: string;
  env(): Promise<Record<string, string>>;
}

const STORAGES: Storage[] = [
  { name: 'local', env: async () => ({}) },
  { name: 's3', env: async () => s3Env(await createTestBucket()) },
];

/** Avatars on the object store (issue 20), on both databases and both stores. */
describe.each(DATABASE_KINDS.flatMap((kind) => STORAGES.map((storage) => ({ kind, storage }))))(
  'avatars in the object store ($kind, $storage.name)',
  ({ kind, storage }) => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    let dataDir: string;
    let env: Record<string, string>;
    const apps: TestApp[] = [];
    const clock = fixedClock();

    /** Parley on this database and data folder (a restart is another call). */
    async function start(): Promise<TestApp> {
      const app = await createTestAppOn(db, { ...env, DATA_DIR: dataDir }, { clock });
      apps.push(app);
      return app;
    }

    beforeAll(async () => {
      db = await createTestDb(kind);
      dataDir = mkdtempSync(join(tmpdir(), 'parley-avatars-'));
      env = await storage.env();
    });
    afterAll(async () => {
      for (const app of apps) await app.app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('moves the avatars of DATA_DIR/avatars into the store at start, once, and serves them', async () => {
      const first = await start();
      const { user } = await signedInUser(first);
      const legacy = `${user.id}-00112233445566ff.webp`;
      const stray = 'someone-gone-0000000000000000.webp';
      await first.app.close();

      // The layout before issue 20: files in DATA_DIR/avatars, the row naming one of them.
      const legacyBytes = await webp('#0a0');
      mkdirSync(join(dataDir, 'avatars'));
      writeFileSync(join(dataDir, 'avatars', legacy), legacyBytes);
      writeFileSync(join(dataDir, 'avatars', stray), await webp('#a00'));
      await db.kysely.updateTable('users').set({ avatar_file: legacy }).where('id', '=', user.id).execute();

      const second = await start();
      expect(existsSync(join(dataDir, 'avatars'))).toBe(false);
      const served = await second.app.inject({ method: 'GET', url: `/avatars/${legacy}` });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      expect(served.rawPayload).toEqual(legacyBytes);
      // Every file was copied; the sweeper, not the move, decides about unreferenced ones.
      expect(await second.services.objects.head(`avatars/${stray}`)).not.toBeNull();
      await second.app.close();

      // A start that finds no folder (or one a crash left half copied) moves what is there, again.
      mkdirSync(join(dataDir, 'avatars'));
      writeFileSync(join(dataDir, 'avatars', legacy), legacyBytes);
      const third = await start();
      expect(existsSync(join(dataDir, 'avatars'))).toBe(false);
      expect((await third.app.inject({ method: 'GET', url: `/avatars/${legacy}` })).rawPayload).toEqual(
        legacyBytes,
      );
      const fourth = await start();
      expect((await fourth.app.inject({ method: 'GET', url: `/avatars/${legacy}` })).statusCode).toBe(200);
    });

    it('stores uploads in the store, serves them from it and removes replaced ones', async () => {
      const app = await start();
      const { client } = await signedInUser(app);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00c' } })
        .png()
        .toBuffer();
      const first = multipart(png);
      const url = (await client.put('/api/v1/me/avatar', first.body, first.headers)).json().user
        .avatarUrl as string;
      const file = url.slice('/avatars/'.length);
      expect(await app.services.objects.head(`avatars/${file}`)).toMatchObject({ size: expect.any(Number) });
      const served = await app.app.inject({ method: 'GET', url });
      expect(served.statusCode).toBe(200);
      expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 256 });

      const second = multipart(png);
      const next = (await client.put('/api/v1/me/avatar', second.body, second.headers)).json().user
        .avatarUrl as string;
      expect(next).not.toBe(url);
      expect(await app.services.objects.head(`avatars/${file}`)).toBeNull();
      expect((await app.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    });

    it('sweeps avatars no account names once they are an hour old, and only those', async () => {
      const app = await start();
      const { user } = await signedInUser(app);
      const kept = `${user.id}-aaaaaaaaaaaaaaaa.webp`;
      await app.services.objects.put(`avatars/${kept}`, await webp('#111'), { contentType: 'image/webp' });
      await db.kysely.updateTable('users').set({ avatar_file: kept }).where('id', '=', user.id).execute();
      const orphan = `${user.id}-bbbbbbbbbbbbbbbb.webp`;
      await app.services.objects.put(`avatars/${orphan}`, await webp('#222'), { contentType: 'image/webp' });
      const storedAt = (await app.services.objects.head(`avatars/${orphan}`))!.lastModified.getTime();

      // Within the hour its upload may still be saving its reference: kept.
      clock.set(new Date(storedAt + 59 * 60_000).toISOString());
      await app.sweeper.runOnce('avatar-files');
      expect(await app.services.objects.head(`avatars/${orphan}`)).not.toBeNull();

      clock.set(new Date(storedAt + 61 * 60_000).toISOString());
      await app.sweeper.runOnce('avatar-files');
      expect(await app.services.objects.head(`avatars/${orphan}`)).toBeNull();
      expect(await app.services.objects.head(`avatars/${kept}`)).not.toBeNull();
    });
  },
);
