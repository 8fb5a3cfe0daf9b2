/**
 * Search (issue 20) on SQLite and PostgreSQL: (a) `GET /search` latency over 1,000,000 messages
 * (`SEARCH_BENCH_MESSAGES` to change it) in 100 rooms, the searcher a member of half of them, beside
 * a `LIKE '%term%'` scan of the same messages straight on the database (no HTTP) in the same run;
 * (b) acked sends/s with the search index beside the same server on a database without it (SQLite:
 * the FTS triggers dropped; PostgreSQL: the generated column dropped).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort, Session, startPostgres, stop } from './chat-setup.js';
import { startBuiltParley } from './parley-process.js';
import type { BenchResult } from './table.js';

const MESSAGES = Number(process.env.SEARCH_BENCH_MESSAGES ?? 1_000_000);
/** `SEARCH_BENCH_DATABASES=postgres` (or `sqlite`) runs one of the two. */
const DATABASES = (process.env.SEARCH_BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const ROOMS = 100;
const VOCABULARY = 50_000;
const SEARCHES = 200;
const LIKE_SCANS = 10;
const SENDS_S = 10;
const PASSWORD = 'bench password 123';

/** A deterministic pseudo-random stream (mulberry32), so both databases get the same messages. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ten',
  'ru',
  'sa',
  'vel',
  'do',
  'ni',
  'pra',
  'qu',
  'zor',
  'he',
  'bi',
  'fa',
  'gu',
];
/** Word `rank` of the vocabulary: distinct pronounceable strings. */
const wordOf = (rank: number) => {
  let s = '';
  let n = rank + 16;
  while (n > 0) {
    s += SYLLABLES[n % 16];
    n = Math.floor(n / 16);
  }
  return s;
};
/** Zipf-like (s ≈ 1): the rank is log-uniform, as word frequencies in chat roughly are. */
const zipfRank = (r: () => number) => Math.floor(Math.exp(r() * Math.log(VOCABULARY))) - 1;
const textOf = (r: () => number) =>
  Array.from({ length: 6 + Math.floor(r() * 10) }, () => wordOf(zipfRank(r))).join(' ');

const percentile = (values: number[], p: number) => {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

interface Fill {
  insert(rows: { id: string; room: string; seq: number; text: string; at: string }[]): Promise<void>;
  exec(sql: string, params?: unknown[]): Promise<void>;
  like(term: string, viewerId: string): Promise<void>;
  close(): Promise<void>;
}

function sqliteFill(file: string): Fill {
  const db = new Database(file);
  const insert = db.prepare(
    `insert into messages (id, room_id, seq, kind, author_id, text, created_at) values (?, ?, ?, 'user', ?, ?, ?)`,
  );
  let author = '';
  return {
    async insert(rows) {
      for (const r of rows) insert.run(r.id, r.room, r.seq, author, r.text, r.at);
    },
    async exec(sql, params = []) {
      if (sql === 'author') author = String(params[0]);
      else if (sql === 'begin' || sql === 'commit') db.exec(sql);
      else db.prepare(sql).run(...params);
    },
    async like(term, viewerId) {
      db.prepare(
        `select m.id from messages m join room_members rm on rm.room_id = m.room_id and rm.user_id = ?
         where m.deleted_at is null and m.text like ? order by m.created_at desc limit 20`,
      ).all(viewerId, `%${term}%`);
    },
    async close() {
      db.close();
    },
  };
}

function pgFill(url: string): Fill {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  let author = '';
  return {
    async insert(rows) {
      await connected;
      const values: unknown[] = [];
      const tuples = rows.map((r, i) => {
        values.push(r.id, r.room, r.seq, author, r.text, r.at);
        const b = i * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, 'user', $${b + 4}, $${b + 5}, $${b + 6})`;
      });
      await client.query(
        `insert into messages (id, room_id, seq, kind, author_id, text, created_at) values ${tuples.join(',')}`,
        values,
      );
    },
    async exec(sql, params = []) {
      await connected;
      if (sql === 'author') author = String(params[0]);
      // VACUUM also moves the GIN index's pending list into the index, as autovacuum does.
      else if (sql === 'analyze') await client.query('vacuum analyze');
      else {
        await client.query(
          sql.replace(
            /\?/g,
            (() => {
              let i = 0;
              return () => `$${++i}`;
            })(),
          ),
          params,
        );
      }
    },
    async like(term, viewerId) {
      await client.query(
        `select m.id from messages m join room_members rm on rm.room_id = m.room_id and rm.user_id = $1
         where m.deleted_at is null and m.text like $2 order by m.created_at desc limit 20`,
        [viewerId, `%${term}%`],
      );
    },
    async close() {
      await connected;
      await client.end();
    },
  };
}

async function startOn(databaseUrl: string, dataDir: string) {
  const port = await freePort();
  const proc = await startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', DATABASE_URL: databaseUrl },
  });
  return { url: `http://127.0.0.1:${port}`, proc };
}

/** Setup (first start), then a bearer token with limits lifted; returns the admin's id too. */
async function adminOf(url: string, fresh: boolean): Promise<{ token: string; id: string }> {
  const admin = new Session(url);
  if (fresh) {
    await admin.request('POST', '/api/v1/setup', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    });
  } else await admin.request('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  await admin.request('PATCH', '/api/v1/admin/settings', {
    limits: { messagesPerMinute: 100_000, roomsPerHour: 100_000, searchesPerMinute: 100_000 },
  });
  const { user } = await admin.request<{ user: { id: string } }>('GET', '/api/v1/me');
  const { secret } = await admin.request<{ secret: string }>('POST', '/api/v1/me/tokens', {
    name: 'bench',
    scopes: ['read', 'write'],
  });
  return { token: secret, id: user.id };
}

/** Writes the rooms and MESSAGES messages in one transaction (multi-row inserts); seconds taken. */
async function fill(fillDb: Fill, adminId: string): Promise<number> {
  const start = performance.now();
  const at0 = Date.parse('2026-01-01T00:00:00.000Z');
  await fillDb.exec('begin');
  await fillDb.exec('author', [adminId]);
  for (let i = 0; i < ROOMS; i++) {
    const iso = new Date(at0).toISOString();
    await fillDb.exec(
      `insert into rooms (id, type, name, display_name, created_at, updated_at, last_seq, member_count) values (?, 'channel', ?, ?, ?, ?, 0, ?)`,
      [`benchroom${i}`, `benchroom${i}`, `Bench ${i}`, iso, iso, i < ROOMS / 2 ? 1 : 0],
    );
    if (i < ROOMS / 2) {
      await fillDb.exec(
        `insert into room_members (room_id, user_id, role, joined_at) values (?, ?, 'owner', ?)`,
        [`benchroom${i}`, adminId, iso],
      );
    }
  }
  const r = random(20);
  const seqs = new Array<number>(ROOMS).fill(0);
  const BATCH = 1_000;
  for (let n = 0; n < MESSAGES; n += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, MESSAGES - n) }, (_, k) => {
      const room = (n + k) % ROOMS;
      return {
        id: `benchmsg${n + k}`,
        room: `benchroom${room}`,
        seq: ++seqs[room]!,
        text: textOf(r),
        at: new Date(at0 + (n + k) * 1000).toISOString(),
      };
    });
    await fillDb.insert(rows);
  }
  for (let i = 0; i < ROOMS; i++) {
    await fillDb.exec('update rooms set last_seq = ? where id = ?', [seqs[i], `benchroom${i}`]);
  }
  await fillDb.exec('commit');
  // What autovacuum (PostgreSQL: statistics, the GIN index's pending list) and `PRAGMA optimize`
  // keep a live database at; a million rows written at once would otherwise be planned blind.
  await fillDb.exec('analyze');
  return (performance.now() - start) / 1000;
}

