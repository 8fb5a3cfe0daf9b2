/**
 * Conference calls (issue 9): call start throughput (start + end, each connection in its own room)
 * and join throughput with latency (`POST /calls/:id/join`: membership, moderator rule, a fresh
 * HS256 token and IFrame options), on SQLite (WAL, synchronous=FULL) and PostgreSQL, beside an
 * authenticated `GET /api/v1/me` on the same server (the floor of any authenticated request) and raw
 * HS256 signing in this process. Servers run as child processes; autocannon drives them.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { freePort, startPostgres, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import { opsPerSecond, type BenchResult } from './table.js';
import { BENCH_JITSI, workspace } from './workspace.js';

const PEOPLE = 40;
const CONNECTIONS = 40;
const DURATION_S = 6;
/** Latency with a moderate number of clients in flight (each waits for its answer). */
const FEWER_CONNECTIONS = 10;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

const measured = (r: Result, divideBy = 1): Measured => ({
  rps: r.requests.average / divideBy,
  p50: r.latency.p50,
  p99: r.latency.p99,
  failed: r.non2xx + r.errors + r.timeouts,
});

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function parleyOn(databaseUrl: string | null): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-calls-'));
  const port = await freePort();
  // BENCH_CPU_PROFILE=<dir> writes the SQLite server's CPU profile there (what limits joins).
  const profile = databaseUrl === null ? process.env.BENCH_CPU_PROFILE : undefined;
  const proc = await startBuiltParley({
    dataDir,
    port,
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}),
    env: {
      LOG_LEVEL: 'warn',
      LOG_REQUESTS: 'false',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An admin, Jitsi configured, PEOPLE members of one channel (each with an API token) and a call in it. */
async function prepare(url: string) {
  const { admin, ids, tokens } = await workspace(url, PEOPLE, {
    jitsi: BENCH_JITSI,
    calls: { ringMaxMembers: 2 },
  });
  const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
    type: 'channel',
    name: `standup${Date.now()}`,
    memberIds: ids,
  });
  const { call } = await admin.request<{ call: { id: string } }>('POST', `/api/v1/rooms/${room.id}/calls`, {
    title: 'Bench',
  });
  // One room per member for the start/end loop (a room holds one live call at a time).
  const rooms: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const made = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
      type: 'private',
      name: `loop${i}x${Date.now()}`,
      memberIds: [ids[i]],
    });
    rooms.push(made.room.id);
  }
  return { tokens, callId: call.id, rooms };
}

/** Joins as fast as the server answers over `connections` concurrent clients. */
async function joins(
  url: string,
  tokens: string[],
  callId: string,
  connections = CONNECTIONS,
): Promise<Measured> {
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/calls/${callId}/join`,
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${tokens[n++ % tokens.length]}` },
          }),
        },
      ],
    });
  await run(2);
  return measured(await run(DURATION_S));
}

async function me(url: string, token: string): Promise<Measured> {
  const headers = { authorization: `Bearer ${token}` };
  await autocannon({ url: `${url}/api/v1/me`, connections: CONNECTIONS, duration: 2, headers });
  return measured(
    await autocannon({ url: `${url}/api/v1/me`, connections: CONNECTIONS, duration: DURATION_S, headers }),
  );
}

/**
 * Call starts are limited to 30 a minute per person (a script must not ring someone all day), so
 * the start loop spreads over the members: each worker is one member in their own room, starting
 * and ending CALLS_PER_PERSON calls back to back (under the limit). Latency is per call (start + end).
 */
const CALLS_PER_PERSON = 25;

