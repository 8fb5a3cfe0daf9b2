import { deploymentWarnings } from './deployment.js';
import { formatDuration } from './duration.js';
import type { JitsiSettings, JitsiSettingsProblem } from './settings.js';

/**
 * Things that work but deserve a second look (wildcard room tokens, plain http, long-lived tokens,
 * settings that are ignored in the chosen mode), and what the chosen kind of deployment would refuse
 * (a `sub` Prosody's domain verification rejects, JaaS on or off against the kind). Never includes problems {@link diagnose} reports.
 */
export function advise(settings: JitsiSettings): JitsiSettingsProblem[] {
  const notes: JitsiSettingsProblem[] = [];
  const add = (field: string | null, message: string) => notes.push({ field, message });
  if (!settings.useAuthToken) {
    add(
      'useAuthToken',
      'Token authentication is off: anyone who knows a room name can join it and become moderator.',
    );
    return notes;
  }
  if (!settings.limitTokenToRoom) {
    add(
      'limitTokenToRoom',
      'Tokens carry room "*": a token leaked from one call opens every room on the deployment.',
    );
  }
  if (settings.tokenExpiration > 86400) {
    add(
      'tokenExpiration',
      `Tokens live ${formatDuration(settings.tokenExpiration)}; they travel in URLs, keep them short (minutes to hours).`,
    );
  }
  if (settings.useJaas) {
    if (settings.domain !== '8x8.vc' && settings.domain !== 'stage.8x8.vc') {
      add('domain', `With JaaS, links go to 8x8.vc; the domain "${settings.domain}" is ignored.`);
    }
    if (settings.appSecret !== '') {
      add('appSecret', 'The application secret is not used with JaaS (tokens are RS256-signed).');
    }
  } else {
    if (!settings.useSsl) {
      add('useSsl', 'Links use http://; browsers only allow camera and microphone on https (or localhost).');
    }
    if (settings.appSecret !== '' && Buffer.byteLength(settings.appSecret) < 32) {
      add(
        'appSecret',
        'The application secret is shorter than 32 bytes; use a long random value (e.g. `openssl rand -hex 32`).',
      );
    }
  }
  notes.push(...deploymentWarnings(settings));
  return notes;
}
