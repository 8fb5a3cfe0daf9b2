/**
 * Chat (issue 8): (a) fan-out of messages sent through the real API to 1,000 sockets in one channel
 * (200 people × 5 devices), beside a raw `ws` broadcaster and a bare socket.io broadcaster driven the
 * same way in the same run; (b) server memory per idle authenticated connection; (c) acked sends/s
 * with SQLite `synchronous=FULL` and with PostgreSQL (fsync on), beside raw one-row transactions.
 * Servers run as child processes; the 1,000 receiving clients and the sender share this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { io as connectIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import {
  BARE_SOCKET_IO_SERVER,
  freePort,
  RAW_WS_SERVER,
  rssBytes,
  Session,
  startPostgres,
  startScript,
  stop,
} from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const PEOPLE = 200;
const DEVICES = 5;
const RECEIVERS = PEOPLE * DEVICES;
const IN_FLIGHT = 8;
const FANOUT_MS = 5_000;
const SENDS_S = 5;
const PASSWORD = 'bench password 123';

interface Receiver {
  close(): void;
}

interface Target {
  receivers: Receiver[];
  send(text: string): Promise<void>;
}

interface FanoutResult {
  sendsPerSec: number;
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  lost: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Latencies of every delivery, from the timestamp the sender put in the text. */
class Deliveries {
  count = 0;
  private latencies: number[] = [];
  last = 0;
  record(text: string): void {
    const sent = Number(text.slice(2));
    const at = now();
    this.count++;
    this.last = at;
    if (sent > 0) this.latencies.push(at - sent);
  }
  reset(): void {
    this.count = 0;
    this.latencies = [];
  }
  percentile(p: number): number {
    if (this.latencies.length === 0) return 0;
    const sorted = Float64Array.from(this.latencies).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
}

/** Sends for FANOUT_MS with IN_FLIGHT outstanding (or paced to `rate` per second), then waits for delivery. */
async function fanout(target: Target, deliveries: Deliveries, rate?: number): Promise<FanoutResult> {
  deliveries.reset();
  let sends = 0;
  const start = now();
  const end = start + FANOUT_MS;
  const interval = rate ? 1000 / rate : 0;
  let nextAt = start;
  const worker = async () => {
    while (now() < end) {
      if (interval > 0) {
        const wait = nextAt - now();
        nextAt = Math.max(nextAt, now()) + interval;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await target.send(`t=${now().toFixed(3)}`);
      sends++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const expected = sends * target.receivers.length;
  const deadline = now() + 10_000;
  while (deliveries.count < expected && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const elapsed = (Math.max(deliveries.last, end) - start) / 1000;
  return {
    sendsPerSec: sends / elapsed,
    deliveriesPerSec: deliveries.count / elapsed,
    p50: deliveries.percentile(50),
    p99: deliveries.percentile(99),
    lost: expected - deliveries.count,
  };
}

async function inBatches<T>(count: number, make: (i: number) => Promise<T>, batch = 100): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += batch) {
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => make(i + j)))),
    );
  }
  return out;
}

const connected = (socket: Socket) =>
  new Promise<Socket>((ok, fail) => {
    socket.once('connect', () => ok(socket));
    socket.once('connect_error', fail);
  });

// --- Parley -----------------------------------------------------------------------------------

