/**
 * Consultations (issue 10): what clients hit most while booking — free slots over four weeks
 * (`GET /providers/:id/slots`: availability in the provider's zone through Luxon, minus the claimed
 * buckets) — beside an authenticated `GET /api/v1/me` on the same server (the floor of any
 * authenticated request) and the same slot computation run in this process (the built `freeSlots`,
 * no HTTP, no database). Then the double-booking race as users meet it: 20 clients hold the same
 * slot at once; the database lets exactly one win, and the others learn at once. SQLite and
 * PostgreSQL; servers run as child processes, autocannon drives them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, Session, startPostgres, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import { opsPerSecond, type BenchResult } from './table.js';

const PASSWORD = 'bench password 123';
const CONNECTIONS = 10;
const DURATION_S = 6;
const RACERS = 20;
const BOOKED = 20;
const DAYS = 28;

const AVAILABILITY = {
  timezone: 'Europe/Berlin',
  sessionMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 90,
  weekly: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: '08:00', end: '12:00' },
    { day, start: '13:00', end: '19:00' },
  ]),
  exceptions: [{ date: '2030-12-24', hours: [] }],
};

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

async function parleyOn(databaseUrl: string | null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-consult-'));
  const port = await freePort();
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function person(url: string, admin: Session, username: string) {
  const { user } = await admin.request<{ user: { id: string } }>('POST', '/api/v1/admin/users', {
    username,
    displayName: username,
    password: PASSWORD,
  });
  const session = new Session(url);
  await session.request('POST', '/api/v1/auth/login', { username, password: PASSWORD });
  return { id: user.id, session };
}

/** An admin, a provider with weekday hours, BOOKED confirmed sessions and RACERS clients. */
async function prepare(url: string) {
  const admin = new Session(url);
  await admin.request('POST', '/api/v1/setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  const provider = await person(url, admin, 'provider');
  await admin.request('PATCH', `/api/v1/admin/users/${provider.id}`, { provider: true });
  await provider.session.request('PUT', '/api/v1/providers/me/availability', AVAILABILITY);
  const from = new Date().toISOString();
  const to = new Date(Date.now() + DAYS * 86_400_000).toISOString();
  const slotsPath = `/api/v1/providers/${provider.id}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&tz=Europe/Lisbon`;
  const booker = await person(url, admin, 'booker');
  let { slots } = await booker.session.request<{ slots: { start: string }[] }>('GET', slotsPath);
  // Every third slot booked, so the free list is computed around claims.
  for (let i = 0; i < BOOKED; i++) {
    const { consultation } = await booker.session.request<{ consultation: { id: string } }>(
      'POST',
      '/api/v1/consultations',
      { providerId: provider.id, start: slots[i * 3]!.start },
    );
    await booker.session.request('POST', `/api/v1/consultations/${consultation.id}/confirm`, {});
  }
  ({ slots } = await booker.session.request<{ slots: { start: string }[] }>('GET', slotsPath));
  const { secret } = await booker.session.request<{ secret: string }>('POST', '/api/v1/me/tokens', {
    name: 'bench',
    scopes: ['read', 'write'],
  });
  const racers: Session[] = [];
  for (let i = 0; i < RACERS; i++) racers.push((await person(url, admin, `racer${i}`)).session);
  return {
    providerId: provider.id,
    slotsPath,
    freeCount: slots.length,
    freeSlots: slots,
    token: secret,
    racers,
  };
}

async function load(url: string, token: string): Promise<Measured> {
  const headers = { authorization: `Bearer ${token}` };
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.non2xx + r.errors + r.timeouts,
  };
}

/** RACERS clients hold one slot at once, five rounds on different slots; per round: wins, and how long all took. */
async function races(providerId: string, slots: { start: string }[], racers: Session[]) {
  const rounds: { wins: number; taken: number; other: number; ms: number }[] = [];
  for (let round = 0; round < 5; round++) {
    const start = slots[slots.length - 1 - round * 2]!.start;
    const began = performance.now();
    const answers = await Promise.all(
      racers.map((s) =>
        s.request('POST', '/api/v1/consultations', { providerId, start }).then(
          () => 201,
          (e: Error) => (/: 409 .*slot_taken/.test(e.message) ? 409 : 0),
        ),
      ),
    );
    rounds.push({
      wins: answers.filter((a) => a === 201).length,
      taken: answers.filter((a) => a === 409).length,
      other: answers.filter((a) => a === 0).length,
      ms: Math.round(performance.now() - began),
    });
  }
  return rounds;
}

