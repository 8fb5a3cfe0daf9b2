/**
 * Uploads (issue 20): 10 MB files through `POST /api/v1/rooms/:id/uploads` (streamed multipart, type
 * sniffed, written to the object store with a sync, then its row) on the built Parley, beside the same
 * bytes written straight to the same kind of store (the built `LocalObjectStore`, a temp file synced
 * and renamed) on the same disk in the same run. Goal: Parley ≥ 80 % of the store's MB/s.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, Session, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const MB = 1024 * 1024;
const SIZE = 10 * MB;
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 24);
const PASSWORD = 'bench password 123';

interface Measured {
  mbPerSec: number;
  p50: number;
  p99: number;
  failed: number;
}

interface Store {
  put(key: string, body: Buffer): Promise<void>;
}

/** `count` puts with `inFlight` at once; MB/s over the whole run and per-put latency. */
async function measure(
  count: number,
  inFlight: number,
  put: (i: number) => Promise<boolean>,
): Promise<Measured> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const began = performance.now();
      if (await put(i)) latencies.push(performance.now() - began);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - start) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
  return { mbPerSec: (latencies.length * SIZE) / MB / seconds, p50: at(0.5), p99: at(0.99), failed };
}

export default async function filesBench(): Promise<BenchResult> {
  // Random bytes: no known type (stored as application/octet-stream), nothing to re-encode.
  const body = randomBytes(SIZE);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-files-'));
  const port = await freePort();
  // BENCH_CPU_PROFILE=<dir> writes the server's CPU profile there.
  const profile = process.env.BENCH_CPU_PROFILE;
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false' },
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  const rows: (string | number)[][] = [];
  try {
    const admin = new Session(url);
    await admin.request('POST', '/api/v1/setup', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    });
    await admin.request('PATCH', '/api/v1/admin/settings', {
      limits: { uploadsPerHour: 100_000 },
      files: { maxUploadMb: 25, allowedTypes: ['*/*'], quotaMbPerPerson: 1_000_000 },
    });
    const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
      type: 'channel',
      name: 'files',
    });
    // The multipart body written by node:http in three pieces, so the client costs little CPU
    // beside the server (fetch's FormData encoding of 10 MB cost more than the server's parsing).
    const boundary = `----parley-bench-${randomBytes(8).toString('hex')}`;
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const upload = (i: number): Promise<boolean> => {
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${i}.bin"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      return new Promise((resolve, reject) => {
        const req = request(`${url}/api/v1/rooms/${room.id}/uploads`, {
          method: 'POST',
          headers: {
            origin: url,
            cookie: admin.cookieHeader,
            'x-csrf-token': admin.cookies.parley_csrf ?? '',
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': head.length + body.length + tail.length,
          },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 201) {
              console.warn(
                `upload ${i}: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`,
              );
            }
            resolve(res.statusCode === 201);
          });
        });
        req.on('error', reject);
        req.write(head);
        req.write(body);
        req.end(tail);
      });
    };

    // The same store the server uses, built, in a folder of its own on the same disk.
    const built = new URL('../apps/server/dist/storage/local-object-store.js', import.meta.url).href;
    const { LocalObjectStore } = (await import(built)) as { LocalObjectStore: new (root: string) => Store };
    const store = new LocalObjectStore(join(dataDir, 'baseline-objects'));
    const direct = (i: number) => store.put(`files/direct-${i}`, body).then(() => true);

    await measure(2, 1, upload); // warm-up
    await measure(2, 1, (i) => direct(1_000 + i));
    for (const inFlight of [1, 4]) {
      const baseline = await measure(UPLOADS, inFlight, direct);
      const parley = await measure(UPLOADS, inFlight, upload);
      const pct = `${((parley.mbPerSec / baseline.mbPerSec) * 100).toFixed(1)} %`;
      const row = (name: string, r: Measured, share: string) => [
        name,
        r.mbPerSec.toFixed(1),
        share,
        r.p50.toFixed(0),
        r.p99.toFixed(0),
        r.failed,
      ];
      rows.push(row(`LocalObjectStore.put, ${inFlight} at once (baseline)`, baseline, '100.0 %'));
      rows.push(row(`Parley POST /rooms/:id/uploads, ${inFlight} at once`, parley, pct));
    }
  } finally {
    await stop(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    title: `Uploads: ${UPLOADS} files of 10 MB, local store`,
    columns: ['target', 'MB/s', '% of store', 'p50 ms', 'p99 ms', 'failed'],
    rows,
    notes: [
      'Parley streams the multipart body into the store (temp file, fsync, rename), sniffs the type and writes the row; the client, server and disk share the machine. S3: not measured here (the S3 adapter is on another branch).',
      'Goal: Parley ≥ 80 % of the store’s MB/s.',
    ],
  };
}
