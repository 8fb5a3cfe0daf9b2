import { describe, expect, it } from 'vitest';
import { dockerEnv, formatDockerEnv } from './docker-env.js';
import { parseJitsiSettings } from './settings.js';

const settings = parseJitsiSettings({
  domain: 'meet.example.com',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'super-secret-value-0123456789abcdef',
  tokenAudience: 'parley-calls',
});

describe('dockerEnv', () => {
  it('matches the settings and takes the moderator strictly from the token', () => {
    const env = Object.fromEntries(dockerEnv(settings).map((l) => [l.name, l.value]));
    expect(env).toMatchObject({
      ENABLE_AUTH: '1',
      AUTH_TYPE: 'jwt',
      JWT_APP_ID: 'parley',
      JWT_ACCEPTED_ISSUERS: 'parley',
      JWT_ACCEPTED_AUDIENCES: 'parley-calls',
      XMPP_MUC_MODULES: 'token_affiliation',
      JICOFO_ENABLE_AUTH: '0',
      ENABLE_AUTO_OWNER: 'false',
      JWT_ENABLE_DOMAIN_VERIFICATION: 'false',
    });
  });

  it('never prints the secret', () => {
    const text = formatDockerEnv(dockerEnv(settings));
    expect(text).not.toContain('super-secret-value');
    expect(text).toContain('JWT_APP_SECRET=<your app secret>');
  });

  it('turns domain verification on with an explicit subject, and is empty for JaaS or no tokens', () => {
    const env = Object.fromEntries(
      dockerEnv({ ...settings, tokenSubject: 'meet.jitsi' }).map((l) => [l.name, l.value]),
    );
    expect(env).toMatchObject({ JWT_ENABLE_DOMAIN_VERIFICATION: 'true', XMPP_DOMAIN: 'meet.jitsi' });
    expect(dockerEnv({ ...settings, useJaas: true })).toEqual([]);
    expect(dockerEnv({ ...settings, useAuthToken: false })).toEqual([]);
  });
});
