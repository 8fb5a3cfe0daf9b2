/**
 * What a real Prosody with Jitsi's token plugins does with a token's `sub`, per kind of deployment.
 * `mod_token_verification` with `enable_domain_verification` on (the plugin's default, and what a
 * Debian `jitsi-meet-tokens` install runs) lets a token into `room@<prefix>.<XMPP domain>` only when
 * `sub` is that XMPP domain (or `*`); on a tenant URL (`[tenant]room`) `sub` must be the tenant.
 * Anything else is refused at the room join with "Room and token mismatched", after the login
 * succeeded, which is why the doctor says so before anyone tries.
 */
import { parseDomain } from './domain.js';
import type { JitsiDeployment, JitsiSettings } from './settings.js';

/** docker-jitsi-meet's `XMPP_DOMAIN` in its `env.example`. */
export const DOCKER_XMPP_DOMAIN = 'meet.jitsi';

/** How each kind of deployment is named to an admin. */
export const DEPLOYMENT_NAMES: Readonly<Record<JitsiDeployment, string>> = {
  debian: 'a Debian jitsi-meet install with jitsi-meet-tokens',
  docker: 'docker-jitsi-meet',
  jaas: 'JaaS (8x8)',
};

/** The kind of deployment: the `deployment` setting, else JaaS when `useJaas` is on, else docker. */
export function deploymentOf(settings: Pick<JitsiSettings, 'deployment' | 'useJaas'>): JitsiDeployment {
  return settings.deployment ?? (settings.useJaas ? 'jaas' : 'docker');
}

type Subjectful = Pick<JitsiSettings, 'tokenSubject' | 'domain'>;

/**
 * The `sub` claim of self-hosted tokens: the `tokenSubject` setting, else the tenant when the
 * domain has one (Prosody then compares `sub` with the tenant), else the domain's host name.
 */
export function effectiveTokenSubject(settings: Subjectful): string {
  if (settings.tokenSubject !== '') return settings.tokenSubject;
  const domain = parseDomain(settings.domain);
  return domain.tenant ?? domain.hostname;
}

/**
 * The deployment's XMPP domain: the `xmppDomain` setting, else the kind's own (Debian: the public
 * host name; docker: `meet.jitsi`). `null` for JaaS, which is not ours to configure.
 */
export function xmppDomainOf(settings: JitsiSettings): string | null {
  if (deploymentOf(settings) === 'jaas') return null;
  if (settings.xmppDomain !== '') return settings.xmppDomain;
  return deploymentOf(settings) === 'debian' ? parseDomain(settings.domain).hostname : DOCKER_XMPP_DOMAIN;
}

/**
 * The `sub` a verifying Prosody accepts for Parley's rooms: the tenant on tenant URLs, else the XMPP
 * domain; for JaaS the AppID (JaaS rooms are `[AppID]room`). `null` while JaaS has no AppID.
 */
export function expectedSubject(settings: JitsiSettings): string | null {
  if (deploymentOf(settings) === 'jaas') return settings.appId === '' ? null : settings.appId;
  return parseDomain(settings.domain).tenant ?? xmppDomainOf(settings);
}

/**
 * Whether Prosody with domain verification on lets Parley's tokens into their rooms: `sub` (as the
 * signer sends it) is the expected subject, in any case (Prosody lowercases it), or `*`.
 */
export function subjectPassesVerification(settings: JitsiSettings): boolean {
  const sub = settings.useJaas ? settings.appId : effectiveTokenSubject(settings);
  const expected = expectedSubject(settings);
  return sub === '*' || (expected !== null && sub.toLowerCase() === expected.toLowerCase());
}

/**
 * Whether the docker env Parley prints turns `JWT_ENABLE_DOMAIN_VERIFICATION` on: only when `sub`
 * is the XMPP domain (or the tenant), never for `*` (verification would then check nothing).
 */
export function dockerDomainVerification(settings: JitsiSettings): boolean {
  return effectiveTokenSubject(settings) !== '*' && subjectPassesVerification(settings);
}

/** Like a settings problem: the English `message`, and `code` and `values` for translations. */
export interface DeploymentWarning {
  field: string;
  message: string;
  code?: string;
  values?: Record<string, string | number>;
}

/**
 * Warnings about a kind of deployment the settings do not fit: a `sub` Prosody would refuse, JaaS on
 * or off against the chosen kind. Each says what Jitsi would do and what to change. Only for
 * settings with token authentication (without tokens nothing is verified).
 */
