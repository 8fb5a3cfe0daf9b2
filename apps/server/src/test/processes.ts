import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** SIGTERM and wait for a clean exit (the graceful shutdown path). */
  stop(): Promise<void>;
  /** SIGKILL (`kill -9`) and wait until it is gone: no shutdown code runs. */
  crash(): Promise<void>;
}

/**
 * A real Parley server process (`src/main.ts` through tsx), as `npm start` would run it. With
 * `dataDir` (and `port`) the caller owns the folder, so a restart finds the same data.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: { dataDir?: string; port?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-proc-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=parley-source', 'src/main.ts'],
    {
      cwd: serverDir,
      stdio: ['ignore', process.env.PARLEY_TEST_LOG ? 'inherit' : 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        // Never the default ./data/parley.db: that is the working copy's own database.
        DATABASE_URL: `sqlite:${join(dataDir, 'parley.db')}`,
        LOG_LEVEL: process.env.PARLEY_TEST_LOG ?? 'warn',
        PASSWORD_HASH_COST: '10',
        ...env,
      },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    dataDir,
    async stop() {
      await end('SIGTERM');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    crash: () => end('SIGKILL'),
  };
}

/** A browser-like HTTP client for a server process: keeps cookies, sends Origin and the CSRF header. */
export class HttpSession {
  readonly cookies: Record<string, string> = {};

  constructor(
    private base: string,
    private readonly origin: string,
  ) {}

  /** The same signed-in browser talking to another node. */
  on(base: string): HttpSession {
    const other = new HttpSession(base, this.origin);
    Object.assign(other.cookies, this.cookies);
    return other;
  }

  get cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        origin: this.origin,
        cookie: this.cookieHeader,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.cookies[CSRF_COOKIE]
          ? { [CSRF_HEADER]: this.cookies[CSRF_COOKIE] }
          : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (name) this.cookies[name.trim()] = value.join('=');
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
