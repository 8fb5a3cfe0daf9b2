import { createContext, useContext, useSyncExternalStore } from 'react';
import { ReducerStore } from '../../lib/reducerStore';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chatState';

/** The chat state, outside React (see ReducerStore). */
export class ChatStore extends ReducerStore<ChatState, ChatAction> {
  constructor(myId: string) {
    super(chatReducer, initialChatState(myId));
  }
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
