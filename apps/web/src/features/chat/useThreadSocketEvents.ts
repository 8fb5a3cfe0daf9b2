import { useEffect, useRef } from 'react';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import type { ChatActions } from './chatActions';
import type { ChatStore } from './chatStore';

/** Reactions and threads live (issue 20): my own reactions from other devices, and the threads I follow. */
export function useThreadSocketEvents(store: ChatStore, actions: ChatActions, myId: string) {
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  /** A thread I follow that the list does not have yet: the list comes again, once for a burst. */
  const reloadListSoon = () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void actions.threads.loadList();
    }, 300);
  };

  // Everyone's counts come with `message:updated`; only my own `me` needs this event.
  useSocketEvent('reaction:changed', ({ roomId, messageId, emoji, userId, added }) => {
    if (userId === myId) store.dispatch({ type: 'reaction/mine', roomId, messageId, emoji, added });
  });
  useSocketEvent('thread:updated', (event) => {
    const known = store.getState().threads.list.items.some((item) => item.root.id === event.rootId);
    store.dispatch({ type: 'thread/updated', event });
    if (event.following && !known) reloadListSoon();
  });
}
