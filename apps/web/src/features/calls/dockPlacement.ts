import { useEffect, useRef, useState, type PointerEvent } from 'react';

export type Corner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';

/** The corners, each with the key of its sentence ("Call window moved to the top right corner."). */
export const CORNER_NAMES: Record<Corner, string> = {
  'top-right': 'calls.dock.moved.topRight',
  'top-left': 'calls.dock.moved.topLeft',
  'bottom-right': 'calls.dock.moved.bottomRight',
  'bottom-left': 'calls.dock.moved.bottomLeft',
};

const CORNER_KEY = 'parley.callDock.corner';

/** Where the small window was put last (top right at first: clear of the composer at the bottom). */
export function savedCorner(): Corner {
  try {
    const saved = window.localStorage.getItem(CORNER_KEY);
    if (saved && saved in CORNER_NAMES) return saved as Corner;
  } catch {
    // Storage may be off; the default corner will do.
  }
  return 'top-right';
}

export function saveCorner(corner: Corner): void {
  try {
    window.localStorage.setItem(CORNER_KEY, corner);
  } catch {
    // Not remembered this time.
  }
}

/** The corner an arrow key moves to: Left/Right change the side, Up/Down the edge. */
export function cornerForKey(corner: Corner, key: string): Corner | null {
  const [edge, side] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  switch (key) {
    case 'ArrowLeft':
      return side === 'left' ? null : `${edge}-left`;
    case 'ArrowRight':
      return side === 'right' ? null : `${edge}-right`;
    case 'ArrowUp':
      return edge === 'top' ? null : `top-${side}`;
    case 'ArrowDown':
      return edge === 'bottom' ? null : `bottom-${side}`;
    default:
      return null;
  }
}

/** Dragging the window by its Move button: it follows the pointer, then snaps to the nearest corner. */
export function useCornerDrag(onDrop: (corner: Corner) => void) {
  const origin = useRef<{ x: number; y: number; id: number } | null>(null);
  const [offset, setOffset] = useState<{ x: number; y: number } | null>(null);
  return {
    offset,
    start: (event: PointerEvent<HTMLButtonElement>) => {
      if (event.button !== 0) return;
      origin.current = { x: event.clientX, y: event.clientY, id: event.pointerId };
      event.currentTarget.setPointerCapture?.(event.pointerId);
    },
    move: (event: PointerEvent<HTMLButtonElement>) => {
      const from = origin.current;
      if (!from || from.id !== event.pointerId) return;
      setOffset({ x: event.clientX - from.x, y: event.clientY - from.y });
    },
    end: (event: PointerEvent<HTMLButtonElement>) => {
      const from = origin.current;
      origin.current = null;
      setOffset(null);
      if (!from || from.id !== event.pointerId) return;
      // A click is not a drag.
      if (Math.hypot(event.clientX - from.x, event.clientY - from.y) < 8) return;
      const edge = event.clientY < window.innerHeight / 2 ? 'top' : 'bottom';
      const side = event.clientX < window.innerWidth / 2 ? 'left' : 'right';
      onDrop(`${edge}-${side}`);
    },
    cancel: () => {
      origin.current = null;
      setOffset(null);
    },
  };
}

/**
 * The top of the composer (or the room's footer bar) on screen while `on`, followed every frame (it
 * grows with the text, and pages change under the window); null when there is none.
 */
export function useComposerTop(on: boolean): number | null {
  const [top, setTop] = useState<number | null>(null);
  useEffect(() => {
    if (!on) {
      setTop(null);
      return;
    }
    let frame = 0;
    let last: number | null = null;
    const measure = () => {
      const element = document.querySelector('.composer, .room-footer-bar');
      const r = element?.getBoundingClientRect();
      const next = r && r.height > 0 ? Math.round(r.top) : null;
      if (next !== last) {
        last = next;
        setTop(next);
      }
      frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(measure) : 0;
    };
    measure();
    return () => {
      if (frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    };
  }, [on]);
  return top;
}
