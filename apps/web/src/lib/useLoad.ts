import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { errorMessage } from '../api/client';

/** Where a load stands: under way, failed (with the reason to show) or done. */
export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

export type Load<T> = LoadState<T> & {
  /** Loads again (the "Try again" of a load error). */
  retry: () => void;
  /** Replaces what was loaded with a newer copy (what a save answered), as if it had been loaded. */
  set: (data: T) => void;
};

/**
 * Loads data for a component: on mount and whenever `deps` change, `load` runs with a signal that is
 * aborted when the component goes or `deps` change again; until it answers the state is `loading`,
 * then `ready` with the data or `error` with the message to show. An aborted load changes nothing.
 * `load` may change on every render: the one of the render that started the load is used.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    latest.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
    // The caller's deps decide when to load again, plus every retry.
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { ...state, retry, set };
}
