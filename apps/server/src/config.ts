import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ensureDir } from './lib/ensure-dir.js';
import type { S3Settings } from './storage/s3-object-store.js';

const here = dirname(fileURLToPath(import.meta.url));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Parley reads. Nothing else in the code reads `process.env`. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number from 0 to 65535')
    .default(3000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chat.example.org' })
    .default('http://localhost:3000'),
  /** Extra origins allowed to open sockets and send cookie-authenticated writes (comma-separated). */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .refine(
      (v) => splitList(v).every((o) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol)),
      'must be a comma-separated list of http(s) origins such as https://app.example.org',
    ),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .refine(
      (v) => v !== 'sqlite:' && v !== 'sqlite://',
      'sqlite: needs a file path such as sqlite:./data/parley.db (or sqlite::memory: for a throwaway in-memory database)',
    )
    .default('sqlite:./data/parley.db'),
  /** false: one commit per message (the benchmarks' baseline); true shares a commit among concurrent sends. */
  GROUP_COMMIT: bool.default(true),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Built SPA to serve; defaults to apps/web/dist next to this package. */
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Time for a whole request (headers and body) to arrive; slower ones are cut off. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** One log line per request (health checks only at debug). */
  LOG_REQUESTS: bool.default(true),
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** log2 of scrypt's N; 15 (the default) costs about 50–100 ms per hash on a small server. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  /** Key (≥ 32 characters) that encrypts stored secrets; generated into DATA_DIR on first start when unset. */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long someone stays "online" after their last socket closes (a reload or a brief drop is not "offline"). */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  /** The key before a rotation: secrets it sealed are re-sealed under SECRET_KEY at start. */
  SECRET_KEY_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Outgoing mail (consultation reminders); unset means no email, only in-app notices. */
  SMTP_URL: z
    .string()
    .refine(
      isSmtpUrl,
      'must be an smtp:// or smtps:// URL with a host, such as smtp://user:password@mail.example.org:587',
    )
    .optional(),
  /** Where avatars and files live (issue 20): a folder under DATA_DIR, or an S3-compatible bucket. */
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://s3.example.org' })
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name (3–63 lowercase letters, digits, dots, hyphens)',
    )
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be a region such as us-east-1')
    .default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  /**
   * Issue 21: accept Web Push endpoints on loopback, private, link-local and unique-local addresses
   * (tests, closed networks with their own push service). Off: such endpoints are refused, so a
   * subscription cannot make the server send requests into its own network.
   */
  PUSH_ALLOW_PRIVATE_ENDPOINTS: bool.default(false),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      'must be an address such as parley@example.org or Parley <parley@example.org>',
    )
    .default('Parley <parley@localhost>'),
});

/** `smtp://` or `smtps://` with a host; the value itself never appears in an error (it may hold a password). */
function isSmtpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** The smallest key Parley accepts, from SECRET_KEY or DATA_DIR/secret.key alike. */
export const MIN_SECRET_KEY_LENGTH = 32;