/** Sequential searches through the API for mid-frequency words (ranks 1,000–5,000); ms per search. */
async function searchLatencies(url: string, token: string, ranks: [number, number], count: number) {
  const r = random(7);
  const latencies: number[] = [];
  let results = 0;
  for (let i = 0; i < count; i++) {
    const term = wordOf(ranks[0] + Math.floor(r() * (ranks[1] - ranks[0])));
    const t = performance.now();
    const res = await fetch(`${url}/api/v1/search?q=${term}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { results?: unknown[] };
    latencies.push(performance.now() - t);
    if (!res.ok) throw new Error(`search ${res.status}`);
    results += body.results?.length ?? 0;
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), avgResults: results / count };
}

async function likeLatencies(fillDb: Fill, viewerId: string): Promise<{ p50: number; p99: number }> {
  const r = random(7);
  const latencies: number[] = [];
  for (let i = 0; i < LIKE_SCANS; i++) {
    const t = performance.now();
    await fillDb.like(wordOf(1_000 + Math.floor(r() * 4_000)), viewerId);
    latencies.push(performance.now() - t);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** 32 concurrent API senders over 8 rooms for SENDS_S seconds; acked sends/s. */
async function sends(url: string, token: string): Promise<number> {
  const rooms = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const res = await fetch(`${url}/api/v1/rooms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'channel', name: `sends${i}x${Math.floor(performance.now())}` }),
      });
      return ((await res.json()) as { room: { id: string } }).room.id;
    }),
  );
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: 32,
      duration,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              path: `/api/v1/rooms/${rooms[n % 8]}/messages`,
              body: JSON.stringify({ text: textOf(random(n)), clientMsgId: `s${n}` }),
            };
          },
        },
      ],
    });
  await run(1);
  const res = await run(SENDS_S);
  if (res.non2xx + res.errors > 0) console.warn(`sends: ${res.non2xx} non-2xx, ${res.errors} errors`);
  return res['2xx'] / SENDS_S;
}

