import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APP_SECRET_PLACEHOLDER,
  createTokenSigner,
  debianProsodyConfig,
  deploymentConfigFromSettings,
  dockerEnv,
  joinCall,
  newCallId,
  parseJitsiSettings,
  verifyToken,
} from '@parley/jitsi';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../config.js';

/**
 * deploy/compose.jitsi.yaml cannot run here (no containers), so this reads it the way Docker Compose
 * would (anchors, `<<` merges, `${VAR}` from deploy/jitsi.env.example) and checks that docker-jitsi-meet's
 * JWT settings in it are exactly what the doctor prints for Parley's settings in
 * deploy/jitsi-settings.json, that Parley's nodes are configured to work as a cluster behind Caddy,
 * and that Caddy sends each host name where it belongs.
 */

const DEPLOY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../deploy');
const read = (file: string) => readFileSync(resolve(DEPLOY, file), 'utf8');

/** KEY=value lines; `#` comments and blank lines skipped. */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}` (error when unset or empty). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (op === ':-') return arg ?? '';
      if (op === ':?') throw new Error(`${name}: ${arg}`);
      return '';
    },
  );
}

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: unknown;
  depends_on?: string[];
}

const compose = parse(read('compose.jitsi.yaml'), { merge: true }) as { services: Record<string, Service> };
const envExample = parseEnvFile(read('jitsi.env.example'));
// The example leaves the secrets empty (the operator generates them); fill them in as the operator would.
const filled: Record<string, string> = {
  ...envExample,
  POSTGRES_PASSWORD: 'pg-password',
  PARLEY_SECRET_KEY: 'k'.repeat(40),
  JWT_APP_SECRET: 'jwt-application-secret-of-this-deployment-0123',
  JICOFO_AUTH_PASSWORD: 'jicofo-password',
  JVB_AUTH_PASSWORD: 'jvb-password',
  JVB_ADVERTISE_IPS: '203.0.113.7',
};
const environment = (service: Service) =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), filled)]),
  );
const settings = parseJitsiSettings(JSON.parse(read('jitsi-settings.json')) as unknown);
const JITSI_SERVICES = ['web', 'prosody', 'jicofo', 'jvb'] as const;

describe('deploy/compose.jitsi.yaml', () => {
  it('runs docker-jitsi-meet’s web, prosody, jicofo and jvb, pinned to one stable release', () => {
    const images = JITSI_SERVICES.map((name) => interpolate(compose.services[name]?.image ?? '', filled));
    expect(images).toEqual(
      JITSI_SERVICES.map((name) => expect.stringMatching(new RegExp(`^jitsi/${name}:stable-\\d+(-\\d+)?$`))),
    );
    expect(new Set(images.map((i) => i.split(':')[1])).size).toBe(1);
    // XMPP_SERVER is the alias docker-jitsi-meet's services reach prosody by.
    expect(JSON.stringify(compose.services.prosody?.networks)).toContain('xmpp.meet.jitsi');
  });

  it('gives every Jitsi service exactly the JWT environment the doctor prints for Parley’s settings', () => {
    const doctor = Object.fromEntries(dockerEnv(settings).map((l) => [l.name, l.value]));
    // The variables that decide whether Prosody accepts Parley's tokens, and who is moderator.
    for (const name of [
      'ENABLE_AUTH',
      'AUTH_TYPE',
      'ENABLE_GUESTS',
      'JWT_APP_ID',
      'JWT_ACCEPTED_ISSUERS',
      'JWT_ACCEPTED_AUDIENCES',
      'JWT_ALLOW_EMPTY',
      'XMPP_DOMAIN',
      'JWT_ENABLE_DOMAIN_VERIFICATION',
      'PUBLIC_URL',
      'XMPP_MUC_MODULES',
      'JICOFO_ENABLE_AUTH',
      'ENABLE_AUTO_OWNER',
    ]) {
      expect(doctor[name], name).toBeDefined();
    }
    expect(doctor.JWT_ENABLE_DOMAIN_VERIFICATION).toBe('true'); // sub = meet.jitsi = XMPP_DOMAIN
    for (const name of JITSI_SERVICES) {
      const env = environment(compose.services[name]!);
      for (const [key, value] of Object.entries(doctor)) {
        if (key === 'JWT_APP_SECRET') continue;
        expect(env[key], `${name} ${key}`).toBe(value);
      }
      // The secret comes from .env, never written into the file; the doctor prints a placeholder.
      expect(doctor.JWT_APP_SECRET).toBe(APP_SECRET_PLACEHOLDER);
      expect(compose.services[name]!.environment?.JWT_APP_SECRET).toMatch(/^\$\{JWT_APP_SECRET:\?/);
    }
    // The MUC domain prosody's token_verification maps rooms to is muc.<XMPP_DOMAIN>.
    expect(environment(compose.services.prosody!).XMPP_MUC_DOMAIN).toBe(`muc.${doctor.XMPP_DOMAIN}`);
  });

  it('yields tokens that deployment accepts for their room (the library’s model of its Prosody)', () => {
    const env = environment(compose.services.prosody!);
    const withSecret = { ...settings, appSecret: env.JWT_APP_SECRET! };
    const join = joinCall(createTokenSigner(withSecret), {
      callId: newCallId(),
      user: { id: 'u1', name: 'Ann' },
      moderator: true,
    });
    expect(new URL(join.url).origin).toBe(env.PUBLIC_URL);
    const config = deploymentConfigFromSettings(withSecret);
    expect(config).toMatchObject({
      appId: env.JWT_APP_ID,
      acceptedIssuers: [env.JWT_ACCEPTED_ISSUERS],
      acceptedAudiences: [env.JWT_ACCEPTED_AUDIENCES],
      enableDomainVerification: env.JWT_ENABLE_DOMAIN_VERIFICATION === 'true',
      mucDomainBase: env.XMPP_DOMAIN,
    });
    expect(verifyToken(join.jwt, config, { room: join.roomName })).toMatchObject({
      ok: true,
      affiliation: 'owner',
    });
  });

  it('runs several Parley nodes on PostgreSQL and Redis, with a configuration Parley accepts', () => {
    const nodes = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    for (const [name, node] of nodes) {
      const env = environment(node);
      expect(env.PUBLIC_URL, name).toBe(`https://${filled.PARLEY_HOST}`);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/parley:pg-password@postgres:5432\/parley$/);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.TRUST_PROXY).toBe('true');
      expect(node.depends_on).toEqual(expect.arrayContaining(['postgres', 'redis']));
      // The same validation the server runs at start.
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-compose-'));
      try {
        expect(loadConfig({ ...env, DATA_DIR: dataDir }).database.url).toBe(env.DATABASE_URL);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    // The nodes share the key that seals the Jitsi app secret, so each can mint tokens, and the
    // data folder, so each serves the avatars any of them stored.
    expect(new Set(nodes.map(([, n]) => environment(n).SECRET_KEY)).size).toBe(1);
    for (const [, node] of nodes) expect(node.volumes).toEqual(['parley-data:/app/data']);
  });

  it('puts Caddy in front of both: every Parley node, and docker-jitsi-meet’s web on its http port', () => {
    const caddyfile = read('Caddyfile');
    const caddy = compose.services.caddy!;
    expect(caddy.ports).toEqual(expect.arrayContaining(['80:80', '443:443']));
    const caddyEnv = environment(caddy);
    expect(caddyEnv.PARLEY_HOST).toBe(new URL(environment(compose.services['parley-1']!).PUBLIC_URL!).host);
    expect(caddyEnv.JITSI_HOST).toBe(settings.domain);
    const site = (host: string) => {
      const start = caddyfile.indexOf(`{$${host}} {`);
      expect(start, host).toBeGreaterThan(-1);
      return caddyfile.slice(start, caddyfile.indexOf('\n}', start));
    };
    const nodes = Object.entries(compose.services)
      .filter(([, s]) => s.build !== undefined)
      .map(([name]) => `${name}:3000`);
    expect(site('PARLEY_HOST')).toContain(`reverse_proxy ${nodes.join(' ')}`);
    expect(site('PARLEY_HOST')).toMatch(/lb_policy cookie/);
    expect(site('JITSI_HOST')).toMatch(/reverse_proxy web:8000/);
    expect(environment(compose.services.web!).DISABLE_HTTPS).toBe('1');
  });

  it('is what docs/deploy.md tells the operator: the same JWT lines and Parley settings', () => {
    const docs = readFileSync(resolve(DEPLOY, '../docs/deploy.md'), 'utf8');
    for (const line of dockerEnv(settings)) {
      expect(docs, line.name).toContain(`\n   ${line.name}=${line.value}\n`);
    }
    expect(docs).toContain(`| Token subject (sub) | \`${settings.tokenSubject}\``);
    expect(docs).toContain(`| Application ID (iss) | \`${settings.appId}\` |`);
    expect(docs).toContain(`| Token audience | \`${settings.tokenAudience}\` |`);
    // The Debian walk-through shows what the doctor prints for the same values on a Debian install.
    const debian = debianProsodyConfig({ ...settings, deployment: 'debian', tokenSubject: '' });
    const indented = debian
      .split('\n')
      .map((line) => (line === '' ? '' : `   ${line}`))
      .join('\n');
    expect(docs).toContain(`   \`\`\`lua\n${indented}\n   \`\`\``);
  });

  it('leaves every secret to .env, and will not start without them, as Compose would', () => {
    const example = read('compose.jitsi.yaml');
    for (const name of [
      'JWT_APP_SECRET',
      'POSTGRES_PASSWORD',
      'PARLEY_SECRET_KEY',
      'JICOFO_AUTH_PASSWORD',
      'JVB_AUTH_PASSWORD',
    ]) {
      expect(envExample[name], name).toBe('');
      expect(example).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    }
    expect(
      () => environment(compose.services.prosody!) && interpolate('${JWT_APP_SECRET:?set it}', envExample),
    ).toThrow(/JWT_APP_SECRET: set it/);
  });
});
