import type { FastifyInstance } from 'fastify';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import {
  socketRooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
  SESSION_COOKIE,
} from '@parley/shared';
import type { Config } from '../config.js';
import type { AuthInvalidation } from '../lib/principal-cache.js';
import type { Principal } from '../modules/auth/auth.service.js';
import type { RealtimePort } from './realtime.port.js';
import type { SocketModule } from './socket-handlers.js';

/** Between Parley nodes (through the Redis adapter), never to clients. */
export interface InterServerEvents {
  'auth:invalidate': (what: AuthInvalidation) => void;
}

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Servers whose adapter reaches other nodes; only they have anyone to tell about invalidations. */
const clustered = new WeakSet<ParleyServer>();

const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const tokenRoom = (tokenId: string) => `token:${tokenId}`;

/** socket.io on the HTTP server Fastify already owns: one port for pages, API and sockets. */
export function createSocketServer(app: FastifyInstance, config: Config): ParleyServer {
  return new Server(app.server, {
    serveClient: false,
    // engine.io keeps compression off by default because of its per-connection memory cost; say so explicitly.
    perMessageDeflate: false,
    maxHttpBufferSize: 64 * 1024,
    // Browsers always send Origin on WebSocket handshakes; a foreign one is a cross-site hijack attempt.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, origin === undefined || config.http.allowedOrigins.includes(origin));
    },
  });
}

export function realtimeFor(io: ParleyServer): RealtimePort {
  return {
    broadcast: (event, ...args) => void io.emit(event, ...args),
    toUser: (userId, event, ...args) => void io.to(socketRooms.user(userId)).emit(event, ...args),
    endSessions: (sessionIds) => endRooms(io, sessionIds.map(sessionRoom)),
    endTokens: (tokenIds) => endRooms(io, tokenIds.map(tokenRoom)),
    endUser: (userId) => endRooms(io, [socketRooms.user(userId)]),
    invalidateAuth: (what) => {
      if (clustered.has(io)) io.serverSideEmit('auth:invalidate', what);
    },
  };
}

function endRooms(io: ParleyServer, rooms: string[]): void {
  if (rooms.length === 0) return;
  io.to(rooms).emit('session:revoked');
  io.in(rooms).disconnectSockets(true);
}

/** Authenticates every handshake from the session cookie (browsers) or `auth.token` (integrations). */
/** What the socket server needs from authentication, injected so it does not depend on every service. */
export interface SocketAuth {
  authenticate(credentials: {
    bearer?: string | undefined;
    cookie?: string | undefined;
  }): Promise<Principal | null>;
  /** Another node says these cached principals are stale. */
  forget(what: AuthInvalidation): void;
}

export function attachSocketHandlers(
  io: ParleyServer,
  app: FastifyInstance,
  auth: SocketAuth,
  modules: SocketModule[],
): void {
  io.use((socket, next) => {
    void (async () => {
      const token: unknown = socket.handshake.auth?.token;
      const cookies = app.parseCookie(socket.request.headers.cookie ?? '');
      const principal = await auth.authenticate({
        bearer: typeof token === 'string' ? token : undefined,
        cookie: cookies[SESSION_COOKIE],
      });
      if (!principal) return next(new Error('authentication_required'));
      // Sockets only deliver events: a token needs the read scope to open one.
      if (principal.scopes && !principal.scopes.includes('read')) return next(new Error('forbidden'));
      socket.data = {
        userId: principal.user.id,
        username: principal.user.username,
        sessionId: principal.sessionId,
        tokenId: principal.tokenId,
      };
      next();
    })().catch((err: unknown) => {
      app.log.error({ err }, 'socket authentication failed');
      next(new Error('internal_error'));
    });
  });

  io.on('auth:invalidate', (what) => auth.forget(what));

  io.on('connection', (socket: ParleySocket) => {
    void socket.join(socketRooms.user(socket.data.userId));
    if (socket.data.sessionId) void socket.join(sessionRoom(socket.data.sessionId));
    if (socket.data.tokenId) void socket.join(tokenRoom(socket.data.tokenId));

    const context = { ...socket.data, log: app.log.child({ socket: socket.id, userId: socket.data.userId }) };
    for (const module of modules) {
      for (const [event, handler] of Object.entries(module)) {
        // socket.io's typed `on` cannot take a generic handler; the wrapper validates every argument.
        (socket as unknown as { on(e: string, f: (...args: unknown[]) => void): void }).on(
          event,
          (...args) => {
            void handler(context, args);
          },
        );
      }
    }
  });
}

/** Several Parley nodes share rooms through Redis sharded pub/sub (Redis ≥ 7). */
export async function useRedisAdapter(io: ParleyServer, redisUrl: string): Promise<() => Promise<void>> {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createShardedAdapter(pub, sub, { subscriptionMode: 'dynamic' }));
  clustered.add(io);
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
