import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { TEST_ORIGIN, type TestApp } from './test-app.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The app listening on a free loopback port (idempotent); returns its base URL. */
export async function listening(app: TestApp): Promise<string> {
  if (!app.app.server.listening) await app.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
}

/**
 * A real socket.io client signed in with a session cookie or an API token (and any other handshake
 * headers, such as `accept-language`); resolves once connected.
 */
export async function connectSocket(
  url: string,
  credentials: { cookie?: string; token?: string; headers?: Record<string, string> },
): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: {
      origin: TEST_ORIGIN,
      ...credentials.headers,
      ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
    },
    ...(credentials.token ? { auth: { token: credentials.token } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves when the server ends the socket (after telling it `session:revoked`). */
export const revokedAndClosed = (socket: ClientSocket) =>
  Promise.all([
    new Promise<void>((resolve) => socket.once('session:revoked', () => resolve())),
    new Promise<string>((resolve) => socket.once('disconnect', resolve)),
  ]).then(([, reason]) => reason);

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Emits a client event and resolves with its ack (any event name, for tests of bad input too). */
export const emitWithAck = <T>(socket: ClientSocket, event: string, payload?: unknown) =>
  new Promise<AckResult<T>>((resolve) =>
    payload === undefined
      ? (socket.emit as (e: string, ack: (r: AckResult<T>) => void) => void)(event, resolve)
      : (socket.emit as (e: string, p: unknown, ack: (r: AckResult<T>) => void) => void)(
          event,
          payload,
          resolve,
        ),
  );

/** A round trip through the server: whatever it emitted to this socket before has arrived. */
export const settle = async (socket: ClientSocket): Promise<void> => {
  await emitWithAck(socket, 'whoami');
};

/** Everything a socket receives, in order, so tests can assert on what did (and did not) arrive. */
export function recorder(socket: ClientSocket) {
  const received: { event: string; payload: unknown }[] = [];
  // socket.io's typed on/off cannot take a generic event name.
  const untyped = socket as unknown as { on(e: string, f: unknown): void; off(e: string, f: unknown): void };
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  const of = <E extends keyof ServerToClientEvents>(event: E) =>
    received.filter((r) => r.event === event).map((r) => r.payload as Payload<E>);
  return {
    received,
    of,
    /** Events that name this room anywhere in their payload. */
    about: (roomId: string) => received.filter((r) => JSON.stringify(r.payload).includes(roomId)),
    /** The first (already received or coming) event of this kind that matches. */
    next: <E extends keyof ServerToClientEvents>(event: E, match: (p: Payload<E>) => boolean = () => true) =>
      new Promise<Payload<E>>((resolve) => {
        const already = of(event).find(match);
        if (already) return resolve(already);
        const listener = (payload: Payload<E>) => {
          if (!match(payload)) return;
          untyped.off(event, listener);
          resolve(payload);
        };
        untyped.on(event, listener);
      }),
  };
}

/** Sockets a test file opens as its people, closed together in `afterAll`. */
export function socketPool(url: () => string) {
  const open: ClientSocket[] = [];
  const connect = async (person: { client: { sessionCookieHeader: string } }): Promise<ClientSocket> => {
    const socket = await connectSocket(url(), { cookie: person.client.sessionCookieHeader });
    open.push(socket);
    return socket;
  };
  const closeAll = (): void => open.splice(0).forEach((s) => s.close());
  return { connect, closeAll };
}
