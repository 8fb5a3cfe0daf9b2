import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real Prosody (Debian's `prosody` package) with Jitsi's own token plugins, as Jitsi deployments
 * run it: `mod_auth_token` checks the token at SASL, `mod_token_verification` on the MUC component
 * lets a token into the room its `room` claim names. Started as a child process with its own config,
 * data folder and free 127.0.0.1 ports (never `/etc/prosody`), stopped by its pid.
 *
 * The plugins are Jitsi's files, unchanged, at a pinned jitsi-meet commit: from `JITSI_PROSODY_PLUGINS`
 * or `<repository>/../shared/jitsi/prosody-plugins` (`scripts/fetch-jitsi-fixtures.sh` downloads them),
 * checked against `SHA256SUMS` beside that folder and against the sums pinned here.
 */

/** jitsi-meet commit the plugins come from (see scripts/fetch-jitsi-fixtures.sh). */
export const JITSI_MEET_COMMIT = '5d84a4cc9055dca1d03150eb537cd78eea73c99a';

/** sha256 of each plugin file at {@link JITSI_MEET_COMMIT}, relative to the plugins folder. */
export const PINNED_PLUGIN_SUMS: Readonly<Record<string, string>> = {
  'luajwtjitsi.lib.lua': '1e99e30c1e35462d5aaa7ae74f0711f52aff339ff54c878fe8b09f87cb3a4283',
  'mod_auth_token.lua': 'fa805192417eaf931844695368e5e0141cde6f51684a3180d46c68573e7f4b1b',
  'mod_jitsi_session.lua': '426c40ca188cc279850e377bc12348c50d6e17bf00317b4adcbfc86c00c2bb01',
  'mod_token_verification.lua': '487aebdd2cad45dca1bcf4604dc5dae33db30ed6ab67f30d98569ee3cf6510c1',
  'util.lib.lua': '5074aab6350b6b6561c6568675f789ba63554e9afed577607f3bd3da7bc0e9df',
  'token/util.lib.lua': '912cd5c6c1aa26e792c7a8000f77b7af8f3cbd4c0bb4f36f1b5c35a7b202dfaf',
};

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where the plugins are read from: `JITSI_PROSODY_PLUGINS`, else `<repository>/../shared/jitsi/prosody-plugins`. */
export function prosodyPluginsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.JITSI_PROSODY_PLUGINS;
  if (fromEnv) return resolve(fromEnv);
  return resolve(REPOSITORY_ROOT, '../shared/jitsi/prosody-plugins');
}

/**
 * Checks the plugin files: every pinned file present, listed in `SHA256SUMS` (in the plugins folder's
 * parent, as `prosody-plugins/<file>`, or in the folder itself) with the pinned sum, and matching it.
 * Throws one error naming every problem and how to get the files.
 */
