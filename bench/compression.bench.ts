/**
 * Compression (issue 15): bytes on the wire for representative answers of the built Parley (child
 * process, SQLite, the built web app) — the room list of someone in 30 rooms with messages, a page of
 * 50 messages of history, the OpenAPI document and the main JS bundle — sent plain (the baseline),
 * as gzip and as brotli, all in the same run. Then what compressing on the fly costs: the history
 * page's requests/s and latency plain beside brotli. Loopback only; every process is stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, Session, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'bench password 123';
const ROOMS = 30;
const HISTORY = 50;
const CONNECTIONS = 10;
const DURATION_S = 6;

// Chat-like text without the repetition that would flatter the ratios: words drawn by a fixed LCG.
const WORDS = (
  'the a we I you it is was can will should meeting review draft plan budget quarter release ' +
  'customer invoice deadline tomorrow today friday morning afternoon thanks please sorry great ' +
  'agreed blocked ticket deploy server build tests failing passing fixed merged branch design ' +
  'copy numbers chart slides notes agenda call later lunch coffee holiday leave sick back ' +
  'office remote laptop update version migration database backup restore rollback monitoring ' +
  'alert page on-call weekend ok sure maybe not yet done almost waiting approved rejected'
).split(' ');
let seed = 42;
const nextWord = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return WORDS[seed % WORDS.length]!;
};
const sentence = () => {
  const n = 6 + (seed % 18);
  const words = Array.from({ length: n }, nextWord);
  return `${words.join(' ')}${seed % 3 === 0 ? '?' : '.'}`;
};

interface Wire {
  status: number;
  bytes: number;
  encoding: string;
}

/** One GET as a client accepting `acceptEncoding`: the status, the body's bytes as sent, the encoding. */
function wire(url: string, acceptEncoding: string, headers: Record<string, string> = {}): Promise<Wire> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding, ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers['content-encoding'] ?? '—') }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function measure(url: string, headers: Record<string, string>) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.non2xx + r.errors + r.timeouts,
  };
}

export default async function compressionBench(): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-compress-'));
  const port = await freePort();
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', WEB_DIST: join(root, 'apps/web/dist') },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const admin = new Session(base);
    await admin.request('POST', '/api/v1/setup', {
      username: 'bench',
      displayName: 'Bench Admin',
      password: PASSWORD,
    });
    // Per-person limits (60 messages a minute by default) would stop the set-up; raise them if present.
    const { settings } = await admin.request<{ settings: Record<string, unknown> }>(
      'GET',
      '/api/v1/admin/settings',
    );
    if ('limits' in settings) {
      await admin.request('PATCH', '/api/v1/admin/settings', { limits: { messagesPerMinute: 100_000 } });
    }
    let busiest = '';
    for (let r = 0; r < ROOMS; r++) {
      const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
        type: 'channel',
        name: `room-${r}-${nextWord()}`,
        topic: sentence(),
      });
      const count = r === 0 ? HISTORY + 10 : 3;
      for (let m = 0; m < count; m++) {
        await admin.request('POST', `/api/v1/rooms/${room.id}/messages`, {
          text: `${sentence()} ${m % 4 === 0 ? sentence() : ''}`.trim(),
          clientMsgId: `bench-${r}-${m}`,
        });
      }
      if (r === 0) busiest = room.id;
    }
    const page = await fetch(`${base}/`).then((res) => res.text());
    const bundle = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1];
    if (!bundle) throw new Error('no script in the built index.html: is apps/web/dist built?');

    const cookie = { cookie: admin.cookieHeader };
    const history = `/api/v1/rooms/${busiest}/messages?limit=${HISTORY}`;
    const targets: [string, string, Record<string, string>, string][] = [
      [`GET /api/v1/rooms (${ROOMS} rooms, last messages)`, '/api/v1/rooms', cookie, 'on the fly'],
      [`GET …/messages?limit=${HISTORY} (a history page)`, history, cookie, 'on the fly'],
      ['GET /api/docs/json (the OpenAPI document)', '/api/docs/json', {}, 'on the fly'],
      [`GET ${bundle} (main JS bundle)`, bundle, {}, 'the build (.br/.gz)'],
    ];
    const sizes: (string | number)[][] = [];
    for (const [name, path, headers, how] of targets) {
      const [plain, gzip, br] = await Promise.all(
        ['identity', 'gzip', 'br'].map((accept) => wire(`${base}${path}`, accept, headers)),
      );
      for (const w of [plain!, gzip!, br!]) {
        if (w.status !== 200) throw new Error(`${path} answered ${w.status}`);
      }
      if (br!.encoding !== 'br' || gzip!.encoding !== 'gzip' || plain!.encoding !== '—') {
        throw new Error(`${path}: unexpected encodings ${plain!.encoding}/${gzip!.encoding}/${br!.encoding}`);
      }
      sizes.push([
        name,
        plain!.bytes,
        gzip!.bytes,
        br!.bytes,
        `${((br!.bytes / plain!.bytes) * 100).toFixed(1)} %`,
        how,
      ]);
    }
    const small = await wire(`${base}/api/v1/me`, 'br', cookie);
    sizes.push([
      'GET /api/v1/me (under 1 KB: left alone)',
      small.bytes,
      small.bytes,
      small.bytes,
      small.encoding === '—' ? '100.0 %' : `sent ${small.encoding}!`,
      'not compressed',
    ]);

    // Plain and brotli alternate, twice each, so a busy moment of the machine does not land on one alone.
    const runs: Record<'identity' | 'br', Awaited<ReturnType<typeof measure>>[]> = { identity: [], br: [] };
    for (let round = 0; round < 2; round++) {
      for (const accept of ['identity', 'br'] as const) {
        runs[accept].push(await measure(`${base}${history}`, { ...cookie, 'accept-encoding': accept }));
      }
    }
    if ([...runs.identity, ...runs.br].some((m) => m.failed > 0)) {
      throw new Error('failed requests: the rates would be meaningless');
    }
    const mean = (ms: Awaited<ReturnType<typeof measure>>[], key: 'rps' | 'p50' | 'p99') =>
      ms.reduce((sum, m) => sum + m[key], 0) / ms.length;
    const rate = (accept: 'identity' | 'br') =>
      `${Math.round(mean(runs[accept], 'rps'))} req/s (p50 ${mean(runs[accept], 'p50').toFixed(0)} ms, ` +
      `p99 ${mean(runs[accept], 'p99').toFixed(0)} ms)`;
    const ratio = (mean(runs.br, 'rps') / mean(runs.identity, 'rps')) * 100;

    return {
      title: 'Compression: bytes on the wire, plain (baseline) vs gzip vs brotli (lower is better)',
      columns: ['answer', 'plain B', 'gzip B', 'br B', 'br / plain', 'compressed by'],
      rows: sizes,
      notes: [
        'Body bytes as received by a client sending `accept-encoding: identity`, `gzip` or `br`, in the same run. On the fly: @fastify/compress, brotli quality 4, gzip level 6, answers ≥ 1 KB. The bundle: written at build time (brotli 11, gzip 9) and sent by @fastify/static.',
        `The history page, served: plain (baseline) ${rate('identity')}; brotli ${rate('br')}, ${ratio.toFixed(1)} % of the plain rate. autocannon, ${CONNECTIONS} connections, ${DURATION_S} s after a 2 s warm-up, session cookie, on the same machine as the server; plain and brotli alternate, twice each.`,
      ],
    };
  } finally {
    await stop(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
