import type { WebAuthnOptions, WebAuthnResponse } from '@parley/shared';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { assertPasskey, PasskeyFailed, PasskeyNotUsed } from './passkeys';

export interface PasskeyStep {
  busy: boolean;
  /** Why the last try did not sign in, to show above the options. */
  error: string | null;
  /**
   * Fetches the server's options, asks the browser for a passkey and sends its assertion; what the
   * server answers goes to `done`. A failure is kept in `error` unless `handled` takes care of it (true).
   */
  run: <A>(steps: {
    options: () => Promise<WebAuthnOptions>;
    verify: (assertion: WebAuthnResponse) => Promise<A>;
    done: (answer: A) => void;
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
      const answer = await verify(await assertPasskey(await options()));
      setBusy(false);
      done(answer);
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
