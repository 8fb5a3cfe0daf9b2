/**
 * Vitest global setup: starts a throwaway PostgreSQL from the Debian binaries (initdb into a temp dir,
 * a free port, fsync off) so the integration suite runs on the real thing. Set PARLEY_TEST_PG_URL to
 * use an existing server instead. There is no silent fallback: without PostgreSQL the suite fails.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error(
    'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForServer(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`PostgreSQL exited early:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start in 30 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.PARLEY_TEST_PG_URL) {
    project.provide('pgUrl', process.env.PARLEY_TEST_PG_URL);
    return async () => undefined;
  }
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  const dataDir = join(dir, 'data');
  // initdb refuses to run as root; the Debian package creates a postgres user for exactly this. Node
  // switches user itself (no runuser wrapper), so the stop signal reaches postgres directly.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      }
    : {};
  if (asRoot) chownSync(dir, user.uid!, user.gid!);

  execFileSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    {
      stdio: 'pipe',
      cwd: dir,
      ...user,
    },
  );

  const port = await freePort();
  // prettier-ignore
  const args = [
    '-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ];
  let output = '';
  const proc = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...user });
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForServer(url, proc, () => output);
  project.provide('pgUrl', url);

  return async () => {
    // SIGQUIT is PostgreSQL's immediate shutdown: nothing here needs to survive the run.
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGQUIT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}
