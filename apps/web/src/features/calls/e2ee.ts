import type { JoinE2ee } from '@parley/shared';
import { t } from '../../i18n';
import type { JitsiMeetApi } from './jitsi';

/**
 * Whether this browser can encrypt media end to end the way Jitsi does: it needs encoded transforms,
 * either the standard `RTCRtpScriptTransform` (Safari, Firefox) or Chrome's `createEncodedStreams`
 * (Insertable Streams). Without either, Jitsi cannot touch the media frames, so it cannot encrypt.
 */
export function browserCanEncrypt(scope: typeof globalThis = globalThis): boolean {
  const g = scope as unknown as {
    RTCRtpScriptTransform?: unknown;
    RTCRtpSender?: { prototype?: { createEncodedStreams?: unknown } };
  };
  if (typeof g.RTCRtpScriptTransform === 'function') return true;
  return typeof g.RTCRtpSender?.prototype?.createEncodedStreams === 'function';
}

/**
 * The IFrame API options that turn encryption on with Parley's key: `e2eeKey`, which the API sends as
 * `setMediaEncryptionKey` once the conference is joined, and `config.e2ee.externallyManagedKey`, so
 * Jitsi uses that key instead of making and exchanging its own. The key travels only through the
 * API's postMessage, never in the meeting URL. Nothing when the meeting is not encrypted or this
 * browser cannot encrypt (it then joins in clear, which only an "offered" meeting lets it do).
 */
export function e2eeOptions(
  e2ee: JoinE2ee | undefined,
  configOverwrite: Record<string, unknown> | undefined,
  canEncrypt: boolean,
): { e2eeKey?: string; configOverwrite?: Record<string, unknown> } {
  if (!e2ee || !canEncrypt) return configOverwrite ? { configOverwrite } : {};
  const current = configOverwrite?.e2ee;
  return {
    e2eeKey: e2ee.key,
    configOverwrite: {
      ...configOverwrite,
      e2ee: {
        ...(typeof current === 'object' && current !== null ? current : {}),
        externallyManagedKey: true,
      },
    },
  };
}

/** The key's 64 hex digits as the 32 bytes `setMediaEncryptionKey` takes (`exportedKey`). */
export function keyBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/**
 * What to do on each `videoConferenceJoined` so the meeting keeps Parley's key. The IFrame API sends
 * its `e2eeKey` once, on the first join, and then forgets it; when Jitsi reloads its page inside the
 * iframe (its reconnect path does) the new page joins again with no key, and would send media in
 * clear under Parley's "End-to-end encrypted" lock. So every join after the first sends the key
 * again, exactly as the API sends it the first time. Nothing when the options carry no key (not
 * encrypted, or this browser cannot encrypt).
 */
export function mediaKeyOnRejoin(options: {
  e2eeKey?: string;
}): (api: Pick<JitsiMeetApi, 'executeCommand'>) => void {
  const key = options.e2eeKey;
  let joins = 0;
  return (api) => {
    joins += 1;
    if (!key || joins === 1) return;
    api.executeCommand('setMediaEncryptionKey', JSON.stringify({ exportedKey: keyBytes(key), index: 0 }));
  };
}

/** What the meeting shows about its encryption. */
export type EncryptionState =
  | { kind: 'none' }
  | { kind: 'encrypted' }
  /** This browser cannot encrypt, and the meeting lets it in anyway ("offered"). */
  | { kind: 'self-unencrypted' }
  /** Someone else joined from a browser that cannot encrypt. */
  | { kind: 'others-unencrypted'; names: string[] };

export function encryptionState(
  e2ee: JoinE2ee | undefined,
  canEncrypt: boolean,
  othersInClear: string[],
): EncryptionState {
  if (!e2ee) return { kind: 'none' };
  if (!canEncrypt) return { kind: 'self-unencrypted' };
  if (othersInClear.length > 0) return { kind: 'others-unencrypted', names: othersInClear };
  return { kind: 'encrypted' };
}

/** Why a browser cannot join a meeting that requires encryption (shown instead of the meeting). */
export function e2eeRequiredMessage(): string {
  return t('calls.e2ee.required');
}
