/**
 * The docker-jitsi-meet `.env` lines that make a self-hosted Jitsi accept Parley's tokens and take
 * the moderator strictly from them. Secrets are printed as placeholders: the output ends up in
 * terminals, tickets and CI logs, and the admin already has the secret.
 */
import {
  deploymentOf,
  dockerDomainVerification,
  effectiveTokenSubject,
  expectedSubject,
  xmppDomainOf,
} from './deployment.js';
import { parseDomain } from './domain.js';
import type { JitsiSettings } from './settings.js';

export interface DockerEnvLine {
  name: string;
  value: string;
  /** Why it is set this way. */
  comment: string;
}

/** Placeholder printed instead of the app secret. */
export const APP_SECRET_PLACEHOLDER = '<your app secret>';

/**
 * The docker-jitsi-meet environment matching `settings`, or an empty list when the deployment is not
 * docker-jitsi-meet (Debian and JaaS are configured otherwise), for JaaS tokens, and for settings
 * without token authentication.
 */
export function dockerEnv(settings: JitsiSettings): DockerEnvLine[] {
  if (settings.useJaas || !settings.useAuthToken || deploymentOf(settings) !== 'docker') return [];
  const domain = parseDomain(settings.domain);
  const scheme = settings.useSsl ? 'https' : 'http';
  const sub = effectiveTokenSubject(settings);
  const xmpp = xmppDomainOf(settings)!;
  const expected = expectedSubject(settings)!;
  // On only when Parley's sub is what a verifying Prosody compares it with: a Prosody told to verify
  // a sub that can never match refuses every room join ("Room and token mismatched").
  const verification = dockerDomainVerification(settings);
  const lines: DockerEnvLine[] = [
    { name: 'PUBLIC_URL', value: `${scheme}://${domain.host}`, comment: 'The URL users open.' },
    { name: 'ENABLE_AUTH', value: '1', comment: 'Require authentication to create and join rooms.' },
    { name: 'AUTH_TYPE', value: 'jwt', comment: 'Authenticate with the tokens Parley mints.' },
    {
      name: 'ENABLE_GUESTS',
      value: '0',
      comment: 'No token-less guest domain: every participant comes through Parley.',
    },
    { name: 'JWT_APP_ID', value: settings.appId, comment: 'Prosody app_id; equals appId.' },
    {
      name: 'JWT_APP_SECRET',
      value: APP_SECRET_PLACEHOLDER,
      comment: 'Prosody app_secret; the appSecret setting (not printed).',
    },
    { name: 'JWT_ACCEPTED_ISSUERS', value: settings.appId, comment: "Tokens' iss (appId)." },
    {
      name: 'JWT_ACCEPTED_AUDIENCES',
      value: settings.tokenAudience,
      comment: "Tokens' aud (tokenAudience).",
    },
    { name: 'JWT_ALLOW_EMPTY', value: '0', comment: 'A connection without a token is refused.' },
    {
      name: 'XMPP_DOMAIN',
      value: xmpp,
      comment:
        xmpp === 'meet.jitsi'
          ? "docker-jitsi-meet's internal XMPP domain (env.example's default; keep it)."
          : 'Your XMPP domain (the XMPP domain setting); XMPP_AUTH_DOMAIN, XMPP_MUC_DOMAIN… must follow it.',
    },
    {
      name: 'JWT_ENABLE_DOMAIN_VERIFICATION',
      value: verification ? 'true' : 'false',
      comment: verification
        ? `sub is "${sub}", which Prosody compares with ${domain.tenant ? 'the tenant' : 'XMPP_DOMAIN'} "${expected}".`
        : sub === '*'
          ? 'sub is "*", which passes any domain check: verification would check nothing.'
          : `Off because sub is "${sub}", not ${domain.tenant ? 'the tenant' : 'XMPP_DOMAIN'} "${expected}": with it on, Prosody refuses every room join. Set the token subject to "${expected}" to turn it on.`,
    },
  ];
  lines.push(
    {
      name: 'XMPP_MUC_MODULES',
      value: 'token_affiliation',
      comment: 'Owner from context.user.moderator / affiliation in the token.',
    },
    {
      name: 'JICOFO_ENABLE_AUTH',
      value: '0',
      comment: 'Otherwise jicofo makes every token holder a moderator.',
    },
    {
      name: 'ENABLE_AUTO_OWNER',
      value: 'false',
      comment: 'Otherwise the first participant becomes moderator.',
    },
    {
      name: 'WAIT_FOR_HOST_DISABLE_AUTO_OWNERS',
      value: 'true',
      comment: 'If you use muc_wait_for_host: stop it from making every token user owner.',
    },
  );
  return lines;
}

/** `dockerEnv` as `.env` text with comments. */
export function formatDockerEnv(lines: DockerEnvLine[]): string {
  return lines.map((l) => `# ${l.comment}\n${l.name}=${l.value}`).join('\n');
}
