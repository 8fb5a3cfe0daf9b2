import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deploymentOf,
  deploymentWarnings,
  expectedSubject,
  subjectPassesVerification,
  xmppDomainOf,
} from './deployment.js';
import { dockerEnv } from './docker-env.js';
import { joinCall } from './links.js';
import { debianProsodyConfig } from './prosody-config.js';
import { advise } from './advise.js';
import { parseJitsiSettings, type JitsiSettingsInput } from './settings.js';
import { createTokenSigner } from './signer.js';
import { deploymentConfigFromSettings, verifyToken } from './verify.js';

const base: JitsiSettingsInput = {
  domain: 'meet.example.org',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'a-long-enough-application-secret-0123456789',
};
const settings = (more: JitsiSettingsInput = {}) => parseJitsiSettings({ ...base, ...more });
const env = (s: ReturnType<typeof settings>) =>
  Object.fromEntries(dockerEnv(s).map((l) => [l.name, l.value]));

/** Whether the library's model of the chosen deployment lets a freshly minted token into its room. */
function joins(s: ReturnType<typeof settings>): boolean {
  const join = joinCall(createTokenSigner(s), {
    callId: 'c0ffee00-0000-4000-8000-000000000001',
    user: { id: 'u1', name: 'Ann' },
    moderator: true,
  });
  const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(join.url)?.[1];
  const room = tenant ? `[${tenant}]${join.roomName}` : join.roomName;
  return verifyToken(join.jwt, deploymentConfigFromSettings(s), { room }).ok;
}

