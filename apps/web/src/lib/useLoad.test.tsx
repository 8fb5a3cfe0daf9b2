import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useLoad } from './useLoad';

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
});
