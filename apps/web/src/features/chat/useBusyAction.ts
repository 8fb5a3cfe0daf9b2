import { useState } from 'react';
import { errorMessage } from '../../api/client';

/**
 * A dialog's one action: `busy` while it runs, the failure's message in `error` (after `onError`
 * undoes what the action started). It stays busy once it succeeds: the dialog closes.
 */
export function useBusyAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>, onError?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      onError?.();
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