export async function parleyFanout(): Promise<{
  results: FanoutResult[];
  memoryPerConnection: number;
  url: string;
  stop(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-chat-'));
  const port = await freePort();
  // BENCH_CPU_PROFILE=<dir> writes the server's CPU profile there (what limits the fan-out).
  const profile = process.env.BENCH_CPU_PROFILE;
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false' },
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  const admin = new Session(url);
  await admin.request('POST', '/api/v1/setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  await liftSendLimit(admin);
  const people = await inBatches(
    PEOPLE,
    async (i) => {
      const username = `person${i}`;
      const { user } = await admin.request<{ user: { id: string } }>('POST', '/api/v1/admin/users', {
        username,
        displayName: `Person ${i}`,
        password: PASSWORD,
      });
      const session = new Session(url);
      await session.request('POST', '/api/v1/auth/login', { username, password: PASSWORD });
      return { id: user.id, session };
    },
    10,
  );
  const { room } = await admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'everyone',
    memberIds: people.map((p) => p.id),
  });

  const deliveries = new Deliveries();
  const before = rssBytes(proc.pid!);
  const sockets = await inBatches(RECEIVERS, async (i) => {
    const socket = connectIo(url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: url, cookie: people[i % PEOPLE]!.session.cookieHeader },
    });
    socket.on('message:new', (m: { text: string }) => deliveries.record(m.text));
    return connected(socket);
  });
  await new Promise((r) => setTimeout(r, 3000));
  const memoryPerConnection = (rssBytes(proc.pid!) - before) / RECEIVERS;

  let n = 0;
  const target: Target = {
    receivers: sockets.map((s) => ({ close: () => s.close() })),
    send: (text) =>
      admin
        .request('POST', `/api/v1/rooms/${room.id}/messages`, { text, clientMsgId: `f${n++}` })
        .then(() => undefined),
  };
  await fanout(target, deliveries); // warm-up
  const full = await fanout(target, deliveries);
  const half = await fanout(target, deliveries, full.sendsPerSec / 2);
  sockets.forEach((s) => s.close());
  return {
    results: [full, half],
    memoryPerConnection,
    url,
    async stop() {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// --- Baselines --------------------------------------------------------------------------------

async function rawWsFanout(): Promise<FanoutResult> {
  const { port, proc } = await startScript(RAW_WS_SERVER);
  const deliveries = new Deliveries();
  const open = (ws: WebSocket) =>
    new Promise<WebSocket>((ok, fail) => ws.once('open', () => ok(ws)).once('error', fail));
  const receivers = await inBatches(RECEIVERS, (i) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => deliveries.record(data.toString()));
    void i;
    return open(ws);
  });
  const sender = await open(new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false }));
  const acks: (() => void)[] = [];
  sender.on('message', () => acks.shift()?.());
  const target: Target = {
    receivers: receivers.map((ws) => ({ close: () => ws.close() })),
    send: (text) =>
      new Promise<void>((ok) => {
        acks.push(ok);
        sender.send(text);
      }),
  };
  await fanout(target, deliveries);
  const result = await fanout(target, deliveries);
  receivers.forEach((ws) => ws.close());
  sender.close();
  await stop(proc);
  return result;
}

/** A message shaped and sized like Parley's `message:new` payload, for the sized baseline. */
const messageLike = (text: string) => ({
  id: '01a206a8-58f6-75d3-98ef-09e498b90709',
  roomId: '01a206a8-5926-73ad-a350-3bba90478753',
  seq: 1234,
  kind: 'user',
  author: {
    id: '01a206a8-4c1e-7d2a-9b7e-5f0c8a1d2e3f',
    username: 'person42',
    displayName: 'Person 42',
    avatarUrl: '/avatars/01a206a8-4c1e-7d2a-9b7e-5f0c8a1d2e3f-3f9a.webp',
    role: 'user',
  },
  text,
  action: false,
  replyToId: null,
  replyTo: null,
  mentions: [],
  clientMsgId: 'f1234',
  discussion: null,
  createdAt: '2026-11-23T04:27:00.000Z',
  editedAt: null,
  deletedAt: null,
});

async function bareSocketIo(sized = false): Promise<{ result: FanoutResult; memoryPerConnection: number }> {
  const { port, proc } = await startScript(BARE_SOCKET_IO_SERVER);
  const url = `http://127.0.0.1:${port}`;
  const deliveries = new Deliveries();
  const before = rssBytes(proc.pid!);
  const receivers = await inBatches(RECEIVERS, () => {
    const socket = connectIo(url, { transports: ['websocket'], reconnection: false });
    socket.on('message:new', (m: string | { text: string }) =>
      deliveries.record(typeof m === 'string' ? m : m.text),
    );
    return connected(socket);
  });
  await new Promise((r) => setTimeout(r, 3000));
  const memoryPerConnection = (rssBytes(proc.pid!) - before) / RECEIVERS;
  const sender = await connected(connectIo(url, { transports: ['websocket'], reconnection: false }));
  const target: Target = {
    receivers: receivers.map((s) => ({ close: () => s.close() })),
    send: (text) => sender.emitWithAck('send', sized ? messageLike(text) : text).then(() => undefined),
  };
  await fanout(target, deliveries);
  const result = await fanout(target, deliveries);
  receivers.forEach((s) => s.close());
  sender.close();
  await stop(proc);
  return { result, memoryPerConnection };
}

/**
 * One admin sends every message here, far past the per-person limit (60 a minute): the bench measures
 * throughput, so the limit is raised (the limiter still runs on every send).
 */
async function liftSendLimit(admin: Session): Promise<void> {
  await admin.request('PATCH', '/api/v1/admin/settings', {
    limits: { messagesPerMinute: 100_000, roomsPerHour: 100_000 },
  });
}

// --- Acked sends/s ----------------------------------------------------------------------------

