import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the TypeScript source through tsx, so the test needs no build (CI runs it before or after).
const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(pkg, 'src', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'parley-jitsi-cli-'));
const SECRET = 'cli-test-secret-0123456789abcdef0123';

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=parley-source', cli, ...args], {
    cwd: pkg,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const good = file('good.json', {
  domain: 'meet.example.com',
  useAuthToken: true,
  appId: 'parley',
  appSecret: SECRET,
});

describe('parley-jitsi CLI', () => {
  it('link prints roomName, url, jwt and iframe; check accepts the token for that room', () => {
    const r = run(
      'link',
      '--settings',
      good,
      '--room-id',
      'abc',
      '--user-id',
      'u1',
      '--name',
      'Ada',
      '--moderator',
      '--title',
      'Sync',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { roomName: string; url: string; jwt: string; iframe: { jwt: string } };
    expect(out.roomName).toBe('parleyabc');
    expect(out.url).toContain(`/parleyabc?jwt=${out.jwt}#config.localSubject=`);
    expect(out.iframe.jwt).toBe(out.jwt);
    const ok = run('check', '--settings', good, '--token', out.jwt, '--room', 'Parleyabc');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^ACCEPTED/);
    expect(ok.out).toContain('affiliation: owner');
    const bad = run('check', '--settings', good, '--token', out.jwt, '--room', 'other');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Room and token mismatched');
  });

  it('check explains a token signed with another secret', () => {
    const other = file('other.json', {
      domain: 'meet.example.com',
      useAuthToken: true,
      appId: 'parley',
      appSecret: 'x'.repeat(40),
    });
    const jwt = (
      JSON.parse(run('link', '--settings', other, '--room-id', 'a', '--user-id', 'u', '--name', 'n').out) as {
        jwt: string;
      }
    ).jwt;
    const r = run('check', '--settings', good, '--token', jwt);
    expect(r.code).toBe(1);
    expect(r.out).toContain('REJECTED at connect: Invalid signature');
  });

  it('doctor prints the docker env with a placeholder instead of the secret', () => {
    const r = run('doctor', '--settings', good);
    expect(r.code).toBe(0);
    expect(r.out).toContain('JWT_APP_SECRET=<your app secret>');
    expect(r.out).toContain('XMPP_MUC_MODULES=token_affiliation');
    expect(r.out).not.toContain(SECRET);
  });

  it('doctor judges sub by the deployment: a Debian install gets Prosody lines and a warning about a sub it refuses', () => {
    const debian = file('debian.json', {
      deployment: 'debian',
      domain: 'meet.example.com',
      useAuthToken: true,
      appId: 'parley',
      appSecret: SECRET,
      tokenSubject: 'meet.jitsi',
    });
    const r = run('doctor', '--settings', debian);
    expect(r.code).toBe(0); // it works at login; the room join is what Prosody refuses
    expect(r.out).toContain(
      'Deployment: a Debian jitsi-meet install with jitsi-meet-tokens (XMPP domain meet.example.com).',
    );
    expect(r.out).toMatch(/! tokenSubject: Prosody will refuse every room join.*sub "meet\.jitsi"/);
    expect(r.out).toContain('VirtualHost "meet.example.com"');
    expect(r.out).toContain('app_secret = "<your app secret>"');
    expect(r.out).not.toContain('JWT_APP_ID=');
    expect(r.out).not.toContain(SECRET);
  });

  it('doctor lists every problem and exits 1', () => {
    const broken = file('broken.json', {
      domain: 'https://meet.example.com',
      useAuthToken: true,
      appId: 'parley',
    });
    const r = run('doctor', '--settings', broken);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2 problems/);
    expect(r.out).toContain('Remove the scheme');
    expect(r.out).toContain('appSecret');
  });

  it.each([
    [['doctor', '--settings', join(dir, 'missing.json')], /cannot read settings file .*ENOENT/],
    [['link', '--settings', file('notjson.json', '{oops')], /is not JSON/],
    [
      [
        'link',
        '--settings',
        file('invalid.json', { tokenExpiration: 'soon' }),
        '--room-id',
        'a',
        '--user-id',
        'u',
        '--name',
        'n',
      ],
      /invalid settings/,
    ],
    [['link', '--settings', good, '--user-id', 'u', '--name', 'n'], /missing --room-id/],
    [['check', '--settings', good], /missing --token/],
    [['link', '--bogus'], /Unknown option/],
    [['frobnicate'], /unknown command/],
  ])('bad input %j exits 2 with one line', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^parley-jitsi: /);
    expect(r.err).toMatch(message);
  });
});
