/**
 * Helpers for the chat benchmark: a cookie-keeping HTTP session, free ports, child servers (the
 * built Parley, a raw `ws` broadcaster, a bare socket.io broadcaster, a throwaway PostgreSQL with
 * fsync on), and the server process's resident memory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

/** A browser-like client: keeps cookies, sends Origin and the CSRF header on writes. */
export class Session {
  readonly cookies: Record<string, string> = {};
  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        origin: this.base,
        cookie: this.cookieHeader,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.cookies.parley_csrf ? { 'x-csrf-token': this.cookies.parley_csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (name) this.cookies[name.trim()] = value.join('=');
    }
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Starts a small inline server script as a child process; resolves with its port and the process. */
export async function startScript(code: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((ok, fail) => {
    proc.stdout.once('data', (d: Buffer) => ok(Number(d.toString().trim())));
    proc.once('exit', (c) => fail(new Error(`baseline server exited with ${c}`)));
  });
  return { port, proc };
}

/** Broadcasts every message a client sends to all connected clients, then acks the sender. */
export const RAW_WS_SERVER = `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', (data) => {
  const text = data.toString();
  for (const client of wss.clients) if (client !== ws) client.send(text);
  ws.send('ack');
}));
wss.on('listening', () => console.log(wss.address().port));
`;

/** The same with socket.io: no authentication, no storage, one room. */
export const BARE_SOCKET_IO_SERVER = `
import { createServer } from 'node:http';
import { Server } from 'socket.io';
const http = createServer();
const io = new Server(http, { serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.join('room');
  socket.on('send', (message, ack) => { io.to('room').except(socket.id).emit('message:new', message); ack(true); });
});
http.listen(0, '127.0.0.1', () => console.log(http.address().port));
`;

/** SIGTERM, then SIGKILL after 15 s (Parley itself gives up on lingering connections after 10 s). */
export function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.once('exit', () => {
      clearTimeout(force);
      done();
    });
    proc.kill('SIGTERM');
  });
}

/**
 * A throwaway PostgreSQL from the Debian binaries with its durability settings left at the defaults
 * (fsync on, synchronous_commit on), so acked sends are as durable as SQLite's. Null without them.
 */
export async function startPostgres(
  /** Server settings beyond the defaults (`-c name=value`), e.g. a production-sized `shared_buffers`. */
  settings: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void> } | null> {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base)
    ? readdirSync(base).find((v) => existsSync(join(base, v, 'bin', 'initdb')))
    : undefined;
  if (!version) return null;
  const bin = join(base, version, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      }
    : {};
  if (asRoot) chownSync(dir, user.uid!, user.gid!);
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], {
    stdio: 'pipe',
    cwd: dir,
    ...user,
  });
  const port = await freePort();
  const extra = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  // prettier-ignore
  const proc = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100', ...extra], { stdio: 'ignore', cwd: dir, ...user });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (i > 150) throw new Error('PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
