/**
 * `parley admin create --username NAME --display-name "Full Name" [--email E] [--role admin|user]`
 * Reads the password from PARLEY_ADMIN_PASSWORD or the first line of standard input, never from the
 * command line (where `ps` and shell history would keep it). Uses the same config as the server.
 */
import { parseArgs } from 'node:util';
import { AdminUserCreateRequestSchema } from '@parley/shared';
import { AppError } from './errors.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { systemClock } from './lib/clock.js';
import { offlineRealtime } from './realtime/realtime.port.js';
import { createServices } from './services.js';

const USAGE = `Usage:
  parley admin create --username NAME --display-name "Full Name" [--email EMAIL] [--role admin|user]
    The password is read from PARLEY_ADMIN_PASSWORD or from standard input.`;

class UsageError extends Error {}

async function readPassword(): Promise<string> {
  if (process.env.PARLEY_ADMIN_PASSWORD) return process.env.PARLEY_ADMIN_PASSWORD;
  if (process.stdin.isTTY) {
    throw new UsageError('Pipe the password on standard input or set PARLEY_ADMIN_PASSWORD');
  }
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input.split(/\r?\n/)[0] ?? '';
}

async function createAccount(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', default: 'admin' },
    },
    strict: true,
  });
  const parsed = AdminUserCreateRequestSchema.safeParse({
    username: values.username,
    displayName: values['display-name'],
    email: values.email,
    role: values.role,
    password: await readPassword(),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.') || 'input'}: ${issue.message}`);
  }
  const config = loadConfig();
  const db = openDatabase(config.database.url);
  try {
    await migrateToLatest(db);
    const services = createServices(config, db, systemClock, offlineRealtime);
    const user = await services.auth.createUser(parsed.data);
    return `Created ${user.role} "${user.username}" (${user.id}).`;
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<string> {
  const [group, command, ...rest] = argv;
  if (group === 'admin' && command === 'create') return createAccount(rest);
  if (group === undefined || group === '--help' || group === 'help') return USAGE;
  throw new UsageError(`Unknown command "${argv.join(' ')}"\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (message) => {
    process.stdout.write(message + '\n');
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof AppError || err instanceof ConfigError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`parley: ${known ? message : `unexpected error: ${message}`}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
