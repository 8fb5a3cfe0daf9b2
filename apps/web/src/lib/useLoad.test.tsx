import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useLoad, usePagedLoad } from './useLoad';

/** A load whose answer the test gives, recording the signal each call got. */
function controlled<T>() {
  const calls: { signal: AbortSignal; resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => calls.push({ signal, resolve, reject }));
  return { calls, load };
}

describe('useLoad', () => {
  it('is loading, then ready with the data', async () => {
    const { calls, load } = controlled<string>();
    const { result } = renderHook(() => useLoad(load, []));
    expect(result.current.status).toBe('loading');
    act(() => calls[0]!.resolve('hello'));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'ready', data: 'hello' }));
  });

  it('says why a load failed and loads again on retry', async () => {
    const { calls, load } = controlled<string>();
    const { result } = renderHook(() => useLoad(load, []));
    act(() => calls[0]!.reject(new Error('boom')));
    await waitFor(() =>
      expect(result.current).toMatchObject({
        status: 'error',
        message: 'Something went wrong. Try again in a moment.',
      }),
    );
    act(() => result.current.retry());
    expect(result.current.status).toBe('loading');
    expect(calls).toHaveLength(2);
    act(() => calls[1]!.resolve('again'));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'ready', data: 'again' }));
  });

  it('aborts the load under way when its deps change, and ignores what it answers', async () => {
    const { calls, load } = controlled<string>();
    const { result, rerender } = renderHook(({ id }) => useLoad(load, [id]), { initialProps: { id: 'a' } });
    rerender({ id: 'b' });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    act(() => calls[0]!.resolve('stale'));
    act(() => calls[1]!.resolve('fresh'));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'ready', data: 'fresh' }));
  });

  it('keeps what the last load gave while the next one runs', async () => {
    const { calls, load } = controlled<string>();
    const { result, rerender } = renderHook(({ id }) => useLoad(load, [id]), { initialProps: { id: 'a' } });
    expect(result.current).toEqual(expect.not.objectContaining({ previous: expect.anything() }));
    act(() => calls[0]!.resolve('first'));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    rerender({ id: 'b' });
    expect(result.current).toMatchObject({ status: 'loading', previous: 'first' });
  });

  it('aborts on unmount', () => {
    const { calls, load } = controlled<string>();
    const { unmount } = renderHook(() => useLoad(load, []));
    unmount();
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('takes a newer copy with set', async () => {
    const { calls, load } = controlled<number>();
    const { result } = renderHook(() => useLoad(load, []));
    act(() => calls[0]!.resolve(1));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    act(() => result.current.set(2));
    expect(result.current).toMatchObject({ status: 'ready', data: 2 });
    expect(calls).toHaveLength(1);
  });

  it('changes what was loaded with update, and nothing before it is loaded', async () => {
    const { calls, load } = controlled<number[]>();
    const { result } = renderHook(() => useLoad(load, []));
    act(() => result.current.update((list) => [...list, 9]));
    expect(result.current.status).toBe('loading');
    act(() => calls[0]!.resolve([1]));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    act(() => result.current.update((list) => [...list, 2]));
    expect(result.current).toMatchObject({ status: 'ready', data: [1, 2] });
  });
});

describe('usePagedLoad', () => {
  type Page = { items: number[]; nextBefore: string | null };
  const append = (loaded: Page, page: Page): Page => ({
    items: [...loaded.items, ...page.items],
    nextBefore: page.nextBefore,
  });

  it('appends the next page on loadMore and keeps its failure apart from the list', async () => {
    const befores: (string | undefined)[] = [];
    let fail = false;
    const loadPage = (before: string | undefined) => {
      befores.push(before);
      if (fail) return Promise.reject(new Error('boom'));
      return Promise.resolve<Page>(
        before ? { items: [3], nextBefore: null } : { items: [1, 2], nextBefore: 'b' },
      );
    };
    const { result } = renderHook(() =>
      usePagedLoad(
        {
          first: () => loadPage(undefined),
          next: (loaded) => (loaded.nextBefore ? loadPage(loaded.nextBefore) : null),
          append,
        },
        [],
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('ready'));
    fail = true;
    await act(() => result.current.loadMore());
    expect(result.current.more).toEqual({
      busy: false,
      error: 'Something went wrong. Try again in a moment.',
    });
    expect(result.current).toMatchObject({ status: 'ready', data: { items: [1, 2] } });
    fail = false;
    await act(() => result.current.loadMore());
    expect(result.current).toMatchObject({ status: 'ready', data: { items: [1, 2, 3], nextBefore: null } });
    expect(result.current.more).toEqual({ busy: false, error: null });
    expect(befores).toEqual([undefined, 'b', 'b']);
    await act(() => result.current.loadMore());
    expect(befores).toHaveLength(3);
  });
});