interface DbRun {
  name: string;
  buildS: number;
  mid: { p50: number; p99: number; avgResults: number };
  common: { p50: number; p99: number; avgResults: number };
  like: { p50: number; p99: number };
  withIndex: number;
  withoutIndex: number;
}

async function runOn(
  name: string,
  urlFor: (label: string) => Promise<string>,
  fillFor: (url: string) => Fill,
  dropIndex: (url: string) => Promise<void>,
): Promise<DbRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-search-'));
  try {
    const dbUrl = await urlFor('big');
    let server = await startOn(dbUrl, dataDir);
    const admin = await adminOf(server.url, true);
    await stop(server.proc);
    const fillDb = fillFor(dbUrl);
    const buildS = await fill(fillDb, admin.id);
    server = await startOn(dbUrl, dataDir);
    const { token } = await adminOf(server.url, false);
    await searchLatencies(server.url, token, [1_000, 5_000], 20); // warm-up
    const mid = await searchLatencies(server.url, token, [1_000, 5_000], SEARCHES);
    const common = await searchLatencies(server.url, token, [10, 100], 50);
    await stop(server.proc);
    const like = await likeLatencies(fillDb, admin.id);
    await fillDb.close();

    const measureSends = async (label: string, drop: boolean) => {
      const url = await urlFor(label);
      const dir = mkdtempSync(join(tmpdir(), 'parley-bench-search-sends-'));
      let s = await startOn(url, dir);
      await adminOf(s.url, true);
      if (drop) {
        await stop(s.proc);
        await dropIndex(url);
        s = await startOn(url, dir);
      }
      const { token: t } = await adminOf(s.url, false);
      const perSec = await sends(s.url, t);
      await stop(s.proc);
      rmSync(dir, { recursive: true, force: true });
      return perSec;
    };
    const withIndex = await measureSends('with', false);
    const withoutIndex = await measureSends('without', true);
    return { name, buildS, mid, common, like, withIndex, withoutIndex };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `SEARCH_BENCH_PG_HUGE_PAGES=true` (as root): reserves 2 MB pages for the shared buffers
 * (`vm.nr_hugepages`, given back afterwards) and starts PostgreSQL with `huge_pages=on`. Without
 * them every backend maps each 8 KB buffer it touches on first use; on a virtual machine whose
 * page faults are dear (these: ~30 µs each) that, not the search, is most of a search's time
 * until a pooled connection has touched the whole table (docs/benchmarks.md).
 */
function reserveHugePages(buffers: string): { release(): void } {
  const file = '/proc/sys/vm/nr_hugepages';
  const before = readFileSync(file, 'utf8').trim();
  const mb =
    Number(/^(\d+)GB$/i.exec(buffers)?.[1] ?? 0) * 1024 || Number(/^(\d+)MB$/i.exec(buffers)?.[1] ?? 0);
  if (!mb) {
    throw new Error(`SEARCH_BENCH_PG_HUGE_PAGES needs SEARCH_BENCH_PG_BUFFERS in MB or GB, not ${buffers}`);
  }
  // The buffers plus PostgreSQL's other shared memory (well under 10 %).
  writeFileSync(file, String(Math.ceil((mb * 1.1) / 2) + 16));
  return { release: () => writeFileSync(file, before) };
}

export default async function searchBench(): Promise<BenchResult> {
  const runs: DbRun[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'parley-bench-search-db-'));
  const sqliteUrl = async (label: string) => `sqlite:${join(sqliteDir, `${label}.db`)}`;
  if (DATABASES.includes('sqlite')) {
    runs.push(
      await runOn(
        'SQLite',
        sqliteUrl,
        (url) => sqliteFill(url.slice('sqlite:'.length)),
        async (url) => {
          const db = new Database(url.slice('sqlite:'.length));
          for (const t of ['messages_fts_ai', 'messages_fts_au', 'messages_fts_ad']) {
            db.exec(`drop trigger ${t}`);
          }
          db.close();
        },
      ),
    );
  }
  rmSync(sqliteDir, { recursive: true, force: true });

  // Shared buffers sized for a million-message database, as a production server's would be (the
  // default 128 MB holds a fraction of it; PostgreSQL's docs suggest about a quarter of the RAM).
  const buffers = process.env.SEARCH_BENCH_PG_BUFFERS ?? '1GB';
  const hugePages = process.env.SEARCH_BENCH_PG_HUGE_PAGES === 'true' ? reserveHugePages(buffers) : null;
  const postgres = DATABASES.includes('postgres')
    ? await startPostgres({ shared_buffers: buffers, ...(hugePages ? { huge_pages: 'on' } : {}) })
    : null;
  if (postgres) {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const pgUrl = async (label: string) => {
      await admin.query(`create database search_${label}`);
      return postgres.url.replace(/\/[^/]*$/, `/search_${label}`);
    };
    runs.push(
      await runOn('PostgreSQL', pgUrl, pgFill, async (url) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query('alter table messages drop column search');
        await c.end();
      }),
    );
    await admin.end();
    await postgres.stop();
  }
  hugePages?.release();

  const ms = (v: number) => v.toFixed(1);
  return {
    title: `Search: ${MESSAGES.toLocaleString('en-US')} messages in ${ROOMS} rooms (searcher in ${ROOMS / 2}); acked sends/s with and without the index${hugePages ? `; PostgreSQL ${buffers} buffers on huge pages` : `; PostgreSQL ${buffers} buffers`}`,
    columns: [
      'database',
      'build s',
      'search p50 ms',
      'search p99 ms',
      'common word p99 ms',
      'LIKE scan p50 ms',
      'LIKE scan p99 ms',
      'sends/s indexed',
      'sends/s no index',
      '% of no index',
    ],
    rows: runs.map((r) => [
      r.name,
      Math.round(r.buildS),
      ms(r.mid.p50),
      ms(r.mid.p99),
      ms(r.common.p99),
      ms(r.like.p50),
      ms(r.like.p99),
      Math.round(r.withIndex),
      Math.round(r.withoutIndex),
      `${((r.withIndex / r.withoutIndex) * 100).toFixed(1)} %`,
    ]),
    notes: [
      `Search: ${SEARCHES} sequential GET /search through HTTP for words of frequency rank 1,000–5,000 of a ${VOCABULARY.toLocaleString('en-US')}-word Zipf vocabulary ` +
        `(avg results/page: ${runs.map((r) => `${r.name} ${r.mid.avgResults.toFixed(1)}`).join(', ')}); "common word": ranks 10–100 (thousands of hits each, all ranked). ` +
        `Baseline: ${LIKE_SCANS} LIKE '%word%' scans with the same membership join, straight on the database (no HTTP).`,
      'Build: the rooms and messages written in one transaction with multi-row inserts, the index maintained as they go (FTS5 triggers / generated column + GIN).',
      'Sends: 32 concurrent API senders over 8 rooms, fresh databases; "no index": SQLite with the FTS triggers dropped, PostgreSQL without the generated column.',
      'Goals: search p99 ≤ 50 ms; sends with the index ≥ 90 % of without.',
    ],
  };
}
