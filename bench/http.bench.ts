/**
 * Authenticated `GET /api/v1/me` through the real Parley server (child process, SQLite, default
 * logging), beside `/healthz` and a bare `node:http` hello-world measured in the same run. Loopback
 * only; every process is stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const DURATION_S = 8;
const CONNECTIONS = 50;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(url: string, headers: Record<string, string> = {}): Promise<Measured> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors + r.timeouts,
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** The baseline runs in its own process too, so neither server shares a core with autocannon's loop. */
async function startBaseline(): Promise<{ url: string; proc: ChildProcess }> {
  const code = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end('hello world'); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((ok) =>
    proc.stdout.once('data', (d: Buffer) => ok(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}`, proc };
}

async function startParley(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const probe = createServer();
  const url = await listen(probe);
  await new Promise((ok) => probe.close(ok));
  // The production default: one log line per request (none for /healthz).
  const proc = await startBuiltParley({
    dataDir,
    port: Number(new URL(url).port),
    env: { LOG_LEVEL: 'info' },
  });
  return { url, proc };
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(force);
      done();
    });
    proc.kill('SIGTERM');
  });
}

export default async function httpBench(): Promise<BenchResult> {
  const baseline = await startBaseline();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const parley = await startParley(dataDir);
  try {
    const setup = await fetch(`${parley.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: parley.url },
      body: JSON.stringify({ username: 'bench', displayName: 'Bench Admin', password: 'benchmark password' }),
    });
    if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
    const tokenRes = await fetch(`${parley.url}/api/v1/me/tokens`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: parley.url,
        cookie: cookies.join('; '),
        'x-csrf-token': csrf,
      },
      body: JSON.stringify({ name: 'bench' }),
    });
    if (tokenRes.status !== 201) {
      throw new Error(`token creation failed: ${tokenRes.status} ${await tokenRes.text()}`);
    }
    const { secret } = (await tokenRes.json()) as { secret: string };
    const check = await fetch(`${parley.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    if (check.status !== 200) throw new Error(`the API token is not accepted: ${check.status}`);

    const rows: [string, Measured][] = [
      ['node:http hello world (baseline)', await measure(baseline.url)],
      ['Parley GET /healthz (routing floor)', await measure(`${parley.url}/healthz`)],
      [
        'Parley GET /api/v1/me, Bearer API token',
        await measure(`${parley.url}/api/v1/me`, { authorization: `Bearer ${secret}` }),
      ],
      [
        'Parley GET /api/v1/me, session cookie',
        await measure(`${parley.url}/api/v1/me`, { cookie: cookies.join('; ') }),
      ],
    ];
    const base = rows[0]![1].rps;
    const health = rows[1]![1].rps;
    const bad = rows.filter(([, m]) => m.non2xx > 0);
    if (bad.length > 0) {
      throw new Error(
        `non-2xx answers in: ${bad.map(([n]) => n).join(', ')}: the numbers would be meaningless`,
      );
    }
    return {
      title: `HTTP: requests/s, ${CONNECTIONS} connections, ${DURATION_S} s each (higher is better)`,
      columns: ['target', 'req/s', 'p50 ms', 'p99 ms', '% of node:http', '% of /healthz', 'non-2xx'],
      rows: rows.map(([name, m]) => [
        name,
        Math.round(m.rps),
        m.p50,
        m.p99,
        `${((m.rps / base) * 100).toFixed(1)} %`,
        `${((m.rps / health) * 100).toFixed(1)} %`,
        m.non2xx,
      ]),
      notes: [
        'Every request was answered 2xx. Both servers run as separate processes; Parley at its default LOG_LEVEL=info (one line per request, none for /healthz), logging to a discarded stdout. Authenticated requests are served from the principal cache after the first (10 s TTL, invalidated on every credential or account change); a token request writes last_used_at at most once a minute.',
        'Goal (issue 7): authenticated GET /api/v1/me at >= 50 % of the /healthz rate in the same run.',
        `autocannon drives the load from the bench process on the same machine (${availableParallelism()} CPUs), pipelining 1, after a 2 s warm-up per target; absolute numbers depend on the machine, the percentages are the comparison.`,
      ],
    };
  } finally {
    await Promise.all([stop(parley.proc), stop(baseline.proc)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
