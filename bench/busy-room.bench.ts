/**
 * One busy room (issue 20): acked sends/s when many people send to the SAME room at once, over
 * socket.io (`message:send`, acked after the commit), on SQLite (WAL, `synchronous=FULL`) and on
 * PostgreSQL (fsync on), with group commit (Parley's default: per room on PostgreSQL) beside the same
 * server with `GROUP_COMMIT=false` (one commit per send, what PostgreSQL did before) in the same run.
 * Every sender is a member of the room, so each message also reaches every sender's socket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connectIo, type Socket } from 'socket.io-client';
import { freePort, Session, startPostgres, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const IN_FLIGHT_EACH = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const WARM_MS = 2_000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 8_000);
const PASSWORD = 'bench password 123';

interface Measured {
  sendsPerSec: number;
  p50: number;
  p99: number;
  failed: number;
}

/** The socket's answer: `{ ok: true, data: Message }` or `{ ok: false, error }`. */
interface Ack {
  ok: boolean;
  error?: { code: string };
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Parley on `databaseUrl` (fresh), a channel with the senders in it and their sockets connected. */
async function busyRoom(databaseUrl: string | null, groupCommit: boolean): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-busy-'));
  const port = await freePort();
  // BENCH_CPU_PROFILE=<dir> writes the server's CPU profile there.
  const profile = process.env.BENCH_CPU_PROFILE;
  const proc = await startBuiltParley({
    dataDir,
    port,
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}),
    env: {
      LOG_LEVEL: 'warn',
      LOG_REQUESTS: 'false',
      GROUP_COMMIT: String(groupCommit),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];
  try {
    const admin = new Session(url);
    await admin.request('POST', '/api/v1/setup', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    });
    // Far past the per-person limit (60 a minute): the limiter still runs on every send.
    await admin.request('PATCH', '/api/v1/admin/settings', { limits: { messagesPerMinute: 100_000 } });
    const senders = await Promise.all(
      Array.from({ length: SENDERS }, async (_, i) => {
        const username = `sender${i}`;
        const { user } = await admin.request<{ user: { id: string } }>('POST', '/api/v1/admin/users', {
          username,
          displayName: `Sender ${i}`,
          password: PASSWORD,
        });
        const session = new Session(url);
        await session.request('POST', '/api/v1/auth/login', { username, password: PASSWORD });
        return { id: user.id, session };
      }),
    );
    const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
      type: 'channel',
      name: 'busy',
      memberIds: senders.map((s) => s.id),
    });
    for (const sender of senders) {
      const socket = connectIo(url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { origin: url, cookie: sender.session.cookieHeader },
      });
      sockets.push(socket);
      await new Promise<void>((ok, fail) => {
        socket.once('connect', () => ok());
        socket.once('connect_error', fail);
      });
    }

    let n = 0;
    const run = async (ms: number): Promise<Measured> => {
      const latencies: number[] = [];
      let failed = 0;
      const start = performance.now();
      const end = start + ms;
      const loop = async (socket: Socket) => {
        while (performance.now() < end) {
          const sentAt = performance.now();
          const ack = (await socket.emitWithAck('message:send', {
            roomId: room.id,
            text: 'hello there, this is a message',
            clientMsgId: `b${n++}`,
          })) as Ack;
          if (ack.ok) latencies.push(performance.now() - sentAt);
          else if (failed++ === 0) console.warn(`busy room: a send failed: ${JSON.stringify(ack.error)}`);
        }
      };
      await Promise.all(sockets.flatMap((s) => Array.from({ length: IN_FLIGHT_EACH }, () => loop(s))));
      const elapsed = (performance.now() - start) / 1000;
      const sorted = Float64Array.from(latencies).sort();
      return {
        sendsPerSec: latencies.length / elapsed,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        failed,
      };
    };
    await run(WARM_MS);
    return await run(MEASURE_MS);
  } finally {
    for (const socket of sockets) socket.close();
    await stop(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The floor under one room's commits: sequential one-row INSERTs on one connection (each its own
 * round trip, autocommit) and the same in one transaction (round trips without fsync). A room's
 * grouped batch is sequential statements on one connection too (the first send-batcher: one per batch; the
 * unit of work: one per send), so this bounds it on this machine at this moment.
 */
async function pgRoundTrips(url: string): Promise<{ autocommit: number; inTransaction: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table raw_rt (id serial primary key, text text)');
  const loop = async (ms: number) => {
    let n = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await client.query('insert into raw_rt (text) values ($1)', ['hello there']);
      n++;
    }
    return n / (ms / 1000);
  };
  const autocommit = await loop(3000);
  await client.query('begin');
  const inTransaction = await loop(3000);
  await client.query('commit');
  await client.end();
  return { autocommit, inTransaction };
}

export default async function busyRoomBench(): Promise<BenchResult> {
  const rows: (string | number)[][] = [];
  const row = (name: string, r: Measured) => [
    name,
    Math.round(r.sendsPerSec),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.failed,
  ];
  const sqliteFile = (dir: string) => `sqlite:${join(dir, 'parley.db')}`;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-busy-sqlite-'));
  for (const grouped of [false, true]) {
    const result = await busyRoom(sqliteFile(join(dir, String(grouped))), grouped);
    rows.push(row(`SQLite, ${grouped ? 'group commit (Parley)' : 'GROUP_COMMIT=false (baseline)'}`, result));
  }
  rmSync(dir, { recursive: true, force: true });

  const postgres = await startPostgres();
  let floor: { autocommit: number; inTransaction: number } | null = null;
  if (postgres) {
    try {
      floor = await pgRoundTrips(postgres.url);
      for (const grouped of [false, true]) {
        // A fresh database each time, on the same PostgreSQL server.
        const name = `busy_${grouped ? 'grouped' : 'single'}`;
        const pgAdmin = new pg.Client({ connectionString: postgres.url });
        await pgAdmin.connect();
        await pgAdmin.query(`create database ${name}`);
        await pgAdmin.end();
        const result = await busyRoom(postgres.url.replace(/\/[^/]*$/, `/${name}`), grouped);
        rows.push(
          row(
            `PostgreSQL, ${grouped ? 'per-room group commit (Parley)' : 'GROUP_COMMIT=false (baseline)'}`,
            result,
          ),
        );
      }
    } finally {
      await postgres.stop();
    }
  }
  return {
    title: `One busy room: acked sends/s, ${SENDERS} senders × ${IN_FLIGHT_EACH} in flight over socket.io`,
    columns: ['target', 'acked sends/s', 'p50 ms', 'p99 ms', 'failed'],
    rows,
    notes: [
      `Every send is \`message:send\` on a member's socket, acked after its commit; ${(MEASURE_MS / 1000).toFixed(0)} s after a ${(WARM_MS / 1000).toFixed(0)} s warm-up.` +
        (postgres ? '' : ' PostgreSQL skipped: no PostgreSQL binaries.'),
      ...(floor
        ? [
            `PostgreSQL floor, one connection, sequential one-row INSERTs (same run): ${Math.round(floor.autocommit).toLocaleString('en-US')}/s each committed, ` +
              `${Math.round(floor.inTransaction).toLocaleString('en-US')}/s inside one transaction (round trips only).`,
          ]
        : []),
      'Goal: PostgreSQL ≥ 1,000 acked sends/s in one room.',
    ],
  };
}
