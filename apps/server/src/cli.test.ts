import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.js';
import { verifyPassword } from './lib/password.js';

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