export interface Config {
  env: 'production' | 'development' | 'test';
  http: {
    host: string;
    port: number;
    publicUrl: string;
    allowedOrigins: string[];
    trustProxy: boolean;
    requestTimeoutMs: number;
  };
  /** `groupCommit`: concurrent sends share a commit (per room on PostgreSQL); GROUP_COMMIT=false turns it off. */
  database: { url: string; groupCommit: boolean };
  redis: { url: string } | null;
  /**
   * `objectsDir`: the local object store's folder (issue 20); `s3` is set when STORAGE=s3 chose an
   * S3-compatible bucket instead. `avatarsDir` is where avatars lived before: moved into the store at start.
   */
  storage: { dataDir: string; avatarsDir: string; objectsDir: string; s3: S3Settings | null };
  web: { distDir: string | null };
  log: { level: string; requests: boolean };
  auth: { sessionTtlMs: number; passwordHashCost: number; secureCookies: boolean };
  realtime: { presenceGraceMs: number };
  /** Web Push (issue 21): `allowPrivateEndpoints` from PUSH_ALLOW_PRIVATE_ENDPOINTS. */
  push: { allowPrivateEndpoints: boolean };
  /** Outgoing mail: `smtpUrl` null means none is sent. */
  mail: { smtpUrl: string | null; from: string };
  secretKey: string;
  previousSecretKey: string | null;
  /** What start-up should tell the operator (a key was generated, an in-memory database). */
  notices: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Parley cannot start: ${problems[0]}`
        : `Parley cannot start, the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
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
  const s3 = s3Settings(e);
  const dataDir = resolve(e.DATA_DIR);
  const notices: string[] = [];
  if (e.DATABASE_URL === 'sqlite::memory:') {
    notices.push('DATABASE_URL=sqlite::memory: keeps everything in memory: all data is lost on restart');
  }
  prepareDataDir(dataDir);
  let secretKey = e.SECRET_KEY;
  if (secretKey === undefined) {
    const { key, created, file } = readOrCreateSecretKey(dataDir);
    secretKey = key;
    if (created) notices.push(`generated a new secret key in ${file}; back it up with the database`);
  }
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
        ...splitList(e.ALLOWED_ORIGINS).map((o) => new URL(o).origin),
      ],
      trustProxy: e.TRUST_PROXY,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    },
    database: { url: e.DATABASE_URL, groupCommit: e.GROUP_COMMIT },
    redis: e.REDIS_URL ? { url: e.REDIS_URL } : null,
    storage: {
      dataDir,
      avatarsDir: resolve(dataDir, 'avatars'),
      objectsDir: resolve(dataDir, 'objects'),
      s3,
    },
    web: { distDir: existsSync(resolve(distDir, 'index.html')) ? distDir : null },
    log: { level: e.LOG_LEVEL, requests: e.LOG_REQUESTS },
    auth: {
      sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
      passwordHashCost: e.PASSWORD_HASH_COST,
      secureCookies: publicUrl.startsWith('https:'),
    },
    realtime: { presenceGraceMs: e.PRESENCE_GRACE_MS },
    push: { allowPrivateEndpoints: e.PUSH_ALLOW_PRIVATE_ENDPOINTS },
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM },
    secretKey,
    previousSecretKey: e.SECRET_KEY_PREVIOUS ?? null,
    notices,
  });
}

/**
 * STORAGE=s3 needs a bucket and its keys; the message names what is missing, never a value (the
 * secret key must not reach a log or a terminal).
 */
function s3Settings(e: z.infer<typeof EnvSchema>): S3Settings | null {
  if (e.STORAGE !== 's3') return null;
  const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter(
    (name) => !e[name],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((name) => `${name}: STORAGE=s3 needs it (see docs/storage.md), or set STORAGE=local`),
    );
  }
  return {
    endpoint: e.S3_ENDPOINT ?? null,
    bucket: e.S3_BUCKET!,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

/** The data folder holds the database and key: only Parley's user may read it. */
function prepareDataDir(dataDir: string): void {
  try {
    ensureDir(dataDir, 0o700);
  } catch (err) {
    throw new ConfigError([`DATA_DIR: cannot use ${dataDir} (${reason(err)})`]);
  }
}

/**
 * The embedded setup keeps its key beside the database so a restart can still read stored secrets.
 * A key file that exists must be as strong as SECRET_KEY: an empty or short one would seal secrets
 * under a guessable key, so it stops the start instead.
 */
function readOrCreateSecretKey(dataDir: string): { key: string; created: boolean; file: string } {
  const file = resolve(dataDir, 'secret.key');
  try {
    if (existsSync(file)) {
      const key = readFileSync(file, 'utf8').trim();
      if (key.length < MIN_SECRET_KEY_LENGTH) {
        throw new ConfigError([
          `SECRET_KEY: ${file} holds ${key.length === 0 ? 'no key' : 'a key shorter than 32 characters'}; ` +
            'restore the original file, or delete it to generate a new one (stored secrets must then be re-entered)',
        ]);
      }
      return { key, created: false, file };
    }
    const key = randomBytes(32).toString('base64url');
    // Written whole or not at all: a crash mid-write must not leave an empty key behind.
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, key + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    } finally {
      rmSync(temp, { force: true });
    }
    return { key, created: true, file };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`SECRET_KEY: cannot read or create ${file} (${reason(err)})`]);
  }
}

const reason = (err: unknown): string =>
  err instanceof Error
    ? err.message.startsWith('cannot')
      ? err.message
      : ((err as NodeJS.ErrnoException).code ?? err.message)
    : String(err);
