import type { DependencyList } from 'react';
import { usePagedLoad, type PagedLoad } from '../../lib/useLoad';

/**
 * A log read a page of entries at a time: the first page whenever `deps` change, then the page
 * before the oldest loaded entry, appended to what is loaded (its other fields kept).
 */
export function useLogPages<T extends { entries: unknown[]; nextBefore: string | null }>(
  page: (before?: string, signal?: AbortSignal) => Promise<T>,
  deps: DependencyList,
): PagedLoad<T> {
  return usePagedLoad<T>(
    {
      first: (signal) => page(undefined, signal),
      next: (loaded) => (loaded.nextBefore ? page(loaded.nextBefore) : null),
      append: (loaded, next) => ({
        ...loaded,
        entries: [...loaded.entries, ...next.entries],
        nextBefore: next.nextBefore,
      }),
    },
    deps,
  );
}