export function deploymentWarnings(settings: JitsiSettings): DeploymentWarning[] {
  const warnings: DeploymentWarning[] = [];
  if (!settings.useAuthToken) return warnings;
  const add = (field: string, code: string, message: string, values?: Record<string, string | number>) =>
    warnings.push({ field, message, code, ...(values ? { values } : {}) });
  const kind = DEPLOYMENT_NAMES[deploymentOf(settings)];

  if (deploymentOf(settings) === 'jaas') {
    if (!settings.useJaas) {
      add(
        'useJaas',
        'jaasDeploymentWithoutJaas',
        `The deployment is ${kind} but "Use JaaS" is off: Parley signs HS256 tokens with the application secret and sub "${effectiveTokenSubject(settings)}", and JaaS refuses every one of them (it verifies RS256 tokens by the key id, with sub = your AppID). Turn on "Use JaaS", or choose the kind of your own Jitsi.`,
        { sub: effectiveTokenSubject(settings) },
      );
    } else if (settings.tokenSubject !== '') {
      add(
        'tokenSubject',
        'jaasSubjectUnused',
        `The Token subject "${settings.tokenSubject}" is not used with JaaS: its tokens always carry your AppID as sub, as JaaS requires. Clear it.`,
        { subject: settings.tokenSubject },
      );
    }
    return warnings;
  }
  if (settings.useJaas) {
    add(
      'useJaas',
      'selfHostedWithJaas',
      `The deployment is ${kind} but "Use JaaS" is on: Parley signs RS256 tokens with the JaaS key and sends people to 8x8.vc, and your Prosody (app_secret, HS256) refuses those tokens. Turn off "Use JaaS", or choose JaaS as the deployment.`,
      { deployment: deploymentOf(settings) },
    );
    return warnings;
  }

  const sub = effectiveTokenSubject(settings);
  const expected = expectedSubject(settings)!;
  const xmpp = xmppDomainOf(settings)!;
  const tenant = parseDomain(settings.domain).tenant;
  const onTenant = `the tenant "${tenant}" (rooms of ${settings.domain} are [${tenant}]room)`;
  // The default subject (no Token subject) is what the signer derives; say "clear it" when that fits.
  const clear =
    effectiveTokenSubject({ ...settings, tokenSubject: '' }).toLowerCase() === expected.toLowerCase();
  const fix = clear ? 'Clear the Token subject' : `Set the Token subject to "${expected}"`;
  if (subjectPassesVerification(settings)) return warnings;
  // Only Debian's message offers the VirtualHost (docker's XMPP domain is its own `meet.jitsi`).
  const virtualHostHint = deploymentOf(settings) === 'debian' && settings.xmppDomain === '' && !tenant;
  // For translations: the conditional parts as selects (`target`, `fix`, `hint`) and their values.
  const values: Record<string, string | number> = {
    target: tenant ? 'tenant' : 'xmppDomain',
    fix: clear ? 'clear' : 'set',
    hint: virtualHostHint ? 'virtualHost' : 'none',
    sub,
    expected,
    xmpp,
    domain: settings.domain,
    ...(tenant ? { tenant } : {}),
  };

  if (deploymentOf(settings) === 'debian') {
    add(
      'tokenSubject',
      'debianSubjectRefused',
      `Prosody will refuse every room join ("Room and token mismatched"): ${kind} verifies that a token's sub is ${tenant ? onTenant : `its XMPP domain "${xmpp}"`} (enable_domain_verification is on by default), and Parley sends sub "${sub}". ${fix}${virtualHostHint ? ', or, if your VirtualHost is not the public host name, enter it as the Prosody VirtualHost' : ''}.`,
      values,
    );
  } else if (settings.tokenSubject !== '') {
    // docker: the printed env keeps verification off, so this joins; with it on, it would not.
    add(
      'tokenSubject',
      'dockerSubjectUnverified',
      `The Token subject "${sub}" is not ${tenant ? onTenant : `docker-jitsi-meet's XMPP domain "${xmpp}"`}, so the environment below sets JWT_ENABLE_DOMAIN_VERIFICATION=false: with verification on, Prosody would refuse every room join ("Room and token mismatched"). ${fix} to have Prosody check it.`,
      values,
    );
  }
  return warnings;
}
