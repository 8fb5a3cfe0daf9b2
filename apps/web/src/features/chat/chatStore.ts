import { createContext, useContext, useSyncExternalStore } from 'react';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chatState';

/**
 * Holds the chat state outside React so socket handlers and actions always read the current state,
 * and components re-render only when the slice they select changes (useSyncExternalStore).
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();

  constructor(myId: string) {
    this.state = initialChatState(myId);
  }

  getState = (): ChatState => this.state;

  dispatch = (action: ChatAction): void => {
    const next = chatReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const ChatStoreContext = createContext<ChatStore | null>(null);

export function useChatStore(): ChatStore {
  const store = useContext(ChatStoreContext);
  if (!store) throw new Error('useChatStore must be used inside <ChatProvider>');
  return store;
}

/**
 * A slice of the chat state. The selector must return something already in the state (a room, a
 * history, a record), not a new array or object, or React would see a change on every read.
 */
export function useChat<T>(selector: (state: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/** A clientMsgId the server accepts (/^[A-Za-z0-9_-]+$/): a random UUID without its dashes. */
export function newClientMsgId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID().replace(/-/g, '');
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
