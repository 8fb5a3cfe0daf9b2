import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { systemClock } from './lib/clock.js';
import { verifyPassword } from './lib/password.js';
import { offlineRealtime } from './realtime/realtime.port.js';
import { createServices } from './services.js';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function runCli(args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', ...args],
      { cwd: serverDir, env: { PATH: process.env.PATH ?? '', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

describe('parley admin create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, PASSWORD_HASH_COST: '10' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an administrator with the password from standard input', async () => {
    const result = await runCli(
      ['admin', 'create', '--username', 'Root', '--display-name', 'Root Admin'],
      env,
      'a long admin password\n',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Created admin "root" \(/);
    expect(result.code).toBe(0);

    const db = openDatabase(env.DATABASE_URL);
    try {
      const row = await db.kysely
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'root')
        .executeTakeFirstOrThrow();
      expect(row.role).toBe('admin');
      expect(await verifyPassword('a long admin password', row.password_hash)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('fails with one clear line for bad input', async () => {
    const short = await runCli(
      ['admin', 'create', '--username', 'x2', '--display-name', 'X'],
      env,
      'short\n',
    );
    expect(short.code).toBe(2);
    expect(short.stderr.trim()).toBe('parley: password: Passwords have at least 10 characters');

    const taken = await runCli(['admin', 'create', '--username', 'root', '--display-name', 'R'], {
      ...env,
      PARLEY_ADMIN_PASSWORD: 'another long password',
    });
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim()).toBe('parley: The username "root" is taken');

    const unknown = await runCli(['admin', 'delete'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "admin delete"');

    const badConfig = await runCli(['admin', 'create', '--username', 'yvonne', '--display-name', 'Y'], {
      ...env,
      DATABASE_URL: 'mysql://x',
      PARLEY_ADMIN_PASSWORD: 'another long password',
    });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('DATABASE_URL: must start with sqlite: or postgres://');
  });

  it('prints usage for `parley` and `parley admin` alone', async () => {
    for (const args of [[], ['admin'], ['--help'], ['admin', 'help']]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('parley admin create --username NAME');
    }
  });

  it('asks for the password twice, hidden, in a terminal', async () => {
    // `script` gives the CLI a real pseudo-terminal, as a person at a shell has.
    const inTerminal = (answers: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const command = `${process.execPath} --import tsx --conditions=parley-source src/cli.ts admin create --username tty${Math.random().toString(36).slice(2, 7)} --display-name 'T T'`;
        const child = spawn('script', ['-qec', command, '/dev/null'], {
          cwd: serverDir,
          env: { PATH: process.env.PATH ?? '', ...env },
        });
        let output = '';
        let asked = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const prompts = (output.match(/Password/g) ?? []).length;
          while (asked < prompts && asked < answers.length) child.stdin.write(`${answers[asked++]}\r`);
        });
        child.on('close', (code) => resolve({ code, output }));
      });

    const ok = await inTerminal(['a hidden password 1', 'a hidden password 1']);
    expect(ok.output).toMatch(/Created admin "tty/);
    expect(ok.output).not.toContain('a hidden password 1');
    expect(ok.code).toBe(0);

    const mismatch = await inTerminal(['a hidden password 1', 'another password 2']);
    expect(mismatch.output).toContain('The two passwords do not match; nothing was created');
    expect(mismatch.code).toBe(2);
  });
});

describe('parley jitsi doctor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-jitsi-'));
  const env = {
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
    SECRET_KEY: 'cli-test-secret-key-that-is-long-enough',
  };
  const SECRET = 'doctor-secret-of-only-27-bytes';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function storeJitsi(jitsi: Record<string, unknown>) {
    const db = openDatabase(env.DATABASE_URL);
    try {
      await migrateToLatest(db);
      const services = createServices(loadConfig(env), db, systemClock, offlineRealtime);
      await services.settings.update({ jitsi });
    } finally {
      await db.close();
    }
  }

  it('exits 1 and says to choose a domain on a fresh install', async () => {
    const result = await runCli(['jitsi', 'doctor'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('domain: (not chosen)');
    expect(result.stdout).toContain('1 problem:\n  - domain: Choose the Jitsi domain calls run on');
    expect(result.stdout).toContain('  ! useAuthToken: Token authentication is off');
    expect(result.stdout).not.toContain('sample token');
  });

  it('judges the stored, decrypted settings without printing the secret', async () => {
    await storeJitsi({ domain: 'meet.example.org', useAuthToken: true, appId: 'parley', appSecret: SECRET });
    const result = await runCli(['jitsi', 'doctor'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).toContain('application secret: set; JaaS private key: not set');
    expect(result.stdout).toContain('deployment: docker-jitsi-meet (XMPP domain meet.jitsi)');
    expect(result.stdout).toContain('No problems: calls can start with these settings.');
    expect(result.stdout).toContain('  ! appSecret: The application secret is shorter than 32 bytes');
    expect(result.stdout).toContain('A sample token for a moderator (decoded; the signature is not shown):');
    expect(result.stdout).toContain('"iss": "parley"');
    expect(result.stdout).toContain('"alg": "HS256"');
    expect(result.stdout).toContain('JWT_APP_SECRET=<your app secret>');
  });

  it('exits 1 listing each problem with its field', async () => {
    await storeJitsi({ appSecret: null, tokenAudience: '' });
    const result = await runCli(['jitsi', 'doctor'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 problems:');
    expect(result.stdout).toMatch(
      / {2}- appSecret: Token authentication is on but the application secret is empty/,
    );
    expect(result.stdout).toMatch(/ {2}- tokenAudience: The token audience is empty/);
    expect(result.stdout).not.toContain('sample token');
  });

  it('is listed in the usage', async () => {
    const result = await runCli(['jitsi', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('parley jitsi doctor');
  });
});