/** 32 concurrent senders over 8 rooms through the API; each answer comes after the commit. */
async function apiSends(url: string): Promise<number> {
  const admin = new Session(url);
  await admin.request('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  const { secret } = await admin.request<{ secret: string }>('POST', '/api/v1/me/tokens', {
    name: 'bench',
    scopes: ['read', 'write'],
  });
  const rooms = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      admin.request<{ room: { id: string } }>('POST', '/api/v1/rooms', {
        type: 'channel',
        name: `sends${i}${Date.now()}`,
      }),
    ),
  );
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: 32,
      duration,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              path: `/api/v1/rooms/${rooms[n % 8]!.room.id}/messages`,
              body: JSON.stringify({ text: 'hello there, this is a message', clientMsgId: `s${n}` }),
            };
          },
        },
      ],
    });
  await run(1);
  const r = await run(SENDS_S);
  if (r.non2xx + r.errors > 0) console.warn(`sends: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r['2xx'] / SENDS_S;
}

async function setUpParleyOn(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-pgchat-'));
  const port = await freePort();
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', DATABASE_URL: databaseUrl },
  });
  const url = `http://127.0.0.1:${port}`;
  const admin = new Session(url);
  await admin.request('POST', '/api/v1/setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  await liftSendLimit(admin);
  return {
    url,
    async stop() {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function rawSqliteInserts(): number {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-sqlite-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table messages (id integer primary key, room text, seq integer, text text)');
  const insert = db.prepare('insert into messages (room, seq, text) values (?, ?, ?)');
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 3000) insert.run('room', ++n, 'hello there, this is a message');
  const perSec = n / ((performance.now() - start) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return perSec;
}

async function rawPgInserts(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 32 });
  await pool.query('create table raw_messages (id serial primary key, room text, seq integer, text text)');
  let n = 0;
  const end = performance.now() + 3000;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < end) {
        await pool.query('insert into raw_messages (room, seq, text) values ($1, $2, $3)', [
          'room',
          ++n,
          'hello there',
        ]);
      }
    }),
  );
  await pool.end();
  return n / 3;
}

export default async function chatBench(): Promise<BenchResult> {
  const ws = await rawWsFanout();
  const bare = await bareSocketIo();
  const bareSized = await bareSocketIo(true);
  const parley = await parleyFanout();
  await parley.stop();
  // Sends are measured on a fresh server of their own, as on PostgreSQL.
  const sqliteDir = mkdtempSync(join(tmpdir(), 'parley-bench-sends-'));
  const onSqlite = await setUpParleyOn(`sqlite:${join(sqliteDir, 'parley.db')}`);
  const sqliteSends = await apiSends(onSqlite.url);
  await onSqlite.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
  const sqliteRaw = rawSqliteInserts();

  const postgres = await startPostgres();
  let pgSends: number | null = null;
  let pgRaw: number | null = null;
  if (postgres) {
    const onPg = await setUpParleyOn(postgres.url);
    pgSends = await apiSends(onPg.url);
    await onPg.stop();
    pgRaw = await rawPgInserts(postgres.url);
    await postgres.stop();
  }

  const [full, half] = parley.results as [FanoutResult, FanoutResult];
  const pct = (v: number) => `${((v / ws.deliveriesPerSec) * 100).toFixed(1)} %`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const row = (name: string, r: FanoutResult) => [
    name,
    Math.round(r.sendsPerSec),
    Math.round(r.deliveriesPerSec),
    pct(r.deliveriesPerSec),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.lost,
  ];
  return {
    title: `Chat: fan-out to ${RECEIVERS.toLocaleString('en-US')} sockets in one channel, ${IN_FLIGHT} sends in flight`,
    columns: ['target', 'sends/s', 'deliveries/s', '% of raw ws', 'p50 ms', 'p99 ms', 'lost'],
    rows: [
      row('raw ws broadcast (baseline)', ws),
      row('bare socket.io broadcast (baseline)', bare.result),
      row('bare socket.io, a message-sized payload', bareSized.result),
      row('Parley: POST /messages → message:new', full),
      row('Parley at half that send rate', half),
    ],
    notes: [
      `Idle memory per authenticated connection (server RSS growth / ${RECEIVERS}): Parley ${kb(parley.memoryPerConnection)}, bare socket.io ${kb(bare.memoryPerConnection)} (goal ≤ 30 KB).`,
      `Acked sends/s, 32 concurrent API senders over 8 rooms: SQLite (WAL, synchronous=FULL) ${Math.round(sqliteSends).toLocaleString('en-US')} ` +
        `(raw better-sqlite3 one-row transactions, FULL: ${Math.round(sqliteRaw).toLocaleString('en-US')}/s); ` +
        (pgSends !== null && pgRaw !== null
          ? `PostgreSQL (fsync on) ${Math.round(pgSends).toLocaleString('en-US')} (raw one-row INSERTs, 32 connections: ${Math.round(pgRaw).toLocaleString('en-US')}/s).`
          : 'PostgreSQL skipped: no PostgreSQL binaries.') +
        ' Goal ≥ 2,000 on SQLite.',
      'Goals: Parley ≥ 75 % of raw ws deliveries/s; p99 ≤ 100 ms at half load.',
    ],
  };
}
