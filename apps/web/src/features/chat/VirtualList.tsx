import {
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';

/**
 * A vertical list that renders only the rows near the visible window, for long chat histories.
 * Row heights are measured after they render (estimated before), and the scroll position is kept
 * on the row at the top of the view when rows are added above it (older history) or change height;
 * when the view is at the bottom it stays there as rows arrive, like every chat.
 */

export interface VirtualRow {
  key: string;
  /** A guess of the height before the row has been measured. */
  estimate: number;
  /**
   * The row may move when rows are added above it (a day divider whose day gains older messages), so
   * it cannot hold the scroll position.
   */
  movable?: boolean;
}

export interface VirtualListHandle {
  scrollToBottom(): void;
  /** Puts the row near the top of the view; false when it is not in the list. */
  scrollToKey(key: string): boolean;
  /** Whether the row's top is above the visible window. */
  isAbove(key: string): boolean;
}

export interface VirtualListProps<R extends VirtualRow> {
  rows: R[];
  renderRow: (row: R) => ReactNode;
  /** Called when the view comes within a screen of the top (load older history). */
  onNearTop?: () => void;
  /** Called when the view comes within a screen of the bottom (newer history, after a jump). */
  onNearBottom?: () => void;
  /** Keep the view at the bottom as rows arrive there (false while newer history is still to load). */
  stickToBottom?: boolean;
  /** Called whenever "scrolled to the very bottom" changes. */
  onAtBottomChange?: (atBottom: boolean) => void;
  /** Called after scrolling, for things that depend on what is visible. */
  onScrolled?: () => void;
  className?: string;
  label: string;
  ref?: Ref<VirtualListHandle>;
  /** Content before the rows (a "loading older" line); not virtualised. */
  header?: ReactNode;
}

/** Pixels beyond the view that are rendered too, so a quick scroll does not show blank space. */
const OVERSCAN = 800;
const BOTTOM_SLACK = 32;

/** The first index whose row ends after `y` (binary search over row tops). */
function indexAt(tops: number[], y: number): number {
  let lo = 0;
  let hi = tops.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export function VirtualList<R extends VirtualRow>({
  rows,
  renderRow,
  onNearTop,
  onNearBottom,
  stickToBottom = true,
  onAtBottomChange,
  onScrolled,
  className,
  label,
  ref,
  header,
}: VirtualListProps<R>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, remeasured] = useReducer((n: number) => n + 1, 0);
  const [view, setView] = useState({ top: 0, height: 0 });
  const atBottom = useRef(true);
  const anchor = useRef<{ key: string; offset: number } | null>(null);

  const layout = useMemo(() => {
    const tops = new Array<number>(rows.length + 1);
    const index = new Map<string, number>();
    let y = 0;
    rows.forEach((row, i) => {
      tops[i] = y;
      index.set(row.key, i);
      y += heights.current.get(row.key) ?? row.estimate;
    });
    tops[rows.length] = y;
    return { tops, index, total: y };
    // Heights live in a ref; `measured` changes whenever one of them does.
  }, [rows, measured]);

  const headerHeight = headerRef.current?.offsetHeight ?? 0;
  let start = 0;
  let end = rows.length - 1;
  if (view.height > 0 && rows.length > 0) {
    const top = Math.max(0, view.top - headerHeight - OVERSCAN);
    const bottom = view.top - headerHeight + view.height + OVERSCAN;
    start = indexAt(layout.tops, top);
    end = Math.min(rows.length - 1, indexAt(layout.tops, bottom));
  }

  const setBottom = useCallback(
    (value: boolean) => {
      if (atBottom.current === value) return;
      atBottom.current = value;
      onAtBottomChange?.(value);
    },
    [onAtBottomChange],
  );

  /** Remembers which row is at the top of the view, and how far into it, to keep it there. */
  const captureAnchor = useCallback(() => {
    const el = scrollRef.current;
    if (!el || rows.length === 0) return;
    const y = el.scrollTop - (headerRef.current?.offsetHeight ?? 0);
    let i = indexAt(layout.tops, Math.max(0, y));
    while (rows[i]?.movable && i < rows.length - 1) i += 1;
    const row = rows[i];
    if (row) anchor.current = { key: row.key, offset: layout.tops[i]! - y };
  }, [rows, layout]);

  // After each render: measure what was rendered, then put the view back where it belongs.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let changed = false;
    for (const child of el.querySelectorAll<HTMLElement>(':scope > .vrow')) {
      const key = child.dataset.key;
      if (!key) continue;
      const height = child.offsetHeight;
      if (heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    }
    if (changed) {
      remeasured();
      return;
    }
    if (atBottom.current && stickToBottom) {
      if (Math.abs(el.scrollHeight - el.clientHeight - el.scrollTop) > 1) el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const i = layout.index.get(anchor.current.key);
      if (i !== undefined) {
        const wanted = layout.tops[i]! - anchor.current.offset + (headerRef.current?.offsetHeight ?? 0);
        if (Math.abs(el.scrollTop - wanted) > 1) el.scrollTop = wanted;
      }
    }
    if (el.clientHeight !== view.height || el.scrollTop !== view.top) {
      setView({ top: el.scrollTop, height: el.clientHeight });
    }
  });

  // The view's size changes with the window and the composer: measure again.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth !== width) {
        width = el.clientWidth;
        heights.current.clear();
      }
      setView({ top: el.scrollTop, height: el.clientHeight });
      remeasured();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    setBottom(el.scrollHeight - el.clientHeight - el.scrollTop <= BOTTOM_SLACK);
    captureAnchor();
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop < el.clientHeight) onNearTop?.();
    if (el.scrollHeight - el.clientHeight - el.scrollTop < el.clientHeight) onNearBottom?.();
    onScrolled?.();
  };

  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom() {
        const el = scrollRef.current;
        if (!el) return;
        setBottom(true);
        el.scrollTop = el.scrollHeight;
        remeasured();
      },
      scrollToKey(key) {
        const el = scrollRef.current;
        const i = layout.index.get(key);
        if (!el || i === undefined) return false;
        setBottom(false);
        const headerSize = headerRef.current?.offsetHeight ?? 0;
        el.scrollTop = Math.max(0, layout.tops[i]! + headerSize - 60);
        anchor.current = { key, offset: 60 };
        remeasured();
        return true;
      },
      isAbove(key) {
        const el = scrollRef.current;
        const i = layout.index.get(key);
        if (!el || i === undefined) return true;
        return layout.tops[i]! + (headerRef.current?.offsetHeight ?? 0) < el.scrollTop;
      },
    }),
    [layout, setBottom],
  );

  const visible = rows.slice(start, end + 1);
  return (
    <div
      ref={scrollRef}
      className={`vlist${className ? ` ${className}` : ''}`}
      onScroll={onScroll}
      role="log"
      // Rows come and go as the view scrolls; announcing them would read old history aloud. The room
      // announces new messages itself.
      aria-live="off"
      aria-label={label}
      tabIndex={0}
    >
      <div ref={headerRef} className="vlist-header">
        {header}
      </div>
      <div className="vlist-spacer" style={{ height: layout.tops[start] ?? 0 }} aria-hidden="true" />
      {visible.map((row) => (
        <div key={row.key} className="vrow" data-key={row.key}>
          {renderRow(row)}
        </div>
      ))}
      <div
        className="vlist-spacer"
        style={{ height: Math.max(0, layout.total - (layout.tops[end + 1] ?? layout.total)) }}
        aria-hidden="true"
      />
    </div>
  );
}
