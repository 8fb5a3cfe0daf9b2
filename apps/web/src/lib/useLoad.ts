import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { errorMessage, isApiError } from '../api/client';

/**
 * Where a load stands: under way (with what the load before it gave, to keep showing meanwhile),
 * failed (with the reason to show) or done.
 */
export type LoadState<T> =
  | { status: 'loading'; previous?: T }
  | { status: 'error'; message: string; error: unknown }
  | { status: 'ready'; data: T };

export type Load<T> = LoadState<T> & {
  /** Loads again (the "Try again" of a load error). */
  retry: () => void;
  /** Replaces what was loaded with a newer copy (what a save answered), as if it had been loaded. */
  set: (data: T) => void;
  /** Changes what was loaded (an item added or removed here); nothing while it is not loaded. */
  update: (change: (data: T) => T) => void;
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
    setState((current) =>
      current.status === 'ready' ? { status: 'loading', previous: current.data } : { status: 'loading' },
    );
    latest.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: errorMessage(error), error });
      },
    );
    return () => controller.abort();
    // The caller's deps decide when to load again, plus every retry.
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((current) =>
        current.status === 'ready' ? { status: 'ready', data: change(current.data) } : current,
      ),
    [],
  );
  return { ...state, retry, set, update };
}

/**
 * What `request` answers, or `null` where the server says there is no such thing (404, or any of
 * `statuses`): a load that shows "not found" rather than an error.
 */
export async function orMissing<T>(
  request: Promise<T>,
  statuses: readonly number[] = [404],
): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (isApiError(error) && statuses.includes(error.status)) return null;
    throw error;
  }
}

/** Where the "Load more" of a paged list stands. */
export interface MoreState {
  busy: boolean;
  error: string | null;
}

export type PagedLoad<T> = Load<T> & {
  more: MoreState;
  /** Fetches the page after what is loaded and appends it; a failure is kept in `more.error`. */
  loadMore: () => Promise<void>;
};

export interface Pages<T, P> {
  /** The first page, whenever `deps` change (or on retry). */
  first: (signal: AbortSignal) => Promise<T>;
  /** The page after what is loaded, or `null` when there is no more; `signal` aborts with the list's load. */
  next: (loaded: T, signal: AbortSignal) => Promise<P> | null;
  /** What is loaded with the next page joined to it. */
  append: (loaded: T, page: P) => T;
}

/**
 * `useLoad` for a list read a page at a time, with a "Load more" that appends the next page. A page
 * that comes after the list was loaded again (other deps, a retry) is dropped.
 */
export function usePagedLoad<T, P = T>(
  { first, next, append }: Pages<T, P>,
  deps: DependencyList,
): PagedLoad<T> {
  const [more, setMore] = useState<MoreState>({ busy: false, error: null });
  const current = useRef<AbortSignal | null>(null);
  const list = useLoad((signal) => {
    current.current = signal;
    setMore({ busy: false, error: null });
    return first(signal);
  }, deps);

  const loadMore = async () => {
    const signal = current.current;
    if (list.status !== 'ready' || more.busy || !signal) return;
    const fetching = next(list.data, signal);
    if (!fetching) return;
    setMore({ busy: true, error: null });
    try {
      const page = await fetching;
      if (signal.aborted) return;
      list.update((loaded) => append(loaded, page));
      setMore({ busy: false, error: null });
    } catch (error) {
      if (!signal.aborted) setMore({ busy: false, error: errorMessage(error) });
    }
  };
  return { ...list, more, loadMore };
}
