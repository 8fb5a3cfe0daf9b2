import { createContext, useContext, useSyncExternalStore } from 'react';
import { callsReducer, initialCallsState, type CallsAction, type CallsState } from './callsState';

/** The calls state outside React, like the chat's store: handlers read it current, components select slices. */
export class CallsStore {
  private state: CallsState;
  private readonly listeners = new Set<() => void>();

  constructor(myId: string) {
    this.state = initialCallsState(myId);
  }

  getState = (): CallsState => this.state;

  dispatch = (action: CallsAction): void => {
    const next = callsReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const CallsStoreContext = createContext<CallsStore | null>(null);

export function useCallsStore(): CallsStore {
  const store = useContext(CallsStoreContext);
  if (!store) throw new Error('useCallsStore must be used inside <CallsProvider>');
  return store;
}

/** A slice of the calls state; the selector must return something already in the state. */
export function useCalls<T>(selector: (state: CallsState) => T): T {
  const store = useCallsStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
