/**
 * The Prosody lines a Debian `jitsi-meet` + `jitsi-meet-tokens` install needs for Parley's tokens, in
 * `/etc/prosody/conf.avail/<host>.cfg.lua`: the token options of the VirtualHost (the XMPP domain) and
 * the two token modules of its conference MUC. The secret is a placeholder, as in the docker env.
 */
import {
  deploymentOf,
  effectiveTokenSubject,
  expectedSubject,
  subjectPassesVerification,
  xmppDomainOf,
} from './deployment.js';
import { parseDomain } from './domain.js';
import { APP_SECRET_PLACEHOLDER } from './docker-env.js';
import type { JitsiSettings } from './settings.js';

const lua = (value: string) => JSON.stringify(value);

/**
 * The Lua lines for `settings` on a Debian install, or '' when the deployment is not Debian, for JaaS
 * and without token authentication.
 */
export function debianProsodyConfig(settings: JitsiSettings): string {
  if (settings.useJaas || !settings.useAuthToken || deploymentOf(settings) !== 'debian') return '';
  const xmpp = xmppDomainOf(settings)!;
  const sub = effectiveTokenSubject(settings);
  const host = parseDomain(settings.domain).hostname;
  const verification = subjectPassesVerification(settings)
    ? `-- enable_domain_verification stays on (the default): Parley's sub ${lua(sub)} is what it checks.`
    : `-- enable_domain_verification is on by default and refuses Parley's sub ${lua(sub)}: set the Token subject to ${lua(expectedSubject(settings)!)}.`;
  return [
    `-- /etc/prosody/conf.avail/${host}.cfg.lua (keep the installer's other lines)`,
    `VirtualHost ${lua(xmpp)}`,
    `    authentication = "token"`,
    `    app_id = ${lua(settings.appId)}`,
    `    app_secret = ${lua(APP_SECRET_PLACEHOLDER)}`,
    `    allow_empty_token = false`,
    `    asap_accepted_issuers = { ${lua(settings.appId)} }`,
    `    asap_accepted_audiences = { ${lua(settings.tokenAudience)} }`,
    `    ${verification}`,
    ``,
    `Component ${lua(`conference.${xmpp}`)} "muc"`,
    `    modules_enabled = {`,
    `        -- the modules the installer listed, and:`,
    `        "token_verification";`,
    `        "token_affiliation";`,
    `    }`,
  ].join('\n');
}
