import { vi } from 'vitest';

/**
 * What `@simplewebauthn/browser`'s startAuthentication gives back for a passkey (the shape the server
 * checks); tests mock the library and answer with this.
 */
export const ASSERTION = {
  id: 'cred-1',
  rawId: 'cred-1',
  type: 'public-key' as const,
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'c2ln', userHandle: 'dV9hZG1pbg' },
  clientExtensionResults: {},
  authenticatorAttachment: 'platform',
};

/** Server options for a passkey sign-in, as `POST …/options` answers them. */
export const PASSKEY_OPTIONS = {
  options: { challenge: 'Y2hhbGxlbmdl', rpId: 'parley.test', timeout: 60000 },
};

/** Makes jsdom look like a browser that can use passkeys (`PublicKeyCredential` exists). */
export function allowPasskeys(): void {
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
}

/** What browsers throw when the person closes the passkey prompt or it times out. */
export function notAllowed(): Error {
  const error = new Error('The operation either timed out or was not allowed.');
  error.name = 'NotAllowedError';
  return error;
}
