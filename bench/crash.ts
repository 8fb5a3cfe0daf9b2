/**
 * Durability under `kill -9`: the built server (SQLite, WAL, synchronous=FULL) takes a stream of
 * acknowledged writes (accounts created through the admin API) and is killed with SIGKILL at a
 * random moment, several rounds in a row. After each kill: `PRAGMA integrity_check` must say ok, and
 * every write the server acknowledged (201) must be there after a restart. Exits 1 on any loss.
 *
 * `npm run crash -w @parley/bench` (after `npm run build`). Loopback only, bounded rounds, stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exited, startBuiltParley } from './parley-process.js';
import { printTable } from './table.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const IN_FLIGHT = 8;

const freePort = () =>
  new Promise<number>((ok) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });

const start = (dataDir: string, port: number) =>
  startBuiltParley({
    dataDir,
    port,
    env: { LOG_LEVEL: 'warn', SECRET_KEY: 'crash-test-secret-key-of-32-characters' },
  });

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let proc = await start(dataDir, port);
  const rows: (string | number)[][] = [];
  let lost = 0;
  try {
    const setup = await fetch(`${base}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'root', displayName: 'Root', password: 'crash test password' }),
    });
    if (setup.status !== 201) throw new Error(`setup failed: ${setup.status}`);
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await setup.json()) as { csrfToken: string };
    const headers = { 'content-type': 'application/json', origin: base, cookie, 'x-csrf-token': csrfToken };
    const acknowledged: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      let stop = false;
      let ackedThisRound = 0;
      let sent = 0;
      const writer = async () => {
        while (!stop) {
          const username = `r${round}w${sent++}`;
          try {
            const res = await fetch(`${base}/api/v1/admin/users`, {
              method: 'POST',
              headers,
              body: JSON.stringify({
                username,
                displayName: `Writer ${username}`,
                password: 'a long enough password',
              }),
            });
            if (res.status === 201) {
              acknowledged.push(username);
              ackedThisRound++;
            }
          } catch {
            return; // the server died mid-request: not acknowledged
          }
        }
      };
      const writers = Array.from({ length: IN_FLIGHT }, writer);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      proc.kill('SIGKILL');
      await exited(proc);
      stop = true;
      await Promise.all(writers);

      const db = new Database(join(dataDir, 'parley.db'));
      const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
      db.close();

      proc = await start(dataDir, port);
      const list = (await (await fetch(`${base}/api/v1/admin/users`, { headers })).json()) as {
        users: { username: string }[];
      };
      const present = new Set(list.users.map((u) => u.username));
      const missing = acknowledged.filter((u) => !present.has(u));
      lost += missing.length;
      rows.push([
        round,
        ackedThisRound,
        acknowledged.length,
        acknowledged.length - missing.length,
        missing.length,
        integrity,
      ]);
      if (integrity !== 'ok') lost += 1;
    }
  } finally {
    proc.kill('SIGKILL');
    await exited(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable({
    title: `Crash durability: SIGKILL during writes, ${ROUNDS} rounds (SQLite, WAL, synchronous=FULL)`,
    columns: [
      'round',
      'acked this round',
      'acked in all',
      'present after restart',
      'lost',
      'integrity_check',
    ],
    rows,
    notes: [
      `${IN_FLIGHT} writers create accounts through POST /api/v1/admin/users as fast as the server answers; the server is killed with SIGKILL 0.3–1.5 s into each round, then restarted on the same files. A write counts as acknowledged only when its 201 arrived.`,
      lost === 0
        ? 'Nothing acknowledged was lost and the database was intact after every kill.'
        : `LOST: ${lost}`,
    ],
  });
  return lost === 0 ? 0 : 1;
}

process.exitCode = await main();
