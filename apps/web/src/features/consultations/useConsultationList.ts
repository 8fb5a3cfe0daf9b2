import type { Consultation } from '@parley/shared';
import { useCallback } from 'react';
import { usePagedLoad } from '../../lib/useLoad';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { consultationsApi, type ConsultationListRequest } from './consultations.api';
import { isEnded } from './status';

export const PAGE_SIZE = 20;

type Loaded = { items: Consultation[]; hasMore: boolean };

export type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | ({ status: 'ready' } & Loaded);

export type Which = 'upcoming' | 'past';

const belongs = (which: Which, c: Consultation) => (which === 'past' ? isEnded(c) : !isEnded(c));

export function sortFor(which: Which, items: Consultation[]): Consultation[] {
  return [...items].sort((a, b) =>
    which === 'past' ? b.start.localeCompare(a.start) : a.start.localeCompare(b.start),
  );
}

/** Puts a changed consultation where it belongs in a list (or takes it out). */
export function upsertInto(
  items: Consultation[],
  c: Consultation,
  which: Which,
  keep = true,
): Consultation[] {
  const without = items.filter((i) => i.id !== c.id);
  return sortFor(which, keep && belongs(which, c) ? [...without, c] : without);
}

/**
 * Upcoming (not ended, soonest first) or past (ended, newest first) consultations, kept current by
 * `consultation:updated`: a booking made, moved or ended elsewhere moves between the lists at once.
 */
export function useConsultationList(which: Which, extra: Omit<ConsultationListRequest, 'when'> = {}) {
  const role = extra.role;
  const status = extra.status;

  const list = usePagedLoad<Loaded, Consultation[]>(
    {
      first: async (signal) => {
        const items = await consultationsApi.list({ when: which, limit: PAGE_SIZE, role, status }, signal);
        return { items: sortFor(which, items), hasMore: items.length >= PAGE_SIZE };
      },
      next: (loaded) => {
        if (!loaded.hasMore) return null;
        const last = loaded.items.at(-1);
        return consultationsApi.list({
          when: which,
          limit: PAGE_SIZE,
          role,
          status,
          ...(last ? { before: last.start } : {}),
        });
      },
      append: (loaded, page) => {
        let items = loaded.items;
        for (const c of page) items = upsertInto(items, c, which);
        return { items, hasMore: page.length >= PAGE_SIZE };
      },
    },
    [which, role, status],
  );
  const { update } = list;

  useSocketEvent('consultation:updated', (c) => {
    if (role && c.role !== role) return;
    update((loaded) => ({ ...loaded, items: upsertInto(loaded.items, c, which) }));
  });

  /** A change this page made itself (the answer of an action). */
  const changed = useCallback(
    (c: Consultation) => update((loaded) => ({ ...loaded, items: upsertInto(loaded.items, c, which) })),
    [update, which],
  );

  const state: ListState = list.status === 'ready' ? { status: 'ready', ...list.data } : list;
  return { state, changed, retry: list.retry, more: list.more, loadMore: list.loadMore };
}
