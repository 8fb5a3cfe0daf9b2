import { t } from '../../i18n';
import type { WebAuthnOptions, WebAuthnResponse } from '@parley/shared';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { lazyModule } from '../../lib/lazyPage';

/** `@simplewebauthn/browser`, fetched only when someone uses a passkey. */
const webAuthn = lazyModule(() => import('@simplewebauthn/browser'));

/** The browser can use passkeys at all (the library's own test, without loading it). */
export function passkeysSupported(): boolean {
  return typeof globalThis.PublicKeyCredential === 'function';
}

/** The browser's passkey prompt ended without an answer: the person cancelled, or it timed out. */
export class PasskeyNotUsed extends Error {
  constructor() {
    super(t('auth.passkey.notUsed'));
    this.name = 'PasskeyNotUsed';
  }
}

/** The browser could not use a passkey for another reason (none for this site, a broken authenticator). */
export class PasskeyFailed extends Error {
  constructor() {
    super(t('auth.passkey.failed'));
    this.name = 'PasskeyFailed';
  }
}

/**
 * Asks the browser for a passkey assertion with the server's request `options`; the result is what
 * `POST /auth/passkey` and `POST /auth/mfa` take. Throws PasskeyNotUsed or PasskeyFailed.
 */
export async function assertPasskey({ options }: WebAuthnOptions): Promise<WebAuthnResponse> {
  const { startAuthentication } = await webAuthn.load();
  try {
    const answer = await startAuthentication({
      optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
    return {
      ...answer,
      response: { ...answer.response },
      clientExtensionResults: { ...answer.clientExtensionResults },
    };
  } catch (error) {
    // NotAllowedError is what browsers say for "cancelled", "timed out" and "no passkey chosen" alike;
    // the library's WebAuthnError keeps the browser's error name.
    const name = error instanceof Error ? error.name : '';
    throw name === 'NotAllowedError' || name === 'AbortError' ? new PasskeyNotUsed() : new PasskeyFailed();
  }
}
