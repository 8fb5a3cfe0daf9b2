import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkProsodyPlugins, prosodyPluginsDir } from './prosody-server.js';

/**
 * scripts/fetch-jitsi-fixtures.sh, for machines with internet, run against a local mirror laid out
 * like jitsi-meet's repository (served from the pinned files beside the repository), since no machine
 * here reaches GitHub: it downloads, checks the sums, and refuses a file that differs.
 */
const SCRIPT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../scripts/fetch-jitsi-fixtures.sh',
);
const shared = dirname(prosodyPluginsDir());

/** jitsi-meet's path → the pinned copy here. */
function localCopy(upstream: string): string | null {
  if (upstream === 'LICENSE') return join(shared, 'LICENSE.jitsi-meet');
  if (upstream.startsWith('resources/prosody-plugins/')) {
    return join(shared, 'prosody-plugins', upstream.slice('resources/prosody-plugins/'.length));
  }
  if (upstream.startsWith('modules/')) return join(shared, 'iframe-api-source', upstream);
  return null;
}

function runScript(dest: string, base: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', [SCRIPT, dest], { env: { ...process.env, JITSI_MEET_RAW_BASE: base } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('scripts/fetch-jitsi-fixtures.sh', () => {
  let server: Server;
  let base = '';
  /** Files the mirror serves changed (jitsi-meet path → content), or missing (null). */
  const changed = new Map<string, string | null>();
  const requested: string[] = [];
  const dests: string[] = [];
  const freshDest = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-jitsi-fetch-'));
    dests.push(dir);
    return join(dir, 'jitsi');
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname).replace(/^\/+/, '');
      requested.push(path);
      const override = changed.get(path);
      const file = localCopy(path);
      if (override === null || (override === undefined && (!file || !existsSync(file)))) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200).end(override ?? readFileSync(file!));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    changed.clear();
    requested.length = 0;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    for (const d of dests) rmSync(d, { recursive: true, force: true });
  });

  it('downloads the pinned files, writes SHA256SUMS, and what it fetched passes the fixture check', async () => {
    const dest = freshDest();
    const { code, output } = await runScript(dest, base);
    expect(code, output).toBe(0);
    expect(output).toContain('sums checked');
    expect(requested).toContain('resources/prosody-plugins/token/util.lib.lua');
    expect(requested).toContain('modules/API/API.js');
    for (const file of ['mod_auth_token.lua', 'token/util.lib.lua']) {
      expect(readFileSync(join(dest, 'prosody-plugins', file))).toEqual(
        readFileSync(join(shared, 'prosody-plugins', file)),
      );
    }
    expect(() => checkProsodyPlugins(join(dest, 'prosody-plugins'))).not.toThrow();

    // A second run keeps what is there and downloads nothing.
    requested.length = 0;
    const again = await runScript(dest, base);
    expect(again.code, again.output).toBe(0);
    expect(requested).toEqual([]);
  });

  it('refuses a plugin whose sum differs from the pinned one, and removes what it downloaded', async () => {
    const dest = freshDest();
    changed.set(
      'resources/prosody-plugins/mod_auth_token.lua',
      '-- not what jitsi-meet had at that commit\n',
    );
    const { code, output } = await runScript(dest, base);
    expect(code).toBe(1);
    expect(output).toMatch(
      /MISMATCH .*prosody-plugins\/mod_auth_token\.lua: sha256 [0-9a-f]{64}, pinned fa8051/,
    );
    expect(existsSync(join(dest, 'prosody-plugins', 'mod_auth_token.lua'))).toBe(false);
    expect(existsSync(join(dest, 'prosody-plugins', 'mod_token_verification.lua'))).toBe(true);
  });

  it('fails when the mirror lacks a file, without leaving a partial download', async () => {
    const dest = freshDest();
    changed.set('resources/prosody-plugins/util.lib.lua', null);
    const { code, output } = await runScript(dest, base);
    expect(code, output).not.toBe(0);
    expect(output).toMatch(/404/);
    expect(existsSync(join(dest, 'prosody-plugins', 'util.lib.lua'))).toBe(false);
    expect(existsSync(join(dest, 'prosody-plugins', 'util.lib.lua.part'))).toBe(false);
  });
});
