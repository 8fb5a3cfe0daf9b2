/**
 * State kept outside React behind a reducer: socket handlers and actions always read the current
 * state, and components subscribe with useSyncExternalStore, re-rendering only when the slice they
 * select changes. The chat and calls stores are this with their own reducer.
 */
export class ReducerStore<State, Action> {
  private state: State;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly reducer: (state: State, action: Action) => State,
    initial: State,
  ) {
    this.state = initial;
  }

  getState = (): State => this.state;

  dispatch = (action: Action): void => {
    const next = this.reducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