async function startsAndEnds(url: string, tokens: string[], rooms: string[]): Promise<Measured> {
  const post = async (token: string, path: string) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await res.text();
    return { ok: res.status < 300, body: text };
  };
  const latencies: number[] = [];
  let failed = 0;
  const began = performance.now();
  await Promise.all(
    rooms.map(async (roomId, i) => {
      const token = tokens[i % tokens.length]!;
      for (let n = 0; n < CALLS_PER_PERSON; n++) {
        const t0 = performance.now();
        const started = await post(token, `/api/v1/rooms/${roomId}/calls`);
        if (!started.ok) {
          failed += 1;
          continue;
        }
        const { call } = JSON.parse(started.body) as { call: { id: string } };
        const ended = await post(token, `/api/v1/calls/${call.id}/end`);
        if (!ended.ok) failed += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

function rawHs256(): number {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  return opsPerSecond(() => {
    const payload = Buffer.from(
      JSON.stringify({ aud: 'jitsi', iss: 'parley', sub: 'meet.example.org', room: 'r', exp: Date.now() }),
    ).toString('base64url');
    createHmac('sha256', 'a-long-enough-application-secret-0123456789')
      .update(`${header}.${payload}`)
      .digest('base64url');
  });
}

async function measureOn(databaseUrl: string | null) {
  const server = await parleyOn(databaseUrl);
  try {
    const { tokens, callId, rooms } = await prepare(server.url);
    const floor = await me(server.url, tokens[0]!);
    const join = await joins(server.url, tokens, callId);
    const joinFewer = await joins(server.url, tokens, callId, FEWER_CONNECTIONS);
    // With a profile, only joins are measured (so the profile shows what limits them).
    const starts = process.env.BENCH_CPU_PROFILE
      ? { rps: 0, p50: 0, p99: 0, failed: 0 }
      : await startsAndEnds(server.url, tokens, rooms);
    return { floor, join, joinFewer, starts };
  } finally {
    await server.stop();
  }
}

export default async function callsBench(): Promise<BenchResult> {
  const raw = rawHs256();
  const sqlite = await measureOn(null);
  const postgres = process.env.BENCH_SQLITE_ONLY ? null : await startPostgres();
  let pg: Awaited<ReturnType<typeof measureOn>> | null = null;
  if (postgres) {
    try {
      pg = await measureOn(postgres.url);
    } finally {
      await postgres.stop();
    }
  }
  const row = (name: string, m: Measured) => [name, Math.round(m.rps), m.p50, m.p99, m.failed];
  const rows = [
    row('SQLite: GET /api/v1/me (baseline: authenticated floor)', sqlite.floor),
    row(`SQLite: POST /calls/:id/join, ${CONNECTIONS} connections`, sqlite.join),
    row(`SQLite: POST /calls/:id/join, ${FEWER_CONNECTIONS} connections`, sqlite.joinFewer),
    row(`SQLite: call start + end (calls/s), ${PEOPLE} people at once`, sqlite.starts),
  ];
  if (pg) {
    rows.push(
      row('PostgreSQL: GET /api/v1/me (baseline)', pg.floor),
      row(`PostgreSQL: POST /calls/:id/join, ${CONNECTIONS} connections`, pg.join),
      row(`PostgreSQL: POST /calls/:id/join, ${FEWER_CONNECTIONS} connections`, pg.joinFewer),
      row(`PostgreSQL: call start + end (calls/s), ${PEOPLE} people at once`, pg.starts),
    );
  }
  return {
    title: `Calls: joins and starts, ${CONNECTIONS} connections, ${PEOPLE} members with API tokens`,
    columns: ['target', 'req/s', 'p50 ms', 'p99 ms', 'failed'],
    rows,
    notes: [
      `Raw HS256 signing in one process (node:crypto, baseline): ${Math.round(raw).toLocaleString('en-US')} tokens/s.`,
      `Join: ${Math.round((sqlite.join.rps / sqlite.floor.rps) * 100)} % of the authenticated floor on SQLite.` +
        (pg
          ? ` PostgreSQL: ${Math.round((pg.join.rps / pg.floor.rps) * 100)} %.`
          : ' PostgreSQL skipped: no binaries.'),
      `Goals: ≥ 1,000 joins/s and join p99 ≤ 20 ms on SQLite. A start posts the call message and notifies the room; an end writes the call and its participants. Starts are limited to 30 a minute per person, so the start loop runs ${PEOPLE} people with ${CALLS_PER_PERSON} calls each; its p50/p99 are per call (start + end).`,
    ],
  };
}
