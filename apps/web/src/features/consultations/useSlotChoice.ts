import type { Slot } from '@parley/shared';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import type { Words } from './status';

/**
 * A dialog that sends a chosen free time: the choice, the busy flag, what went wrong, and the key
 * that makes the picker fetch the free times again.
 */
export function useSlotChoice() {
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [busy, setBusy] = useState(false);
  /** What went wrong, said while rendering (it follows the interface's language). */
  const [error, setErrorWords] = useState<Words | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const setError = (words: Words | null) => setErrorWords(() => words);

  /** Whether `e` says the chosen time is no longer free. */
  const slotGone = (e: unknown) =>
    isApiError(e) && (e.code === 'slot_taken' || e.code === 'slot_unavailable');
  /** Drops the choice and fetches the free times again; says `message`. */
  const retake = (message: Words) => {
    setChosen(null);
    setRefreshKey((n) => n + 1);
    return message;
  };
  /** Runs `request`; a failure is said as `failed` puts it. */
  const send = async (request: () => Promise<void>, failed: (e: unknown) => Words) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (e) {
      setError(failed(e));
      setBusy(false);
    }
  };
  return { chosen, setChosen, busy, error, setError, refreshKey, slotGone, retake, send };
}
