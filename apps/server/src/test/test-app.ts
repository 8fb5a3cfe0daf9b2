import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@parley/shared';
import { buildApp, type BuildOptions, type ParleyApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { DatabaseKind, Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { createTestDb } from './databases.js';

export interface TestApp extends ParleyApp {
  config: Config;
  close(): Promise<void>;
}

export const TEST_ORIGIN = 'http://localhost:3000';

/** The real app on a fresh database and data folder; cheap password hashing keeps the suite fast. */
export async function createTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  options: { clock?: Clock; logStream?: NodeJS.WritableStream; push?: BuildOptions['push'] } = {},
): Promise<TestApp> {
  const db = await createTestDb(kind);
  const app = await createTestAppOn(db, env, options);
  return {
    ...app,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/**
 * The real app on a database the caller owns and closes: for restarts against the same data (a
 * changed secret key, a second node). Closing it removes only its data folder.
 */
export async function createTestAppOn(
  db: Db & { url: string },
  env: Record<string, string> = {},
  options: { clock?: Clock; logStream?: NodeJS.WritableStream; push?: BuildOptions['push'] } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_ORIGIN,
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    WEB_DIST: join(dataDir, 'no-web'),
    LOG_LEVEL: options.logStream ? 'info' : 'silent',
    PASSWORD_HASH_COST: '10',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-000',
    ...env,
  });
  const parley = await buildApp(config, { db, ...options });
  return {
    ...parley,
    config,
    async close() {
      await parley.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A browser-like client: keeps the session cookies and echoes the CSRF token on writes. */
export class TestClient {
  cookies: Record<string, string> = {};
  bearer: string | null = null;

  constructor(private readonly app: TestApp) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.app.inject({
      method,
      url,
      headers: {
        origin: TEST_ORIGIN,
        ...(this.cookies[CSRF_COOKIE] && method !== 'GET'
          ? { [CSRF_HEADER]: this.cookies[CSRF_COOKIE] }
          : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      cookies: this.cookies,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    this.remember(res);
    return res;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', url, body, headers);
  put = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PUT', url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);

  get sessionCookieHeader(): string {
    return `${SESSION_COOKIE}=${this.sessionCookieValue}`;
  }

  get sessionCookieValue(): string {
    return this.cookies[SESSION_COOKIE] ?? '';
  }

  private remember(res: LightMyRequestResponse): void {
    // Expiry is judged by the app's clock (the test's "now"), as a browser whose clock agrees with
    // the server's would; the wall clock may be years away from a test's fixed clock.
    const now = this.app.services.clock.now().getTime();
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || (c.expires !== undefined && c.expires.getTime() <= now);
      if (cleared) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }
}