async function measureOn(databaseUrl: string | null) {
  const server = await parleyOn(databaseUrl);
  try {
    const prepared = await prepare(server.url);
    const floor = await load(`${server.url}/api/v1/me`, prepared.token);
    const slots = await load(`${server.url}${prepared.slotsPath}`, prepared.token);
    const raced = await races(prepared.providerId, prepared.freeSlots, prepared.racers);
    return { floor, slots, raced, freeCount: prepared.freeCount };
  } finally {
    await server.stop();
  }
}

/** The built slot computation, in this process: the same four weeks, the same claims' worth of busy time. */
async function inProcess(): Promise<number> {
  // The built server (what `npm start` runs); a URL, so typechecking does not need it built.
  const built = new URL('../apps/server/dist/modules/providers/slots.js', import.meta.url).href;
  const mod = (await import(built)) as {
    freeSlots: (input: {
      availability: typeof AVAILABILITY;
      fromMs: number;
      toMs: number;
      nowMs: number;
      busy: ReadonlySet<string>;
    }) => { start: string; end: string }[];
  };
  const now = Date.now();
  const input = { availability: AVAILABILITY, fromMs: now, toMs: now + DAYS * 86_400_000, nowMs: now };
  // The same claims as the server's: every third slot of the first BOOKED × 3, in 5-minute buckets.
  const busy = new Set<string>();
  const all = mod.freeSlots({ ...input, busy });
  for (let i = 0; i < BOOKED; i++) {
    const slot = all[i * 3]!;
    for (let t = Date.parse(slot.start); t < Date.parse(slot.end); t += 5 * 60_000) {
      busy.add(new Date(t).toISOString());
    }
  }
  return opsPerSecond(() => mod.freeSlots({ ...input, busy }));
}

export default async function consultationsBench(): Promise<BenchResult> {
  const computed = await inProcess();
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
    row(`SQLite: GET /providers/:id/slots, ${DAYS} days`, sqlite.slots),
  ];
  if (pg) {
    rows.push(
      row('PostgreSQL: GET /api/v1/me (baseline)', pg.floor),
      row(`PostgreSQL: GET /providers/:id/slots, ${DAYS} days`, pg.slots),
    );
  }
  const raceLine = (name: string, r: typeof sqlite.raced) =>
    `${name}: ${RACERS} clients holding one slot at once, 5 rounds — winners per round ${r.map((x) => x.wins).join('/')}, ` +
    `slot_taken ${r.map((x) => x.taken).join('/')}, other answers ${r.reduce((n, x) => n + x.other, 0)}, ` +
    `all answered in ${r.map((x) => x.ms).join('/')} ms.`;
  return {
    title: `Consultations: free slots (${CONNECTIONS} connections) and the booking race`,
    columns: ['target', 'req/s', 'p50 ms', 'p99 ms', 'failed'],
    rows,
    notes: [
      `The same computation in one process (built freeSlots, ${DAYS} days, no HTTP or database; baseline): ${Math.round(computed).toLocaleString('en-US')} lists/s.`,
      `Each list: ${sqlite.freeCount} free 30-minute slots (weekdays 08:00–12:00 and 13:00–19:00 Europe/Berlin, ${BOOKED} booked), shown in Europe/Lisbon.`,
      `Slots: ${Math.round((sqlite.slots.rps / sqlite.floor.rps) * 100)} % of the authenticated floor on SQLite` +
        (pg
          ? `, ${Math.round((pg.slots.rps / pg.floor.rps) * 100)} % on PostgreSQL.`
          : '; PostgreSQL skipped: no binaries.'),
      raceLine('SQLite', sqlite.raced),
      ...(pg ? [raceLine('PostgreSQL', pg.raced)] : []),
    ],
  };
}
