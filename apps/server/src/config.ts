import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Parley reads. Nothing else in the code reads `process.env`. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chat.example.org' })
    .default('http://localhost:3000'),
  /** Extra origins allowed to open sockets and send cookie-authenticated writes (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(''),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/parley.db'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Built SPA to serve; defaults to apps/web/dist next to this package. */
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** log2 of scrypt's N; 15 (the default) costs about 50–100 ms per hash on a small server. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  /** Key (≥ 32 characters) that encrypts stored secrets; generated into DATA_DIR on first start when unset. */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

export interface Config {
  env: 'production' | 'development' | 'test';
  http: { host: string; port: number; publicUrl: string; allowedOrigins: string[]; trustProxy: boolean };
  database: { url: string };
  redis: { url: string } | null;
  storage: { dataDir: string; avatarsDir: string };
  web: { distDir: string | null };
  log: { level: string };
  auth: { sessionTtlMs: number; passwordHashCost: number; secureCookies: boolean };
  secretKey: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Parley cannot start, the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = e.PUBLIC_URL.replace(/\/+$/, '');
  const defaultDist = resolve(here, '../../web/dist');
  const distDir = e.WEB_DIST ? resolve(e.WEB_DIST) : defaultDist;
  return Object.freeze({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl,
      allowedOrigins: [
        new URL(publicUrl).origin,
        ...e.ALLOWED_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
          .map((o) => new URL(o).origin),
      ],
      trustProxy: e.TRUST_PROXY,
    },
    database: { url: e.DATABASE_URL },
    redis: e.REDIS_URL ? { url: e.REDIS_URL } : null,
    storage: { dataDir, avatarsDir: resolve(dataDir, 'avatars') },
    web: { distDir: existsSync(resolve(distDir, 'index.html')) ? distDir : null },
    log: { level: e.LOG_LEVEL },
    auth: {
      sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
      passwordHashCost: e.PASSWORD_HASH_COST,
      secureCookies: publicUrl.startsWith('https:'),
    },
    secretKey: e.SECRET_KEY ?? readOrCreateSecretKey(dataDir),
  });
}

/** The embedded setup keeps its key beside the database so a restart can still read stored secrets. */
function readOrCreateSecretKey(dataDir: string): string {
  const file = resolve(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
