import { deploymentWarnings } from './deployment.js';
import { formatDuration } from './duration.js';
import type { JitsiSettings, JitsiSettingsProblem, ProblemValues } from './settings.js';

/**
 * Things that work but deserve a second look (wildcard room tokens, plain http, long-lived tokens,
 * settings that are ignored in the chosen mode), and what the chosen kind of deployment would refuse
 * (a `sub` Prosody's domain verification rejects, JaaS on or off against the kind). Never includes problems {@link diagnose} reports.
 */
export function advise(settings: JitsiSettings): JitsiSettingsProblem[] {
  const notes: JitsiSettingsProblem[] = [];
  const add = (field: string | null, code: string, message: string, values?: ProblemValues) =>
    notes.push({ field, message, code, ...(values ? { values } : {}) });
  if (!settings.useAuthToken) {
    add(
      'useAuthToken',
      'tokenAuthOff',
      'Token authentication is off: anyone who knows a room name can join it and become moderator.',
    );
    return notes;
  }
  if (!settings.limitTokenToRoom) {
    add(
      'limitTokenToRoom',
      'tokenAnyRoom',
      'Tokens carry room "*": a token leaked from one call opens every room on the deployment.',
    );
  }
  if (settings.tokenExpiration > 86400) {
    add(
      'tokenExpiration',
      'tokenLongLived',
      `Tokens live ${formatDuration(settings.tokenExpiration)}; they travel in URLs, keep them short (minutes to hours).`,
      { duration: formatDuration(settings.tokenExpiration) },
    );
  }
  if (settings.useJaas) {
    if (settings.domain !== '8x8.vc' && settings.domain !== 'stage.8x8.vc') {
      add(
        'domain',
        'jaasDomainIgnored',
        `With JaaS, links go to 8x8.vc; the domain "${settings.domain}" is ignored.`,
        {
          domain: settings.domain,
        },
      );
    }
    if (settings.appSecret !== '') {
      add(
        'appSecret',
        'jaasSecretUnused',
        'The application secret is not used with JaaS (tokens are RS256-signed).',
      );
    }
  } else {
    if (!settings.useSsl) {
      add(
        'useSsl',
        'plainHttp',
        'Links use http://; browsers only allow camera and microphone on https (or localhost).',
      );
    }
    if (settings.appSecret !== '' && Buffer.byteLength(settings.appSecret) < 32) {
      add(
        'appSecret',
        'shortSecret',
        'The application secret is shorter than 32 bytes; use a long random value (e.g. `openssl rand -hex 32`).',
      );
    }
  }
  notes.push(...deploymentWarnings(settings));
  return notes;
}
