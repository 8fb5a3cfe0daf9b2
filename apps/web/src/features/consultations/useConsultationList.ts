import type { Consultation } from '@parley/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { consultationsApi, type ConsultationListRequest } from './consultations.api';
import { isEnded } from './status';

export const PAGE_SIZE = 20;

export type ListState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: Consultation[]; hasMore: boolean };

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
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const role = extra.role;
  const status = extra.status;
  const request = useRef({ role, status });
  request.current = { role, status };

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    consultationsApi
      .list({ when: which, limit: PAGE_SIZE, role, status }, controller.signal)
      .then((items) =>
        setState({ status: 'ready', items: sortFor(which, items), hasMore: items.length >= PAGE_SIZE }),
      )
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [which, role, status, attempt]);

  useSocketEvent('consultation:updated', (c) => {
    if (role && c.role !== role) return;
    setState((current) =>
      current.status === 'ready' ? { ...current, items: upsertInto(current.items, c, which) } : current,
    );
  });

  /** A change this page made itself (the answer of an action). */
  const changed = useCallback(
    (c: Consultation) =>
      setState((current) =>
        current.status === 'ready' ? { ...current, items: upsertInto(current.items, c, which) } : current,
      ),
    [which],
  );

  const loadMore = async () => {
    if (state.status !== 'ready' || !state.hasMore) return;
    const last = state.items.at(-1);
    setMore({ busy: true, error: null });
    try {
      const page = await consultationsApi.list({
        when: which,
        limit: PAGE_SIZE,
        ...request.current,
        ...(last ? { before: last.start } : {}),
      });
      setState((current) => {
        if (current.status !== 'ready') return current;
        let items = current.items;
        for (const c of page) items = upsertInto(items, c, which);
        return { status: 'ready', items, hasMore: page.length >= PAGE_SIZE };
      });
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error: errorMessage(error) });
    }
  };

  return { state, changed, retry: () => setAttempt((n) => n + 1), more, loadMore };
}
