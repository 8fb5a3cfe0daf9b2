import { createContext, useContext, useSyncExternalStore } from 'react';
import { ReducerStore } from '../../lib/reducerStore';
import { callsReducer, initialCallsState, type CallsAction, type CallsState } from './callsState';

/** The calls state, outside React (see ReducerStore). */
export class CallsStore extends ReducerStore<CallsState, CallsAction> {
  constructor(myId: string) {
    super(callsReducer, initialCallsState(myId));
  }
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
