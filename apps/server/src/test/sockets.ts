import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { TEST_ORIGIN, type TestApp } from './test-app.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The app listening on a free loopback port (idempotent); returns its base URL. */
export async function listening(app: TestApp): Promise<string> {
  if (!app.app.server.listening) await app.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
}

/** A real socket.io client signed in with a session cookie or an API token; resolves once connected. */
export async function connectSocket(
  url: string,
  credentials: { cookie?: string; token?: string },
): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin: TEST_ORIGIN, ...(credentials.cookie ? { cookie: credentials.cookie } : {}) },
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
