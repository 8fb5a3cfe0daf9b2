import { useEffect, useState, useSyncExternalStore } from 'react';
import { useCalls } from './callsStore';

/**
 * Where the meeting sits in its room. The meeting itself lives in <CallDock> (outside the routed page,
 * so moving to another page does not hang up: an iframe that moves in the DOM reloads), laid over the
 * room's slot while it is on screen, and a small window in a corner otherwise.
 */
let slot: { roomId: string; element: HTMLElement } | null = null;
const listeners = new Set<() => void>();

function setSlot(next: typeof slot) {
  slot = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The room's slot element, while that room is on screen. */
export function useCallSlot(roomId: string): HTMLElement | null {
  const current = useSyncExternalStore(subscribe, () => slot);
  return current?.roomId === roomId ? current.element : null;
}

/** The place beside the room's chat where its open call shows (nothing when no call is open here). */
export function CallSlot({ roomId }: { roomId: string }) {
  const open = useCalls((s) => s.active?.roomId === roomId);
  const view = useCalls((s) => s.active?.view ?? 'call');
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!element) return;
    setSlot({ roomId, element });
    return () => {
      if (slot?.element === element) setSlot(null);
    };
  }, [element, roomId]);
  if (!open) return null;
  return (
    <div
      ref={setElement}
      className={`call-slot${view === 'chat' ? ' is-chat' : ''}`}
      aria-hidden="true"
      data-room={roomId}
    />
  );
}

/**
 * The slot's place on screen, followed every frame (it moves when panels open, a notice appears or
 * the window is resized); null when it is hidden or has no size.
 */
export function useTrackedRect(element: HTMLElement | null): DOMRect | null {
  const [rect, setRect] = useState<DOMRect | null>(null);
  useEffect(() => {
    if (!element) {
      setRect(null);
      return;
    }
    let frame = 0;
    let last = '';
    const measure = () => {
      const r = element.getBoundingClientRect();
      const visible = r.width > 0 && r.height > 0;
      const key = visible ? `${r.left},${r.top},${r.width},${r.height}` : '';
      if (key !== last) {
        last = key;
        setRect(visible ? r : null);
      }
      frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(measure) : 0;
    };
    measure();
    return () => {
      if (frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    };
  }, [element]);
  return rect;
}
