/**
 * The docker-jitsi-meet `.env` lines that make a self-hosted Jitsi accept Parley's tokens and take
 * the moderator strictly from them. Secrets are printed as placeholders: the output ends up in
 * terminals, tickets and CI logs, and the admin already has the secret.
 */
import { parseDomain } from './domain.js';
import type { JitsiSettings } from './settings.js';
import { effectiveTokenSubject } from './signer.js';

export interface DockerEnvLine {
  name: string;
  value: string;
  /** Why it is set this way. */
  comment: string;
}

/** Placeholder printed instead of the app secret. */
export const APP_SECRET_PLACEHOLDER = '<your app secret>';

/**
 * The docker-jitsi-meet environment matching `settings`, or an empty list for JaaS (nothing to
 * deploy) and for settings without token authentication.
 */
export function dockerEnv(settings: JitsiSettings): DockerEnvLine[] {
  if (settings.useJaas || !settings.useAuthToken) return [];
  const domain = parseDomain(settings.domain);
  const scheme = settings.useSsl ? 'https' : 'http';
  const verification = settings.tokenSubject !== '' && settings.tokenSubject !== '*';
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
      name: 'JWT_ENABLE_DOMAIN_VERIFICATION',
      value: verification ? 'true' : 'false',
      comment: verification
        ? `sub is "${settings.tokenSubject}", which must be XMPP_DOMAIN (or the tenant on tenant URLs).`
        : `sub is "${effectiveTokenSubject(settings)}"; set tokenSubject to your XMPP_DOMAIN to turn verification on.`,
    },
  ];
  if (verification && !domain.tenant) {
    lines.push({
      name: 'XMPP_DOMAIN',
      value: settings.tokenSubject,
      comment: 'Domain verification compares sub with it.',
    });
  }
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