export function checkProsodyPlugins(dir: string): void {
  const howTo =
    `Jitsi's Prosody plugins are expected in ${dir} (set JITSI_PROSODY_PLUGINS to another folder, ` +
    `or run scripts/fetch-jitsi-fixtures.sh on a machine with internet).`;
  if (!existsSync(dir)) throw new Error(`The Jitsi Prosody plugins folder does not exist. ${howTo}`);
  const sumsFile = [join(dirname(dir), 'SHA256SUMS'), join(dir, 'SHA256SUMS')].find((f) => existsSync(f));
  if (!sumsFile) throw new Error(`No SHA256SUMS beside or in ${dir}. ${howTo}`);
  const listed = new Map<string, string>();
  for (const line of readFileSync(sumsFile, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
    if (!m) continue;
    const path = m[2]!.startsWith(`${basename(dir)}/`) ? m[2]!.slice(basename(dir).length + 1) : m[2]!;
    listed.set(path.replace(/^prosody-plugins\//, ''), m[1]!);
  }
  const problems: string[] = [];
  for (const [file, pinned] of Object.entries(PINNED_PLUGIN_SUMS)) {
    const path = join(dir, file);
    if (listed.get(file) !== pinned) {
      problems.push(`${sumsFile} lists ${file} as ${listed.get(file) ?? 'nothing'}, pinned is ${pinned}`);
    }
    if (!existsSync(path)) {
      problems.push(`${path} is missing`);
      continue;
    }
    const actual = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (actual !== pinned) problems.push(`${path} has sha256 ${actual}, expected ${pinned}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `Jitsi's Prosody plugins do not match jitsi-meet@${JITSI_MEET_COMMIT}: ${problems.join('; ')}. ${howTo}`,
    );
  }
}

/**
 * - `debian`: a Debian `jitsi-meet` install with `jitsi-meet-tokens`: the VirtualHost is the public
 *   domain, the MUC is `conference.<domain>`, domain verification on (the plugin's default).
 * - `docker`: docker-jitsi-meet's defaults: XMPP domain `meet.jitsi`, MUC `muc.meet.jitsi`,
 *   `JWT_ENABLE_DOMAIN_VERIFICATION` off.
 */
export type ProsodyFlavour = 'debian' | 'docker';

/** One Jitsi deployment's token setup: a VirtualHost with its MUC component. */
export interface ProsodyHostOptions {
  flavour: ProsodyFlavour;
  /** Prosody `app_id` (the tokens' `iss`). */
  appId: string;
  /** Prosody `app_secret` (HS256, raw bytes); or none, with {@link asapKeyServer}. */
  appSecret?: string;
  /**
   * JaaS-style RS256: `asap_key_server`, the URL Prosody fetches `<sha256 hex of kid>.pem` from
   * (see {@link startAsapKeyServer}); `signature_algorithm = "RS256"`.
   */
  asapKeyServer?: string;
  /** The XMPP domain. Debian: the public domain (default `meet.example.org`); docker: `meet.jitsi`. */
  domain?: string;
  /** `enable_domain_verification`; default on for `debian`, off for `docker`. */
  domainVerification?: boolean;
  /** `asap_accepted_audiences` (docker: `JWT_ACCEPTED_AUDIENCES`); unset = Prosody's default `*`. */
  acceptedAudiences?: string[];
  /** `asap_accepted_issuers` (docker: `JWT_ACCEPTED_ISSUERS`); unset = Prosody's default `{ app_id }`. */
  acceptedIssuers?: string[];
}

/** What a client needs to reach one deployment (VirtualHost) of a running Prosody; serialisable. */
export interface ProsodyHostInfo {
  flavour: ProsodyFlavour;
  /** The XMPP domain (the VirtualHost). */
  domain: string;
  /** The MUC component: `conference.<domain>` or `muc.<domain>`. */
  mucDomain: string;
  /** Prosody's HTTP port (BOSH at `/http-bind`, websocket at `/xmpp-websocket`). */
  httpPort: number;
  domainVerification: boolean;
  /** Prosody's log file (shared by every host of the process). */
  logFile: string;
}

export interface ProsodyHost extends ProsodyHostInfo {
  /** What Jitsi's web client opens: `ws://127.0.0.1:<port>/xmpp-websocket?token=…&room=…`. */
  websocketUrl(token: string | null, room: string): string;
  /** Prosody's log so far (for assertions on the reason of a refusal). */
  log(): string;
}

export interface ProsodyServer<Name extends string = string> {
  httpPort: number;
  hosts: Record<Name, ProsodyHostInfo>;
  log(): string;
  stop(): Promise<void>;
}

/** The client-side handle of one host (also for hosts a global setup started in another process). */
export function prosodyHost(info: ProsodyHostInfo): ProsodyHost {
  return {
    ...info,
    websocketUrl(token, room) {
      const query = new URLSearchParams({ ...(token === null ? {} : { token }), room });
      return `ws://127.0.0.1:${info.httpPort}/xmpp-websocket?${query.toString()}`;
    },
    log: () => (existsSync(info.logFile) ? readFileSync(info.logFile, 'utf8') : ''),
  };
}

/**
 * Starts one Prosody serving every deployment in `hosts` (one VirtualHost and MUC component each: the
 * token plugins read all their options from the VirtualHost, so deployments with different domains,
 * secrets and verification live side by side) and resolves once its ports answer.
 */
export async function startProsody<Name extends string>(
  hosts: Record<Name, ProsodyHostOptions>,
): Promise<ProsodyServer<Name>> {
  const pluginsDir = prosodyPluginsDir();
  checkProsodyPlugins(pluginsDir);
  const [httpPort, c2sPort] = await Promise.all([freePort(), freePort()]);

  const dir = mkdtempSync(join(tmpdir(), 'parley-prosody-'));
  mkdirSync(join(dir, 'data'));
  const luaDir = join(dir, 'lua');
  mkdirSync(luaDir);
  // Debian ships these pure-Lua libraries only for older Lua versions; Prosody runs on 5.4.
  for (const lib of ['basexx', 'inspect']) symlinkSync(findLuaLib(lib), join(luaDir, `${lib}.lua`));
  const logFile = join(dir, 'prosody.log');
  const configFile = join(dir, 'prosody.cfg.lua');
  const s = luaString;
  const list = (items: string[]) => `{ ${items.map(s).join('; ')} }`;
  const infos = {} as Record<Name, ProsodyHostInfo>;
  const hostSections: string[] = [];
  for (const [name, options] of Object.entries(hosts) as [Name, ProsodyHostOptions][]) {
    const flavour = options.flavour;
    const domain = options.domain ?? (flavour === 'debian' ? 'meet.example.org' : 'meet.jitsi');
    const prefix = flavour === 'debian' ? 'conference' : 'muc';
    const mucDomain = `${prefix}.${domain}`;
    const domainVerification = options.domainVerification ?? flavour === 'debian';
    infos[name] = { flavour, domain, mucDomain, httpPort, domainVerification, logFile };
    hostSections.push(
      `VirtualHost ${s(domain)}`,
      `  authentication = "token"`,
      `  app_id = ${s(options.appId)}`,
      ...(options.appSecret === undefined ? [] : [`  app_secret = ${s(options.appSecret)}`]),
      ...(options.asapKeyServer === undefined
        ? []
        : [`  asap_key_server = ${s(options.asapKeyServer)}`, `  signature_algorithm = "RS256"`]),
      `  allow_empty_token = false`,
      `  enable_domain_verification = ${domainVerification}`,
      // Per host, as the token plugins read it from the VirtualHost (a real install sets it globally).
      `  muc_mapper_domain_base = ${s(domain)}`,
      `  muc_mapper_domain_prefix = ${s(prefix)}`,
      ...(options.acceptedAudiences
        ? [`  asap_accepted_audiences = ${list(options.acceptedAudiences)}`]
        : []),
      ...(options.acceptedIssuers ? [`  asap_accepted_issuers = ${list(options.acceptedIssuers)}`] : []),
      `  modules_enabled = { "bosh"; "websocket"; "ping" }`,
      ``,
      `Component ${s(mucDomain)} "muc"`,
      `  modules_enabled = { "token_verification" }`,
      `  muc_room_locking = false`,
      `  storage = "memory"`,
      ``,
    );
  }
  writeFileSync(
    configFile,
    [
      `run_as_root = true`,
      `pidfile = ${s(join(dir, 'prosody.pid'))}`,
      `data_path = ${s(join(dir, 'data'))}`,
      `certificates = ${s(join(dir, 'data'))}`,
      `plugin_paths = { ${s(pluginsDir)} }`,
      `interfaces = { "127.0.0.1" }`,
      `http_interfaces = { "127.0.0.1" }`,
      `http_ports = { ${httpPort} }`,
      `https_ports = { }`,
      `c2s_ports = { ${c2sPort} }`,
      `s2s_ports = { }`,
      `component_ports = { }`,
      `consider_websocket_secure = true`,
      `consider_bosh_secure = true`,
      `c2s_require_encryption = false`,
      `modules_enabled = { "disco"; "ping"; "saslauth"; "bosh"; "websocket" }`,
      `modules_disabled = { "s2s"; "offline"; "register"; "tls" }`,
      `storage = "memory"`,
      `log = { info = ${s(logFile)} }`,
      ``,
      ...hostSections,
    ].join('\n'),
  );

  const proc = spawn('prosody', ['-F', '--config', configFile], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    // Prosody checks exp/nbf by its own clock, which must be the test's: under libfaketime (the suite
    // run at another date) it inherits the preload, unlike Redis, and runs fine with it.
    env: { ...process.env, LUA_PATH_5_4: `${luaDir}/?.lua;;` },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<number | null>((resolveExit) => proc.once('exit', (code) => resolveExit(code)));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });

  const failed = new Promise<never>((_, reject) => {
    proc.once('error', (err) =>
      reject(
        new Error(
          `prosody could not start (run scripts/install-test-deps.sh, which installs Debian's prosody): ${err.message}`,
        ),
      ),
    );
    void exited.then((code) =>
      reject(new Error(`prosody exited with ${code} while starting:\n${stderr}\n${readLog().slice(-4000)}`)),
    );
  });
  const ready = (async () => {
    for (let i = 0; i < 200; i++) {
      if ((await answers(httpPort)) && (await answers(c2sPort))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`prosody did not open its ports in 10 s:\n${readLog().slice(-4000)}`);
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (err) {
    proc.kill('SIGKILL');
    await exited;
    cleanUp();
    throw err;
  }
  failed.catch(() => undefined);

  return {
    httpPort,
    hosts: infos,
    log: readLog,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanUp();
    },
  };
}

/**
 * What JaaS (and Prosody's `asap_key_server`) serves: the public key of each `kid` as PEM at
 * `/<sha256 hex of kid>.pem`, on a free 127.0.0.1 port. Counts the fetches (Prosody caches keys).
 */
export async function startAsapKeyServer(
  keys: Record<string, string>,
): Promise<{ url: string; fetches: () => number; stop: () => Promise<void> }> {
  const byPath = new Map(
    Object.entries(keys).map(([kid, pem]) => [`/${createHash('sha256').update(kid).digest('hex')}.pem`, pem]),
  );
  let fetches = 0;
  const server = createHttpServer((req, res) => {
    fetches += 1;
    // Prosody joins the server URL and the file name as paths (a `/` at the end gives `//<sum>.pem`).
    const pem = byPath.get(`/${(req.url ?? '').replace(/^\/+/, '')}`);
    res.writeHead(pem === undefined ? 404 : 200, { 'content-type': 'application/x-pem-file' });
    res.end(pem ?? `no key at ${req.url}`);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    fetches: () => fetches,
    stop: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

/** A Lua string literal. */
function luaString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The newest Debian copy of a pure-Lua library (`/usr/share/lua/<version>/<name>.lua`). */
function findLuaLib(name: string): string {
  for (const version of ['5.4', '5.3', '5.2', '5.1']) {
    const path = `/usr/share/lua/${version}/${name}.lua`;
    if (existsSync(path)) return path;
  }
  throw new Error(
    `${name}.lua (Debian lua-${name}) is not installed; run scripts/install-test-deps.sh for Prosody's Lua libraries.`,
  );
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolvePort) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise<boolean>((resolveAnswer) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.end();
      resolveAnswer(true);
    }).on('error', () => resolveAnswer(false));
  });
}
