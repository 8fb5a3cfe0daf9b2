import type { ProsodyHostInfo, ProsodyHostOptions } from './prosody-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prosody: SharedProsody;
  }
}

/** The deployments the run's one Prosody serves (prosody-global.ts), by the name tests use. */
export type SharedProsodyHost =
  'debian' | 'docker' | 'dockerVerifying' | 'debianRotated' | 'dockerRotated' | 'jaas';

export interface SharedProsody {
  hosts: Record<SharedProsodyHost, ProsodyHostInfo>;
  /** The JaaS account the `jaas` host trusts: its key server serves the public half under `kid`. */
  jaasAccount: { tenant: string; kid: string; privateKeyPem: string; keyServerUrl: string };
}

/** The secret the `*Rotated` hosts hold: an operator's Jitsi after the app secret was changed. */
export const ROTATED_APP_SECRET = 'a-new-application-secret-after-rotation-9876543210';

const TENANT = 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef';

export const SHARED_PROSODY_HOSTS = {
  jaasAccount: { tenant: TENANT, kid: `${TENANT}/4f4910` },
  /** The VirtualHosts, given the tests' app secret and the JaaS key server's URL. */
  hosts: (appSecret: string, keyServerUrl: string): Record<SharedProsodyHost, ProsodyHostOptions> => {
    // What Parley's docker env (dockerEnv) sets: JWT_ACCEPTED_ISSUERS / _AUDIENCES, verification off.
    const dockerAsap = { acceptedIssuers: ['parley'], acceptedAudiences: ['jitsi'] };
    return {
      // A Debian jitsi-meet + jitsi-meet-tokens install at the public domain Parley's settings name.
      debian: { flavour: 'debian', domain: 'meet.example.org', appId: 'parley', appSecret },
      // docker-jitsi-meet's defaults (XMPP_DOMAIN=meet.jitsi, verification off).
      docker: { flavour: 'docker', appId: 'parley', appSecret, ...dockerAsap },
      // docker-jitsi-meet with JWT_ENABLE_DOMAIN_VERIFICATION=true (and XMPP_DOMAIN=verified.jitsi,
      // since one process cannot hold meet.jitsi twice).
      dockerVerifying: {
        flavour: 'docker',
        domain: 'verified.jitsi',
        domainVerification: true,
        appId: 'parley',
        appSecret,
        ...dockerAsap,
      },
      // The same two deployments after their operator changed the app secret.
      debianRotated: {
        flavour: 'debian',
        domain: 'meet.example.net',
        appId: 'parley',
        appSecret: ROTATED_APP_SECRET,
      },
      dockerRotated: {
        flavour: 'docker',
        domain: 'rotated.jitsi',
        appId: 'parley',
        appSecret: ROTATED_APP_SECRET,
        ...dockerAsap,
      },
      // JaaS-style RS256: public keys by kid from a key server, sub = the tenant.
      jaas: {
        flavour: 'debian',
        domain: '8x8.vc',
        appId: TENANT,
        asapKeyServer: keyServerUrl,
        acceptedIssuers: ['chat'],
        acceptedAudiences: ['jitsi'],
      },
    };
  },
};
