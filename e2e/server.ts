/**
 * Starts the real Parley server (from source, like `npm run dev` without watching) on a free loopback
 * port with a fresh data directory and SQLite file, and stops it again after the run. Builds nothing:
 * the web app must already be built into apps/web/dist.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const webDist = join(repoRoot, 'apps/web/dist');
const serverEntry = join(repoRoot, 'apps/server/src/main.ts');
const STARTUP_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Parley exited during startup (code ${child.exitCode ?? child.signalCode}):\n${output()}`,
      );
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Parley did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export interface RunningParley {
  url: string;
  dataDir: string;
  stop(): Promise<string>;
}

export interface ParleyOptions {
  /**
   * The host of its PUBLIC_URL (it listens on 127.0.0.1 either way): `localhost` where passkeys are
   * used, as WebAuthn refuses an IP address as the relying party.
   */
  hostname?: string;
  /** More of its environment, e.g. SMTP_URL. */
  env?: Record<string, string>;
}

/**
 * A fresh Parley (built web app, its own SQLite database and data folder) on a free loopback port.
 * `stop()` ends it, removes its data and returns what it printed (warnings and errors).
 */
export async function startParley(options: ParleyOptions = {}): Promise<RunningParley> {
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(
      `The web app is not built (${webDist}/index.html is missing). Run \`npm run build\` ` +
        '(or `npm run build -w @parley/jitsi -w @parley/shared -w @parley/web`) in the repository root first.',
    );
  }
  const port = await freePort();
  const url = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=parley-source', serverEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: `sqlite:${join(dataDir, 'parley.db')}`,
      DATA_DIR: dataDir,
      WEB_DIST: webDist,
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '10',
      SECRET_KEY: randomBytes(32).toString('base64url'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  try {
    await waitForHealth(`http://127.0.0.1:${port}`, child, () => log);
  } catch (error) {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    dataDir,
    async stop() {
      await stop(child);
      await rm(dataDir, { recursive: true, force: true });
      return log.trim();
    },
  };
}
