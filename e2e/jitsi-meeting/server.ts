/**
 * A Jitsi server for the e2e specs, as far as a browser embedding Jitsi can tell: `/external_api.js`
 * is Jitsi's real IFrame API (the pinned build, checked against its sha256), and every other path is
 * a meeting page (page/meeting.ts, bundled here with esbuild) that speaks the API's postMessage
 * transport as Jitsi Meet does. One free 127.0.0.1 port answers both HTTP and HTTPS (self-signed):
 * Parley loads the script from `http(s)://<domain>`, but the real API always opens the meeting at
 * `https://<domain>/<room>`, so the browser contexts that embed meetings need `ignoreHTTPSErrors`.
 *
 * Files: `JITSI_IFRAME_API` (the built API), else `external_api.min.js` beside the folder
 * `JITSI_PROSODY_PLUGINS` names, else `<repository>/../shared/jitsi/external_api.min.js`; its
 * `SHA256SUMS` and `iframe-api-source/modules/API/API.js` (read for the commands it obeys) beside it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { repoRoot } from '../server.js';

const here = dirname(fileURLToPath(import.meta.url));

/** sha256 of `external_api.min.js` built from jitsi-meet@5d84a4cc9055dca1d03150eb537cd78eea73c99a. */
export const PINNED_IFRAME_API_SUM = 'd258aa7a9c31400e0c5adb8719fb0a7c3e67c9a3008188f63c6302dc1368da45';

/** Where the meeting page's script is served; not a room name Parley makes. */
const MEETING_SCRIPT = '/_test-meeting/meeting.js';

export interface JitsiServer {
  /** `127.0.0.1:<port>`: configure it as the Jitsi domain (with or without SSL). */
  host: string;
  /** `https://127.0.0.1:<port>`: where the real API opens meetings. */
  origin: string;
  /** The command names Jitsi Meet's API.js obeys (`toggle-audio`, `video-hangup`, …). */
  apiCommands: readonly string[];
  close(): Promise<void>;
}

/** The built IFrame API this run uses (see the file comment). */
export function iframeApiPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JITSI_IFRAME_API) return resolve(env.JITSI_IFRAME_API);
  if (env.JITSI_PROSODY_PLUGINS) {
    return join(dirname(resolve(env.JITSI_PROSODY_PLUGINS)), 'external_api.min.js');
  }
  return resolve(repoRoot, '../shared/jitsi/external_api.min.js');
}

/** The API's bytes, after checking them against `SHA256SUMS` beside them and the pinned sum. */
export function readIframeApi(path: string): Buffer {
  const howTo =
    `Jitsi's built IFrame API is expected at ${path} with SHA256SUMS beside it (set JITSI_IFRAME_API, ` +
    `or JITSI_PROSODY_PLUGINS to a folder whose parent holds both; see ../shared/jitsi/README.md).`;
  const sumsFile = join(dirname(path), 'SHA256SUMS');
  if (!existsSync(path) || !existsSync(sumsFile)) throw new Error(`Missing files. ${howTo}`);
  const listed = readFileSync(sumsFile, 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim()))
    .find((m) => m?.[2] === basename(path))?.[1];
  const bytes = readFileSync(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (listed !== PINNED_IFRAME_API_SUM || actual !== PINNED_IFRAME_API_SUM) {
    throw new Error(
      `${path} has sha256 ${actual}, ${sumsFile} lists ${listed ?? 'nothing'}, pinned is ` +
        `${PINNED_IFRAME_API_SUM}. ${howTo}`,
    );
  }
  return bytes;
}

/** The keys of the `commands` object API.js's `initCommands()` builds: what Jitsi Meet obeys. */
export function apiJsCommands(apiJs: string): string[] {
  const body = /function initCommands\(\) \{\s*commands = \{([\s\S]*?)\n {4}\};/.exec(apiJs)?.[1] ?? '';
  const names = [...body.matchAll(/^ {8}'([a-z0-9-]+)':/gm)].map((m) => m[1]!);
  for (const expected of ['toggle-audio', 'toggle-video', 'video-hangup', 'set-media-encryption-key']) {
    if (!names.includes(expected)) throw new Error(`Could not read API.js's commands (no ${expected}).`);
  }
  return names;
}

/** A throwaway self-signed certificate for 127.0.0.1 (openssl, as Debian ships it). */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-jitsi-tls-'));
  try {
    const args =
      'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 ' +
      '-addext subjectAltName=IP:127.0.0.1';
    execFileSync(
      'openssl',
      [...args.split(' '), '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      {
        stdio: 'ignore',
      },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Jitsi Meet (test meeting)</title>
<style>
  html, body { margin: 0; height: 100%; }
  main { box-sizing: border-box; height: 100%; display: flex; flex-direction: column; align-items: center;
    justify-content: center; gap: 6px; padding: 12px; background: #1b1f2a; color: #e6e9ef;
    font: 14px system-ui, sans-serif; text-align: center; }
  main p, main h1 { margin: 0; }
  #brand { font-weight: 700; font-size: 16px; }
  #room { font: 12px ui-monospace, monospace; opacity: .75; word-break: break-all; }
  #refused { color: #ffb4a9; }
</style>
</head>
<body>
<script src="${MEETING_SCRIPT}"></script>
</body>
</html>
`;

/** Starts the server on a free 127.0.0.1 port. */
export async function startJitsiServer(): Promise<JitsiServer> {
  const apiPath = iframeApiPath();
  const api = readIframeApi(apiPath);
  const apiJsPath = join(dirname(apiPath), 'iframe-api-source/modules/API/API.js');
  if (!existsSync(apiJsPath)) {
    throw new Error(`${apiJsPath} is missing (scripts/fetch-jitsi-fixtures.sh fetches it).`);
  }
  const apiCommands = apiJsCommands(readFileSync(apiJsPath, 'utf8'));
  const bundle = await build({
    entryPoints: [join(here, 'page', 'meeting.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
    define: { __API_JS_COMMANDS__: JSON.stringify(apiCommands) },
  });
  const script = bundle.outputFiles[0]!.contents;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string | Uint8Array) => {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/external_api.js') send('application/javascript', api);
    else if (path === MEETING_SCRIPT) send('application/javascript', script);
    else if (path === '/favicon.ico' || path === '/') res.writeHead(404).end();
    else send('text/html', PAGE);
  };
  const http = createHttpServer(handle);
  const https = createHttpsServer(selfSignedCertificate(), handle);
  const sockets = new Set<Socket>();
  // One port, both protocols: a TLS connection starts with a handshake record (0x16).
  const front = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
  const host = `127.0.0.1:${(front.address() as AddressInfo).port}`;
  return {
    host,
    origin: `https://${host}`,
    apiCommands,
    close: () =>
      new Promise<void>((done) => {
        // Pages may keep connections open; the server must not hold the run up.
        for (const socket of sockets) socket.destroy();
        front.close(() => done());
      }),
  };
}
