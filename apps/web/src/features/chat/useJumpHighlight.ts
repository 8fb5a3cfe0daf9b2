import { useEffect, useRef, type RefObject } from 'react';
import { messageKey } from './rows';
import type { VirtualListHandle } from './VirtualList';

/** How long an opened search result stays highlighted. */
export const HIGHLIGHT_MS = 3_000;

/**
 * Opening a room at a message (a search result): once its history is in, scroll the message into
 * view, focus it and highlight it for a moment.
 */
export function useJumpHighlight(
  listRef: RefObject<VirtualListHandle | null>,
  seq: number | undefined,
  ready: boolean,
  rows: unknown,
) {
  const done = useRef(false);
  const pending = useRef({ raf: 0, timer: 0 });
  useEffect(() => {
    const current = pending.current;
    return () => {
      cancelAnimationFrame(current.raf);
      window.clearTimeout(current.timer);
    };
  }, []);
  useEffect(() => {
    if (seq === undefined || !ready || done.current) return;
    const list = listRef.current;
    if (!list) return;
    done.current = true;
    // Deleted since, or a thread reply: the room opens there without a highlight.
    if (!list.scrollToKey(messageKey(seq))) return;
    let frames = 0;
    // The row renders once the list has scrolled there: look for it over the next frames.
    const mark = () => {
      const el = document.querySelector<HTMLElement>(`.message-list [data-seq="${seq}"]`);
      if (!el) {
        if (++frames < 30) pending.current.raf = requestAnimationFrame(mark);
        return;
      }
      el.classList.add('msg-highlight');
      el.focus({ preventScroll: true });
      pending.current.timer = window.setTimeout(() => el.classList.remove('msg-highlight'), HIGHLIGHT_MS);
    };
    pending.current.raf = requestAnimationFrame(mark);
  }, [listRef, seq, ready, rows]);
}
