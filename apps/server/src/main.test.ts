import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts `main.ts` as `npm start` would and collects what it says when it refuses to start. */
function start(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; timedOut: boolean }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=parley-source', 'src/main.ts'],
      {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PASSWORD_HASH_COST: '10', ...env },
        // A start-up problem must end the process quickly; a hang is a failure of its own.
        timeout: 15_000,
        killSignal: 'SIGKILL',
      },
      (err, _stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stderr,
          timedOut: Boolean(err?.killed),
        }),
    );
  });
}

describe('start-up problems end with one clear line and a non-zero exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = () => ({ DATA_DIR: join(dir, `data-${Math.random().toString(36).slice(2)}`), PORT: '0' });

  const expectOneLine = (
    result: { code: number | null; stderr: string; timedOut: boolean },
    text: RegExp,
  ) => {
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Parley cannot start/);
    expect(lines[0]).toMatch(text);
  };

  it('an ALLOWED_ORIGINS entry that is not a URL', async () => {
    expectOneLine(await start({ ...base(), ALLOWED_ORIGINS: 'not a url' }), /ALLOWED_ORIGINS/);
  });

  it('PORT that is not a number names the variable', async () => {
    expectOneLine(await start({ ...base(), PORT: 'abc' }), /PORT/);
  });

  it('a DATA_DIR or database path under /proc (used to hang at 100 % CPU)', async () => {
    expectOneLine(await start({ ...base(), DATA_DIR: '/proc/nope' }), /DATA_DIR: cannot use \/proc\/nope/);
    expectOneLine(
      await start({ ...base(), DATABASE_URL: 'sqlite:/proc/x/y.db' }),
      /DATABASE_URL: cannot create \/proc\/x/,
    );
  });

  it('a file that is not a database, named', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'these are not the tables you are looking for '.repeat(200));
    expectOneLine(
      await start({ ...base(), DATABASE_URL: `sqlite:${file}` }),
      new RegExp(`${file} is not a SQLite database`),
    );
  });

  it('an empty sqlite: path', async () => {
    expectOneLine(
      await start({ ...base(), DATABASE_URL: 'sqlite:' }),
      /DATABASE_URL: sqlite: needs a file path/,
    );
  });

  it('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      expectOneLine(
        await start({ ...base(), HOST: '127.0.0.1', PORT: String(port) }),
        new RegExp(`port ${port} is in use; stop what uses it or set PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  it('creates the data folder 0700 and the database 0600', async () => {
    const dataDir = join(dir, 'fresh');
    // The port is taken so the process stops right after opening the database.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await start({
        DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${join(dataDir, 'parley.db')}`,
        HOST: '127.0.0.1',
        PORT: String(port),
      });
    } finally {
      blocker.close();
    }
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'parley.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('says on first start where its data is and that nobody is administrator yet', async () => {
    const dataDir = join(dir, 'first-start');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=parley-source', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        PASSWORD_HASH_COST: '10',
      },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first-start lines in:\n${output}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('no administrator yet')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    const lines = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; data?: string });
    expect(lines.some((l) => l.msg.includes('generated a new secret key') && l.msg.includes(dataDir))).toBe(
      true,
    );
    expect(lines.find((l) => l.msg.startsWith('Parley is ready'))?.data).toBe(dataDir);
    expect(lines.at(-1)?.msg).toMatch(
      /no administrator yet: open http:\/\/localhost:3000 or run `parley admin create`/,
    );
  });
});
