type Listener = (...args: unknown[]) => void;

/**
 * What a test answers to a client event: the ack's argument, a promise of it (answered when it
 * resolves), or `undefined` to leave it unanswered.
 */
type Responder = (payload: unknown) => unknown;

/** Enough of a socket.io client socket for the app: listeners, and a way for tests to fire server events. */
export class FakeSocket {
  listeners = new Map<string, Listener[]>();
  disconnected = false;
  /** True between the test's `serverEmit('connect')` and `serverEmit('disconnect')`. */
  connected = false;
  /** Every client → server event, in order. */
  emitted: { event: string; payload: unknown }[] = [];
  /** Answers for client events that take an ack, by event name. */
  responders = new Map<string, Responder>();

  /** Answers `event` with `respond(payload)` from now on (a `{ ok, data }` ack result). */
  respond(event: string, respond: Responder): this {
    this.responders.set(event, respond);
    return this;
  }

  /** Client → server; the last argument, when a function, is the ack. */
  emit(event: string, ...args: unknown[]): this {
    this.record(event, args, null);
    return this;
  }

  /** socket.timeout(ms).emit(…): the ack gets (err, result); an unanswered event times out at once. */
  timeout(_ms: number) {
    return {
      emit: (event: string, ...args: unknown[]) => {
        this.record(event, args, 'timeout');
        return this;
      },
    };
  }

  /** Client events with this name, their payloads in order. */
  sent(event: string): unknown[] {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }

  private record(event: string, args: unknown[], mode: 'timeout' | null) {
    const ack =
      typeof args[args.length - 1] === 'function' ? (args.pop() as (...a: unknown[]) => void) : null;
    const payload = args[0];
    this.emitted.push({ event, payload });
    if (!ack) return;
    const responder = this.responders.get(event);
    const result = responder ? responder(payload) : undefined;
    if (result instanceof Promise) {
      void result.then((value) => (mode === 'timeout' ? ack(null, value) : ack(value)));
      return;
    }
    if (mode === 'timeout') {
      queueMicrotask(() =>
        result === undefined ? ack(new Error('operation has timed out')) : ack(null, result),
      );
    } else if (result !== undefined) {
      queueMicrotask(() => ack(result));
    }
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  disconnect(): this {
    this.disconnected = true;
    return this;
  }

  /** Simulates the server sending `event`. */
  serverEmit(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export const sockets: FakeSocket[] = [];

export function createFakeSocket(): FakeSocket {
  const socket = new FakeSocket();
  sockets.push(socket);
  return socket;
}

export function lastSocket(): FakeSocket {
  const socket = sockets[sockets.length - 1];
  if (!socket) throw new Error('No socket was opened');
  return socket;
}
