import type { WebAuthnResponse } from '@parley/shared';
import { ApiRequestError } from '../api/client';

/**
 * Passkeys in the browser. `@simplewebauthn/browser` loads the first time someone uses one, so pages
 * that only offer the button stay light.
 */

/** True when this browser can create and use passkeys at all. */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/** A new passkey for the server's registration options (`navigator.credentials.create`). */
export async function createPasskey(options: Record<string, unknown>): Promise<WebAuthnResponse> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  try {
    const response = await startRegistration({ optionsJSON: options as never });
    return response as unknown as WebAuthnResponse;
  } catch (error) {
    throw passkeyError(error);
  }
}

/** Proof with an existing passkey for the server's authentication options (`navigator.credentials.get`). */
export async function getPasskeyAssertion(options: Record<string, unknown>): Promise<WebAuthnResponse> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    const response = await startAuthentication({ optionsJSON: options as never });
    return response as unknown as WebAuthnResponse;
  } catch (error) {
    throw passkeyError(error);
  }
}

/** The browser's refusals as something to show: cancelled, already registered, not allowed here. */
function passkeyError(error: unknown): ApiRequestError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: string } | null)?.code ?? '';
  if (name === 'InvalidStateError' || code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return new ApiRequestError(0, 'passkey_exists', 'This device already has a passkey for your account.');
  }
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return new ApiRequestError(0, 'passkey_cancelled', 'The passkey request was cancelled or timed out.');
  }
  if (name === 'SecurityError') {
    return new ApiRequestError(0, 'passkey_not_allowed', 'Passkeys are not allowed on this address.');
  }
  return new ApiRequestError(0, 'passkey_failed', 'Your browser could not use a passkey. Try again.');
}
