/**
 * `parley-jitsi`: meeting links, token checks and a configuration doctor from the command line.
 * Output goes to stdout; every failure is one line on stderr and a non-zero exit code
 * (1: the token/settings were judged and found wanting, 2: the command itself could not run).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEPLOYMENT_NAMES, deploymentOf, xmppDomainOf } from './deployment.js';
import { formatDockerEnv, dockerEnv } from './docker-env.js';
import { joinCall } from './links.js';
import { debianProsodyConfig } from './prosody-config.js';
import { backendSafeRoomName } from './room-name.js';
import { advise } from './advise.js';
import { diagnose, formatProblem, parseJitsiSettings, type JitsiSettings } from './settings.js';
import { createTokenSigner } from './signer.js';
import { deploymentConfigFromSettings, roomNodeFor, verifyToken } from './verify.js';

const USAGE = `Usage:
  parley-jitsi link   --settings FILE --room-id ID --user-id ID --name NAME [--avatar URL] [--email E] [--moderator] [--title T]
  parley-jitsi check  --settings FILE --token JWT [--room NAME]
  parley-jitsi doctor --settings FILE`;

class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

function readSettingsJson(file: string | undefined): unknown {
  if (file === undefined) throw new UsageError('missing --settings FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read settings file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`settings file ${file} is not JSON: ${(err as Error).message}`);
  }
}

function loadSettings(file: string | undefined): JitsiSettings {
  const raw = readSettingsJson(file);
  try {
    return parseJitsiSettings(raw);
  } catch (err) {
    throw new UsageError(`invalid settings in ${file}: ${(err as Error).message}`);
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

function link(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: {
      settings: { type: 'string' },
      'room-id': { type: 'string' },
      'user-id': { type: 'string' },
      name: { type: 'string' },
      avatar: { type: 'string' },
      email: { type: 'string' },
      moderator: { type: 'boolean', default: false },
      title: { type: 'string' },
    },
    strict: true,
  });
  const settings = loadSettings(values.settings);
  const callId = required(values, 'room-id');
  const user = { id: required(values, 'user-id'), name: required(values, 'name') } as {
    id: string;
    name: string;
    avatar?: string;
    email?: string;
  };
  if (values.avatar) user.avatar = values.avatar;
  if (values.email) user.email = values.email;
  let signer;
  try {
    signer = createTokenSigner(settings);
  } catch (err) {
    throw new UsageError(`settings are not usable: ${(err as Error).message}`);
  }
  const join = joinCall(signer, {
    callId,
    user,
    moderator: values.moderator,
    ...(values.title !== undefined ? { title: values.title } : {}),
  });
  io.out(
    JSON.stringify(
      { roomName: join.roomName, url: join.url, jwt: join.jwt ?? null, iframe: join.iframe },
      null,
      2,
    ),
  );
  return 0;
}

function check(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: { settings: { type: 'string' }, token: { type: 'string' }, room: { type: 'string' } },
    strict: true,
  });
  const settings = loadSettings(values.settings);
  const token = required(values, 'token');
  if (!settings.useAuthToken) {
    throw new UsageError('useAuthToken is off in these settings: Jitsi checks no tokens');
  }
  let config;
  try {
    config = deploymentConfigFromSettings(settings);
  } catch (err) {
    throw new UsageError(`settings are not usable: ${(err as Error).message}`);
  }
  const room =
    values.room === undefined ? undefined : roomNodeFor(settings, backendSafeRoomName(values.room));
  const result = verifyToken(token, config, room === undefined ? {} : { room });
  if (result.ok) {
    io.out(`ACCEPTED: Jitsi would let this token ${room === undefined ? 'connect' : `join room "${room}"`}.`);
    io.out(`  affiliation: ${result.affiliation}${result.affiliation === 'owner' ? ' (moderator)' : ''}`);
    if (room === undefined) io.out('  room not checked (pass --room NAME to check the room claim)');
    for (const note of result.notes) io.out(`  note: ${note}`);
    return 0;
  }
  io.out(`REJECTED at ${result.stage === 'connect' ? 'connect' : 'room join'}: ${result.error}`);
  io.out(`  ${result.explanation}`);
  return 1;
}

function doctor(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { settings: { type: 'string' } }, strict: true });
  const raw = readSettingsJson(values.settings);
  const problems = diagnose(raw);
  if (problems.length > 0) {
    io.out(`${problems.length} problem${problems.length > 1 ? 's' : ''} in ${values.settings}:`);
    for (const p of problems) io.out(`  - ${formatProblem(p)}`);
  } else {
    io.out(`No problems in ${values.settings}.`);
  }
  let settings: JitsiSettings | undefined;
  try {
    settings = parseJitsiSettings(raw);
  } catch {
    settings = undefined;
  }
  if (settings) {
    const notes = advise(settings);
    for (const n of notes) io.out(`  ! ${formatProblem(n)}`);
    const kind = deploymentOf(settings);
    const xmpp = xmppDomainOf(settings);
    io.out(`\nDeployment: ${DEPLOYMENT_NAMES[kind]}${xmpp === null ? '' : ` (XMPP domain ${xmpp})`}.`);
    if (settings.useJaas) {
      io.out('JaaS (8x8): nothing to deploy; upload the public key of jaasPrivateKey in the JaaS console.');
    } else if (settings.useAuthToken && kind === 'docker') {
      io.out('\n# docker-jitsi-meet .env for these settings (secrets shown as placeholders)');
      io.out(formatDockerEnv(dockerEnv(settings)));
    } else if (settings.useAuthToken) {
      io.out('\n-- Prosody lines for these settings (the secret shown as a placeholder)');
      io.out(debianProsodyConfig(settings));
    } else {
      io.out(
        '\nToken authentication is off: Jitsi needs no JWT configuration (and anyone can join any room).',
      );
    }
  }
  return problems.length > 0 ? 1 : 0;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'link':
        return link(rest, io);
      case 'check':
        return check(rest, io);
      case 'doctor':
        return doctor(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}" (link, check, doctor)`);
    }
  } catch (err) {
    const message =
      err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? (err as Error).message
        : `unexpected error: ${(err as Error).message}`;
    io.err(`parley-jitsi: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return 2;
  }
}

// `parley-jitsi doctor … | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
});
