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
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: unknown;
  depends_on?: string[];
}

const compose = parse(read('compose.jitsi.yaml'), { merge: true }) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
};
const envExample = parseEnvFile(read('jitsi.env.example'));
// The example leaves the secrets empty (the operator generates them); fill them in as the operator would.
const filled: Record<string, string> = {
  ...envExample,
  POSTGRES_PASSWORD: 'pg-password',
  REDIS_PASSWORD: 'redis-password',
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

/**
 * Of the variables this deployment sets, those docker-jitsi-meet's own docker-compose.yml passes to
 * each service (its `environment:` lists): what that container reads. Anything else given to it is
 * at best unused, and a secret there is one more place to leak it from.
 */
const READS: Record<(typeof JITSI_SERVICES)[number], string[]> = {
  web: [
    'PUBLIC_URL',
    'TZ',
    'ENABLE_AUTH',
    'ENABLE_GUESTS',
    'XMPP_DOMAIN',
    'XMPP_AUTH_DOMAIN',
    'XMPP_MUC_DOMAIN',
    'XMPP_GUEST_DOMAIN',
    'XMPP_BOSH_URL_BASE',
    'ENABLE_XMPP_WEBSOCKET',
    'DISABLE_HTTPS',
    'ENABLE_HTTP_REDIRECT',
    'ENABLE_LETSENCRYPT',
  ],
  prosody: [
    'PUBLIC_URL',
    'TZ',
    'ENABLE_AUTH',
    'AUTH_TYPE',
    'ENABLE_GUESTS',
    'JWT_APP_ID',
    'JWT_APP_SECRET',
    'JWT_ACCEPTED_ISSUERS',
    'JWT_ACCEPTED_AUDIENCES',
    'JWT_ALLOW_EMPTY',
    'JWT_ENABLE_DOMAIN_VERIFICATION',
    'XMPP_MUC_MODULES',
    'WAIT_FOR_HOST_DISABLE_AUTO_OWNERS',
    'XMPP_DOMAIN',
    'XMPP_AUTH_DOMAIN',
    'XMPP_MUC_DOMAIN',
    'XMPP_INTERNAL_MUC_DOMAIN',
    'XMPP_GUEST_DOMAIN',
    'ENABLE_XMPP_WEBSOCKET',
    'JICOFO_AUTH_PASSWORD',
    'JVB_AUTH_PASSWORD',
  ],
  jicofo: [
    'TZ',
    'ENABLE_AUTH',
    'AUTH_TYPE',
    'JICOFO_ENABLE_AUTH',
    'ENABLE_AUTO_OWNER',
    'JICOFO_AUTH_PASSWORD',
    'XMPP_DOMAIN',
    'XMPP_AUTH_DOMAIN',
    'XMPP_MUC_DOMAIN',
    'XMPP_INTERNAL_MUC_DOMAIN',
    'XMPP_SERVER',
  ],
  jvb: [
    'TZ',
    'JVB_AUTH_PASSWORD',
    'JVB_ADVERTISE_IPS',
    'JVB_PORT',
    'XMPP_AUTH_DOMAIN',
    'XMPP_INTERNAL_MUC_DOMAIN',
    'XMPP_SERVER',
  ],
};

/** The networks a service is on, whether Compose's list or its map form (with aliases). */
const networksOf = (service: Service): string[] =>
  Array.isArray(service.networks) ? (service.networks as string[]) : Object.keys(service.networks ?? {});

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

  it('gives each Jitsi service the doctor’s JWT environment it reads, and nothing it does not', () => {
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
      // Only what docker-jitsi-meet passes this service.
      expect(
        Object.keys(env).filter((key) => !READS[name].includes(key)),
        name,
      ).toEqual([]);
      for (const [key, value] of Object.entries(doctor)) {
        if (!READS[name].includes(key) || key === 'JWT_APP_SECRET') continue;
        expect(env[key], `${name} ${key}`).toBe(value);
      }
    }
    // Every line the doctor prints reaches a service that reads it.
    for (const key of Object.keys(doctor)) {
      expect(
        JITSI_SERVICES.some((name) => key in environment(compose.services[name]!)),
        key,
      ).toBe(true);
    }
    // The secret comes from .env, never written into the file (the doctor prints a placeholder), and
    // only prosody, which checks the tokens, gets it.
    expect(doctor.JWT_APP_SECRET).toBe(APP_SECRET_PLACEHOLDER);
    const holders = (secret: string) =>
      JITSI_SERVICES.filter((name) => compose.services[name]!.environment?.[secret] !== undefined);
    expect(holders('JWT_APP_SECRET')).toEqual(['prosody']);
    expect(compose.services.prosody!.environment?.JWT_APP_SECRET).toMatch(/^\$\{JWT_APP_SECRET:\?/);
    expect(holders('JICOFO_AUTH_PASSWORD')).toEqual(['prosody', 'jicofo']);
    expect(holders('JVB_AUTH_PASSWORD')).toEqual(['prosody', 'jvb']);
    // Nor does any other container see it.
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'prosody') expect(JSON.stringify(service), name).not.toContain('JWT_APP_SECRET');
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
      expect(env.REDIS_URL).toBe('redis://:redis-password@redis:6379');
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

  it('keeps PostgreSQL and Redis on a network of their own that only the Parley nodes share', () => {
    const { services } = compose;
    expect(compose.networks['parley-data']).toEqual({ internal: true });
    for (const name of ['postgres', 'redis']) {
      expect(networksOf(services[name]!), name).toEqual(['parley-data']);
    }
    const onData = Object.entries(services)
      .filter(([, s]) => networksOf(s).includes('parley-data'))
      .map(([name]) => name)
      .sort();
    expect(onData).toEqual(['parley-1', 'parley-2', 'postgres', 'redis']);
    // Caddy reaches the nodes, and Jitsi's web, but not the data.
    expect(networksOf(services.caddy!).sort()).toEqual(['meet.jitsi', 'parley']);
    for (const node of ['parley-1', 'parley-2']) expect(networksOf(services[node]!)).toContain('parley');
  });

  it('puts Redis behind the password the nodes connect with', () => {
    const command = (compose.services.redis!.command ?? []).map((part) => interpolate(part, filled));
    expect(command.slice(0, 1)).toEqual(['redis-server']);
    expect(command[command.indexOf('--requirepass') + 1]).toBe('redis-password');
    for (const node of ['parley-1', 'parley-2']) {
      const url = new URL(environment(compose.services[node]!).REDIS_URL!);
      expect(decodeURIComponent(url.password)).toBe('redis-password');
    }
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
      'REDIS_PASSWORD',
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