describe('the kind of deployment', () => {
  it('follows useJaas until an admin chooses one, and names the XMPP domain of each kind', () => {
    expect(deploymentOf(settings())).toBe('docker');
    expect(deploymentOf(settings({ useJaas: true }))).toBe('jaas');
    expect(deploymentOf(settings({ deployment: 'debian' }))).toBe('debian');
    expect(xmppDomainOf(settings({ deployment: 'debian', domain: 'Meet.Example.org:8443' }))).toBe(
      'meet.example.org',
    );
    expect(xmppDomainOf(settings({ deployment: 'docker' }))).toBe('meet.jitsi');
    expect(xmppDomainOf(settings({ deployment: 'docker', xmppDomain: ' Chat.Jitsi ' }))).toBe('chat.jitsi');
    expect(xmppDomainOf(settings({ deployment: 'jaas' }))).toBeNull();
    expect(expectedSubject(settings({ deployment: 'debian', domain: 'meet.example.org/acme' }))).toBe('acme');
    expect(() => parseJitsiSettings({ ...base, deployment: 'kubernetes' })).toThrow(
      /deployment must be one of/,
    );
    expect(() => settings({ xmppDomain: 'https://meet.jitsi' })).toThrow(/XMPP domain is a host name/);
  });

  it('Debian: the default sub (the public host, or the tenant) passes; any other Token subject is flagged', () => {
    for (const domain of ['meet.example.org', 'meet.example.org/acme']) {
      const fine = settings({ deployment: 'debian', domain });
      expect(subjectPassesVerification(fine)).toBe(true);
      expect(deploymentWarnings(fine)).toEqual([]);
      expect(joins(fine)).toBe(true);
    }
    const wrong = settings({ deployment: 'debian', tokenSubject: 'meet.jitsi' });
    expect(subjectPassesVerification(wrong)).toBe(false);
    expect(joins(wrong)).toBe(false);
    const [warning] = deploymentWarnings(wrong);
    expect(warning?.field).toBe('tokenSubject');
    expect(warning?.message).toMatch(
      /refuse every room join.*XMPP domain "meet\.example\.org".*sub "meet\.jitsi".*Clear the Token subject/,
    );
    expect(advise(wrong)).toContainEqual(warning);
    // "*" passes verification, in any case the plugin lowercases sub.
    expect(deploymentWarnings(settings({ deployment: 'debian', tokenSubject: '*' }))).toEqual([]);
    expect(deploymentWarnings(settings({ deployment: 'debian', tokenSubject: 'MEET.example.org' }))).toEqual(
      [],
    );
    // An XMPP domain other than the public host: the default sub no longer fits, and the fix says what to set.
    const own = settings({ deployment: 'debian', xmppDomain: 'xmpp.example.org' });
    expect(deploymentWarnings(own)[0]?.message).toMatch(/Set the Token subject to "xmpp\.example\.org"/);
    expect(
      joins(
        settings({ deployment: 'debian', xmppDomain: 'xmpp.example.org', tokenSubject: 'xmpp.example.org' }),
      ),
    ).toBe(true);
  });

  it('docker: verification is printed on exactly when sub is the XMPP domain (or the tenant), and a Token subject that is not is flagged', () => {
    const plain = settings({ deployment: 'docker' });
    expect(env(plain)).toMatchObject({ XMPP_DOMAIN: 'meet.jitsi', JWT_ENABLE_DOMAIN_VERIFICATION: 'false' });
    expect(deploymentWarnings(plain)).toEqual([]); // nothing set that would be refused
    expect(joins(plain)).toBe(true);

    const verified = settings({ deployment: 'docker', tokenSubject: 'meet.jitsi' });
    expect(env(verified)).toMatchObject({
      XMPP_DOMAIN: 'meet.jitsi',
      JWT_ENABLE_DOMAIN_VERIFICATION: 'true',
    });
    expect(deploymentWarnings(verified)).toEqual([]);
    expect(joins(verified)).toBe(true);

    const publicHost = settings({ deployment: 'docker', tokenSubject: 'meet.example.org' });
    expect(env(publicHost).JWT_ENABLE_DOMAIN_VERIFICATION).toBe('false');
    expect(dockerEnv(publicHost).find((l) => l.name === 'JWT_ENABLE_DOMAIN_VERIFICATION')?.comment).toMatch(
      /Off because sub is "meet\.example\.org", not XMPP_DOMAIN "meet\.jitsi"/,
    );
    expect(deploymentWarnings(publicHost)[0]?.message).toMatch(
      /not docker-jitsi-meet's XMPP domain "meet\.jitsi".*JWT_ENABLE_DOMAIN_VERIFICATION=false.*Set the Token subject to "meet\.jitsi"/,
    );
    expect(joins(publicHost)).toBe(true); // as printed: verification off

    const tenant = settings({ deployment: 'docker', domain: 'meet.example.org/acme' });
    expect(env(tenant)).toMatchObject({ JWT_ENABLE_DOMAIN_VERIFICATION: 'true' });
    expect(joins(tenant)).toBe(true);
    // On a tenant URL Prosody compares sub with the tenant, not with XMPP_DOMAIN.
    const tenantWrong = settings({
      deployment: 'docker',
      domain: 'meet.example.org/acme',
      tokenSubject: 'meet.jitsi',
    });
    expect(env(tenantWrong).JWT_ENABLE_DOMAIN_VERIFICATION).toBe('false');
    expect(deploymentWarnings(tenantWrong)[0]?.message).toMatch(
      /is not the tenant "acme".*Clear the Token subject to have Prosody check it/,
    );
    const wildcard = settings({ deployment: 'docker', tokenSubject: '*' });
    expect(env(wildcard).JWT_ENABLE_DOMAIN_VERIFICATION).toBe('false');

    const ownDomain = settings({
      deployment: 'docker',
      xmppDomain: 'chat.jitsi',
      tokenSubject: 'chat.jitsi',
    });
    expect(env(ownDomain)).toMatchObject({
      XMPP_DOMAIN: 'chat.jitsi',
      JWT_ENABLE_DOMAIN_VERIFICATION: 'true',
    });
    expect(joins(ownDomain)).toBe(true);
  });

  it('prints no docker env for Debian or JaaS, and Prosody lines for Debian only', () => {
    expect(dockerEnv(settings({ deployment: 'debian' }))).toEqual([]);
    expect(dockerEnv(settings({ deployment: 'jaas' }))).toEqual([]);
    expect(debianProsodyConfig(settings({ deployment: 'docker' }))).toBe('');
    expect(debianProsodyConfig(settings({ deployment: 'debian', useAuthToken: false }))).toBe('');
    const lines = debianProsodyConfig(settings({ deployment: 'debian', tokenAudience: 'parley-calls' }));
    expect(lines).toContain(
      'VirtualHost "meet.example.org"\n    authentication = "token"\n    app_id = "parley"',
    );
    expect(lines).toContain('app_secret = "<your app secret>"');
    expect(lines).not.toContain(base.appSecret as string);
    expect(lines).toContain('asap_accepted_audiences = { "parley-calls" }');
    expect(lines).toContain('stays on (the default): Parley\'s sub "meet.example.org"');
    expect(lines).toMatch(
      /Component "conference\.meet\.example\.org" "muc"[\s\S]*"token_verification";[\s\S]*"token_affiliation";/,
    );
    const own = debianProsodyConfig(settings({ deployment: 'debian', xmppDomain: 'xmpp.example.org' }));
    expect(own).toContain('VirtualHost "xmpp.example.org"');
    expect(own).toContain(
      'refuses Parley\'s sub "meet.example.org": set the Token subject to "xmpp.example.org"',
    );
  });

  it('JaaS: flags Use JaaS against the chosen kind, and a Token subject JaaS tokens ignore', () => {
    expect(deploymentWarnings(settings({ deployment: 'jaas' }))[0]).toMatchObject({
      field: 'useJaas',
      message: expect.stringMatching(/"Use JaaS" is off.*JaaS refuses every one of them/),
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const tenant = 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef';
    const jaas = {
      useJaas: true,
      appId: tenant,
      appSecret: '',
      jaasApiKeyId: `${tenant}/4f4910`,
      jaasPrivateKey: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })).toString('base64'),
      domain: '8x8.vc',
    };
    expect(deploymentWarnings(settings(jaas))).toEqual([]);
    expect(subjectPassesVerification(settings(jaas))).toBe(true);
    expect(deploymentWarnings(settings({ ...jaas, tokenSubject: 'meet.jitsi' }))[0]?.field).toBe(
      'tokenSubject',
    );
    expect(deploymentWarnings(settings({ ...jaas, deployment: 'docker' }))[0]).toMatchObject({
      field: 'useJaas',
      message: expect.stringMatching(/docker-jitsi-meet but "Use JaaS" is on/),
    });
  });

  it('says nothing without token authentication', () => {
    expect(
      deploymentWarnings(settings({ useAuthToken: false, deployment: 'debian', tokenSubject: 'x' })),
    ).toEqual([]);
  });
});
