type Listener = (...args: unknown[]) => void;

/** Enough of a socket.io client socket for the app: listeners, and a way for tests to fire server events. */
export class FakeSocket {
  listeners = new Map<string, Listener[]>();
  disconnected = false;

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
