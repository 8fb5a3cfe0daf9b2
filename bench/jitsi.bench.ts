/**
 * Joining a Jitsi meeting end to end (issue 16): what a person waits for between pressing Join and
 * being in the room, as far as Parley and Jitsi's token check are concerned. Parley's path is
 * `POST /api/v1/calls/:id/join` (membership, moderator rule, a fresh HS256 token) and then what Jitsi's
 * web client does with the token against a real Prosody with Jitsi's token plugins (websocket
 * `?token=`, SASL ANONYMOUS, resource bind, MUC join, until the self-presence). The baseline is the same
 * Prosody join with a token minted in this process (no HTTP, no database): the difference is Parley's
 * share. On SQLite and PostgreSQL; Prosody is the suite's fixture (one process, Debian install config).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenSigner, parseJitsiSettings } from '@parley/jitsi';
import { startProsody, prosodyHost, type ProsodyHost } from '../apps/server/src/test/prosody-server.js';
import { joinJitsiRoom } from '../apps/server/src/test/xmpp-client.js';
import { freePort, startPostgres, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';
import { BENCH_JITSI, workspace } from './workspace.js';

const JITSI = BENCH_JITSI;
const PEOPLE = 20;
/** Joins in flight at once (people pressing Join at the same moment). */
const CONCURRENCY = 4;
const JOINS = 400;
const WARM_UP = 40;

interface Measured {
  joinsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Runs `one` JOINS times (after WARM_UP) with CONCURRENCY in flight; latency per join. */
async function measure(one: (i: number) => Promise<boolean>): Promise<Measured> {
  const run = async (count: number) => {
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++;
          const t0 = performance.now();
          if (await one(i)) latencies.push(performance.now() - t0);
          else failed += 1;
        }
      }),
    );
    return { latencies, failed, seconds: (performance.now() - began) / 1000 };
  };
  await run(WARM_UP);
  const { latencies, failed, seconds } = await run(JOINS);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { joinsPerSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

/** An admin, Jitsi configured, PEOPLE members (each with an API token) of a channel with a call in it. */
async function prepare(url: string) {
  const { admin, ids, tokens } = await workspace(url, PEOPLE, { jitsi: JITSI });
  const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
    type: 'channel',
    name: `jitsibench${process.pid}`,
    memberIds: ids,
  });
  const { call } = await admin.request<{ call: { id: string } }>('POST', `/api/v1/rooms/${room.id}/calls`, {
    title: 'Bench',
  });
  return { tokens, callId: call.id };
}

async function parleyJoins(databaseUrl: string | null, prosody: ProsodyHost): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-jitsi-'));
  const port = await freePort();
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const { tokens, callId } = await prepare(url);
    return await measure(async (i) => {
      const res = await fetch(`${url}/api/v1/calls/${callId}/join`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (!res.ok) return false;
      const { jwt, roomName } = (await res.json()) as { jwt: string; roomName: string };
      return (await joinJitsiRoom(prosody, jwt, roomName, { nick: `m${i}` })).accepted;
    });
  } finally {
    await stop(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function inProcessJoins(prosody: ProsodyHost): Promise<Measured> {
  const signer = createTokenSigner(parseJitsiSettings(JITSI));
  const room = 'benchroominprocess';
  return measure(async (i) => {
    const jwt = signer.mint({ room, user: { id: `u${i}`, name: `Member ${i}` }, moderator: false });
    return (await joinJitsiRoom(prosody, jwt, room, { nick: `b${i}` })).accepted;
  });
}

export default async function jitsiBench(): Promise<BenchResult> {
  const server = await startProsody({
    debian: { flavour: 'debian', domain: JITSI.domain, appId: JITSI.appId, appSecret: JITSI.appSecret },
  });
  const prosody = prosodyHost(server.hosts.debian);
  try {
    const baseline = await inProcessJoins(prosody);
    const sqlite = await parleyJoins(null, prosody);
    const postgres = process.env.BENCH_SQLITE_ONLY ? null : await startPostgres();
    let pg: Measured | null = null;
    if (postgres) {
      try {
        pg = await parleyJoins(postgres.url, prosody);
      } finally {
        await postgres.stop();
      }
    }
    const row = (name: string, m: Measured) => [
      name,
      Math.round(m.joinsPerSecond),
      Number(m.p50.toFixed(1)),
      Number(m.p99.toFixed(1)),
      `${((m.p50 / baseline.p50) * 100).toFixed(0)} %`,
      m.failed,
    ];
    const rows = [row('Prosody join, token minted in-process (baseline)', baseline)];
    rows.push(row('SQLite: Parley join endpoint + Prosody join', sqlite));
    if (pg) rows.push(row('PostgreSQL: Parley join endpoint + Prosody join', pg));
    return {
      title: 'Jitsi: join end to end (Parley join endpoint, then a real Prosody login and room join)',
      columns: ['path', 'joins/s', 'p50 ms', 'p99 ms', 'p50 % of baseline', 'failed'],
      rows,
      notes: [
        `${JOINS} joins after ${WARM_UP} to warm up, ${CONCURRENCY} in flight, ${PEOPLE} people taking turns ` +
          'on one call; each join opens its own websocket and leaves again. Prosody is Debian’s with ' +
          "Jitsi's token plugins (domain verification on), as the test suite runs it.",
      ],
    };
  } finally {
    await server.stop();
  }
}
