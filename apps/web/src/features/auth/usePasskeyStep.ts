import type { SessionResponse, WebAuthnOptions, WebAuthnResponse } from '@parley/shared';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { assertPasskey, PasskeyFailed, PasskeyNotUsed } from './passkeys';

export interface PasskeyStep {
  busy: boolean;
  /** Why the last try did not sign in, to show above the options. */
  error: string | null;
  /**
   * Fetches the server's options, asks the browser for a passkey and sends its assertion; the session
   * it answers goes to `done`. A failure is kept in `error` unless `handled` takes care of it (true).
   */
  run: (steps: {
    options: () => Promise<WebAuthnOptions>;
    verify: (assertion: WebAuthnResponse) => Promise<SessionResponse>;
    done: (session: SessionResponse) => void;
    handled?: (error: unknown) => boolean;
  }) => Promise<void>;
}

/** One passkey sign-in step (passwordless, or the second factor) and where it stands. */
export function usePasskeyStep(): PasskeyStep {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run: PasskeyStep['run'] = async ({ options, verify, done, handled }) => {
    setBusy(true);
    setError(null);
    try {
      const session = await verify(await assertPasskey(await options()));
      setBusy(false);
      done(session);
    } catch (failure) {
      setBusy(false);
      if (handled?.(failure)) return;
      const known =
        isApiError(failure) || failure instanceof PasskeyNotUsed || failure instanceof PasskeyFailed;
      setError(known ? failure.message : errorMessage(failure));
    }
  };

  return { busy, error, run };
}
