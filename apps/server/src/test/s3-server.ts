import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real S3-compatible store for the suite: OpenStack Swift with its `s3api` middleware, started by
 * `start.sh` from `PARLEY_S3_SWIFT_DIR` or `<repository>/../shared/s3-swift` (Debian's `swift`
 * packages, `scripts/install-test-deps.sh`). It prints its endpoint and `S3_READY`; a SIGTERM to
 * start.sh stops every server it started and deletes its data (Swift's servers leave the process
 * group, so start.sh is the only handle).
 */
export interface S3Fixture {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export function s3SwiftDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARLEY_S3_SWIFT_DIR
    ? resolve(env.PARLEY_S3_SWIFT_DIR)
    : resolve(REPOSITORY_ROOT, '../shared/s3-swift');
}

/** Swift uses the port and the next fourteen: a base whose whole block is free right now. */
async function freePortBlock(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((ok) => {
      const srv = createServer()
        .once('error', () => ok(false))
        .listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let all = true;
    for (let p = base; p <= base + 14 && all; p++) all = await free(p);
    if (all) return base;
  }
  throw new Error('no block of 15 free ports for the S3 fixture');
}

export async function startS3(timeoutMs = 120_000): Promise<S3Fixture & { stop(): Promise<void> }> {
  const dir = s3SwiftDir();
  const script = join(dir, 'start.sh');
  if (!existsSync(script)) {
    throw new Error(
      `The S3 test store's start.sh is not in ${dir}: put ../shared/s3-swift beside the repository or set PARLEY_S3_SWIFT_DIR.`,
    );
  }
  if (!existsSync('/usr/bin/swift-proxy-server')) {
    throw new Error(
      'OpenStack Swift is not installed: run scripts/install-test-deps.sh (as root or with sudo).',
    );
  }
  const port = await freePortBlock();
  const proc = spawn('bash', [script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A store on real time (like Redis, see redis-server.ts): libfaketime's preload is not passed on.
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')),
      ),
      S3_PORT: String(port),
    },
  });
  let output = '';
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  const values = await new Promise<Record<string, string>>((ok, fail) => {
    const found: Record<string, string> = {};
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      fail(new Error(`the S3 test store did not start in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    let buffered = '';
    proc.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
        if (m) found[m[1]!] = m[2]!;
        if (line.startsWith('S3_READY')) {
          clearTimeout(timer);
          ok(found);
        }
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the S3 test store exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    endpoint: values.S3_ENDPOINT!,
    region: values.AWS_REGION ?? 'us-east-1',
    accessKeyId: values.AWS_ACCESS_KEY_ID!,
    secretAccessKey: values.AWS_SECRET_ACCESS_KEY!,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
