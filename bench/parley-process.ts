/**
 * The built Parley server (`apps/server/dist/main.js`, what `npm start` runs) as a child process on
 * SQLite in a folder the caller owns, for benchmarks and the crash test. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function startBuiltParley(options: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof for a profile of the server). */
  nodeArgs?: string[];
}): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), 'apps/server/dist/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      PUBLIC_URL: url,
      DATABASE_URL: `sqlite:${join(options.dataDir, 'parley.db')}`,
      DATA_DIR: options.dataDir,
      PASSWORD_HASH_COST: '10',
      SECRET_KEY: 'bench-secret-key-of-at-least-32-chars',
      ...options.env,
    },
  });
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`Parley exited during startup with code ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('Parley did not start within 20 s');
}

/** Resolves once the process has exited (at once if it already has). */
export function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((ok) => proc.once('exit', () => ok()));
}
