import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSRF_COOKIE, CSRF_HEADER, type Upload } from '@parley/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { LocalObjectStore } from '../../storage/local-object-store.js';
import { TEST_PASSWORD } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { freePort, HttpSession, startServerProcess, type ServerProcess } from '../../test/processes.js';
import { FilesSweeper, UploadsRepository } from './index.js';

const ORIGIN = 'http://parley.test';
const ROUNDS = 3;
const WRITERS = 4;
const HOUR = 60 * 60_000;

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** POST /rooms/:id/uploads as a browser sends it, through a server process. */
async function upload(base: string, session: HttpSession, roomId: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), name);
  return fetch(`${base}/api/v1/rooms/${roomId}/uploads`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: session.cookieHeader, [CSRF_HEADER]: session.cookies[CSRF_COOKIE]! },
    body: form,
  });
}

/**
 * Durability of files under `kill -9` (issue 20): objects are written (temporary file, fsync, rename)
 * before their row commits, so whatever moment the process dies, every upload it acknowledged is
 * whole, no row names a missing object, and what the crash left (partial writes, objects whose row
 * never committed) is removed by the files sweeper.
 */
describe('kill -9 during uploads (SQLite, local store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-files-'));
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged upload whole, never a row without its object, and the sweeper clears the rest', async () => {
    const port = await freePort();
    const dbFile = join(dataDir, 'parley.db');
    // (The process's database is DATA_DIR/parley.db.)
    const env = { PUBLIC_URL: ORIGIN, SECRET_KEY: 'crash-test-secret-key-of-32-characters' };
    const start = () => startServerProcess(env, { dataDir, port });
    server = await start();
    const admin = new HttpSession(server.url, ORIGIN);
    const setup = await admin.request('POST', '/api/v1/setup', {
      username: 'root',
      displayName: 'Root',
      password: TEST_PASSWORD,
    });
    expect(setup.status).toBe(201);
    expect(
      (await admin.request('PATCH', '/api/v1/admin/settings', { limits: { uploadsPerHour: 100_000 } }))
        .status,
    ).toBe(200);
    const room = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
      type: 'channel',
      name: 'crash-files',
    });
    expect(room.status).toBe(201);
    const roomId = room.body.room.id;

    const acknowledged = new Map<string, string>();
    let interrupted = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      let stop = false;
      const base = server.url;
      const writer = async (w: number) => {
        for (let n = 0; !stop; n++) {
          // 64 KB to 3 MB: long enough that kills land inside object writes too.
          const bytes = randomBytes(64 * 1024 + Math.floor(Math.random() * 3 * 1024 * 1024));
          try {
            const res = await upload(base, admin, roomId, `r${round}w${w}n${n}.bin`, bytes);
            if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
            const { upload: stored } = (await res.json()) as { upload: Upload };
            acknowledged.set(stored.id, sha256(bytes));
          } catch (err) {
            if (stop) {
              interrupted++;
              return;
            }
            throw err;
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
      stop = true;
      await server.crash();
      await Promise.all(writers);
      server = await start();
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);

    // Every acknowledged upload is there, whole, through the restarted server.
    for (const [id, digest] of acknowledged) {
      const res = await fetch(`${server.url}/api/v1/files/${id}`, {
        headers: { origin: ORIGIN, cookie: admin.cookieHeader },
      });
      expect(res.status, id).toBe(200);
      expect(sha256(new Uint8Array(await res.arrayBuffer())), id).toBe(digest);
    }
    await server.crash();

    // No row names a missing object (a row commits only after its object is in place).
    const objectsDir = join(dataDir, 'objects');
    const db = openDatabase(`sqlite:${dbFile}`);
    try {
      const rows = await db.kysely.selectFrom('uploads').select(['id', 'object_key']).execute();
      for (const row of rows) expect(existsSync(join(objectsDir, row.object_key)), row.id).toBe(true);

      // An hour on, the sweeper removes partial writes and objects whose row never committed.
      const sweeper = new FilesSweeper({
        repo: new UploadsRepository(db.kysely),
        objects: new LocalObjectStore(objectsDir),
        clock: fixedClock(new Date(Date.now() + 2 * HOUR).toISOString()),
      });
      await sweeper.sweepCounts();
      expect(readdirSync(join(objectsDir, '.partial'))).toEqual([]);
      const keys = new Set(rows.map((r) => r.object_key));
      const files = readdirSync(join(objectsDir, 'files')).map((name) => `files/${name}`);
      expect(files.filter((key) => !keys.has(key))).toEqual([]);
      expect(files.length).toBe(rows.length);
    } finally {
      await db.close();
    }
  }, 180_000);
});
