/**
 * `parley admin create --username NAME --display-name "Full Name" [--email E] [--role admin|user]`
 * Reads the password from PARLEY_ADMIN_PASSWORD, from a hidden prompt (asked twice) in a terminal,
 * or from the first line of piped standard input; never from the command line (where `ps` and shell
 * history would keep it). Uses the same config as the server.
 *
 * `parley jitsi doctor`: the Jitsi settings as stored (secrets decrypted, never printed) judged by
 * @parley/jitsi: problems, warnings, a sample token's claims, the docker-jitsi-meet environment.
 * Exit code 1 when there are problems, 2 when the command itself could not run.
 */
import { parseArgs } from 'node:util';
import { DEPLOYMENT_NAMES, deploymentOf, xmppDomainOf } from '@parley/jitsi';
import { AdminUserCreateRequestSchema } from '@parley/shared';
import { AppError } from './errors.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { systemClock } from './lib/clock.js';
import { offlineRealtime } from './realtime/realtime.port.js';
import { createServices } from './services.js';
import { JitsiCheckService } from './modules/settings/index.js';

const USAGE = `Usage:
  parley admin create --username NAME --display-name "Full Name" [--email EMAIL] [--role admin|user]
    Creates an account (an administrator unless --role user). In a terminal the password is asked
    for twice, hidden; otherwise it is read from PARLEY_ADMIN_PASSWORD or the first line of standard
    input. Run it from the directory Parley runs in, with the same environment (DATABASE_URL, DATA_DIR).

  parley jitsi doctor
    Checks the Jitsi settings stored in the database (secrets included, never printed): problems,
    warnings, a sample token's claims and the docker-jitsi-meet environment. Exits 1 on problems.`;

/** What a command prints, and the exit code (0 unless it says otherwise). */
interface Outcome {
  text: string;
  code?: number;
}

class UsageError extends Error {}

/** Reads one line from the terminal without echoing it. Ctrl-C aborts. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    // Echo goes off before the question appears, so nothing typed after it is ever shown.
    input.setRawMode(true);
    input.resume();
    process.stderr.write(question);
    let typed = '';
    const finish = (error: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new UsageError('Cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (process.env.PARLEY_ADMIN_PASSWORD) return process.env.PARLEY_ADMIN_PASSWORD;
  if (process.stdin.isTTY) {
    const first = await promptHidden('Password (at least 10 characters): ');
    const second = await promptHidden('Password again: ');
    if (first !== second) throw new UsageError('The two passwords do not match; nothing was created');
    return first;
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

async function jitsiDoctor(argv: string[]): Promise<Outcome> {
  parseArgs({ args: argv, options: {}, strict: true });
  const config = loadConfig();
  const db = openDatabase(config.database.url);
  try {
    await migrateToLatest(db);
    const services = createServices(config, db, systemClock, offlineRealtime);
    const settings = await services.settings.get('jitsi');
    const view = (await services.settings.view()).jitsi;
    const result = await new JitsiCheckService({ settings: services.settings }).check();
    const lines: string[] = [];
    const mode = settings.useJaas
      ? 'JaaS (8x8)'
      : settings.useAuthToken
        ? 'self-hosted Jitsi with tokens (JWT)'
        : 'Jitsi without tokens';
    const xmpp = settings.domain === '' && !settings.useJaas ? null : xmppDomainOf(settings);
    const secret = (state: { set: boolean; readable: boolean }) =>
      !state.set ? 'not set' : state.readable ? 'set' : 'set, but unreadable with this SECRET_KEY';
    lines.push(
      `Jitsi settings in ${describeDatabase(config.database.url)}:`,
      `  domain: ${settings.domain === '' ? '(not chosen)' : settings.domain}; ${mode}`,
      `  deployment: ${DEPLOYMENT_NAMES[deploymentOf(settings)]}${xmpp === null ? '' : ` (XMPP domain ${xmpp})`}`,
      `  application secret: ${secret(view.appSecret)}; JaaS private key: ${secret(view.jaasPrivateKey)}`,
      '',
    );
    if (result.problems.length === 0) lines.push('No problems: calls can start with these settings.');
    else {
      lines.push(`${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}:`);
      for (const p of result.problems) {
        lines.push(`  - ${p.field === null ? '' : `${p.field}: `}${p.message}`);
      }
    }
    if (result.warnings.length > 0) {
      lines.push('', `${result.warnings.length} warning${result.warnings.length > 1 ? 's' : ''}:`);
      for (const w of result.warnings) {
        lines.push(`  ! ${w.field === null ? '' : `${w.field}: `}${w.message}`);
      }
    }
    if (result.sampleToken) {
      lines.push(
        '',
        'A sample token for a moderator (decoded; the signature is not shown):',
        indent(JSON.stringify(result.sampleToken, null, 2)),
      );
    }
    if (result.dockerEnv !== '') {
      lines.push(
        '',
        '# docker-jitsi-meet .env for these settings (the secret shown as a placeholder)',
        result.dockerEnv,
      );
    } else if (result.prosodyConfig !== '') {
      lines.push(
        '',
        '-- Prosody lines for these settings (the secret shown as a placeholder)',
        result.prosodyConfig,
      );
    } else if (result.configured && settings.useJaas) {
      lines.push(
        '',
        'JaaS: nothing to deploy; upload the public key of this private key in the JaaS console.',
      );
    }
    return { text: lines.join('\n'), code: result.configured ? 0 : 1 };
  } finally {
    await db.close();
  }
}

/** The database without credentials: a PostgreSQL URL's password never reaches the terminal. */
function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return 'the configured database';
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

async function main(argv: string[]): Promise<Outcome> {
  const [group, command, ...rest] = argv;
  if (group === 'admin' && command === 'create') return { text: await createAccount(rest) };
  if (group === 'jitsi' && command === 'doctor') return jitsiDoctor(rest);
  const asksForHelp = (word: string | undefined) =>
    word === undefined || word === '--help' || word === 'help';
  if (asksForHelp(group) || ((group === 'admin' || group === 'jitsi') && asksForHelp(command))) {
    return { text: USAGE };
  }
  throw new UsageError(`Unknown command "${argv.join(' ')}"\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  ({ text, code }) => {
    process.stdout.write(text + '\n');
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof AppError || err instanceof ConfigError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`parley: ${known ? message : `unexpected error: ${message}`}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
