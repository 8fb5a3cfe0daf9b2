import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { socketRooms, SESSION_COOKIE, type Locale } from '@parley/shared';
import type { Config } from '../config.js';
import { negotiatedLocale, recipientLocale } from '../i18n/index.js';
import type { AuthInvalidation } from '../lib/principal-cache.js';
import type { Principal } from '../lib/principal.js';
import type { InterServerEvents, ParleyServer, ParleySocket } from './parley-server.js';
import type { Presence } from './presence.js';
import type { RealtimePort } from './realtime.port.js';
import type { SocketModule } from './socket-handlers.js';

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

/** Waits for every other node's ack, at most this long (a dead node must not hang a request). */
const CLUSTER_ACK_TIMEOUT_MS = 3_000;

export const isClustered = (io: ParleyServer) => clustered.has(io);

/**
 * Sends an inter-node event and waits for every other node's ack, at most CLUSTER_ACK_TIMEOUT_MS:
 * a dead or slow node must not fail or hang a change that has already committed, so a timeout is
 * logged and the caller goes on (caches expire on their own; the node's sockets are gone anyway).
 */
async function askEveryNode<E extends 'rooms:join' | 'rooms:leave' | 'auth:invalidate'>(
  io: ParleyServer,
  log: FastifyBaseLogger,
  event: E,
  payload: Parameters<InterServerEvents[E]>[0],
): Promise<void> {
  if (!clustered.has(io)) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (io.serverSideEmitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('other nodes did not answer in time')),
          CLUSTER_ACK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    log.warn({ err, event }, 'an inter-node request was not acknowledged by every node');
  } finally {
    clearTimeout(timer);
  }
}

function changeRooms(io: ParleyServer, log: FastifyBaseLogger, event: 'rooms:join' | 'rooms:leave') {
  return (userIds: string[], roomId: string): Promise<void> => {
    const local = io.local.in(userIds.map(socketRooms.user));
    if (event === 'rooms:join') local.socketsJoin(socketRooms.room(roomId));
    else local.socketsLeave(socketRooms.room(roomId));
    return askEveryNode(io, log, event, { userIds, roomId });
  };
}

export function realtimeFor(io: ParleyServer, log: FastifyBaseLogger): RealtimePort {
  return {
    broadcast: (event, ...args) => void io.emit(event, ...args),
    broadcastExcept: (userIds, event, ...args) => {
      if (userIds.length === 0) void io.emit(event, ...args);
      else void io.except(userIds.map(socketRooms.user)).emit(event, ...args);
    },
    toUser: (userId, event, ...args) => void io.to(socketRooms.user(userId)).emit(event, ...args),
    toRoom: (roomId, event, ...args) => void io.to(socketRooms.room(roomId)).emit(event, ...args),
    toUsers: (userIds, event, ...args) => {
      if (userIds.length > 0) io.to(userIds.map(socketRooms.user)).emit(event, ...args);
    },
    toGuest: (guestId, event, ...args) => void io.to(socketRooms.guest(guestId)).emit(event, ...args),
    joinRoom: changeRooms(io, log, 'rooms:join'),
    leaveRoom: changeRooms(io, log, 'rooms:leave'),
    endSessions: (sessionIds) => endRooms(io, sessionIds.map(sessionRoom)),
    endTokens: (tokenIds) => endRooms(io, tokenIds.map(tokenRoom)),
    endUser: (userId) => endRooms(io, [socketRooms.user(userId)]),
    invalidateAuth: (what) => askEveryNode(io, log, 'auth:invalidate', what),
  };
}

function endRooms(io: ParleyServer, rooms: string[]): void {
  if (rooms.length === 0) return;
  io.to(rooms).emit('session:revoked');
  io.in(rooms).disconnectSockets(true);
}

/** What the socket server needs from authentication, injected so it does not depend on every service. */
export interface SocketAuth {
  authenticate(credentials: {
    bearer?: string | undefined;
    cookie?: string | undefined;
  }): Promise<Principal | null>;
  /** Another node says these cached principals are stale. */
  forget(what: AuthInvalidation): void;
  /**
   * A call guest's secret (`auth: { guest }`, issue 19): whose it is while it still works, else null.
   * Absent: guest sockets are refused.
   */
  guest?(secret: string): Promise<{ guestId: string; userId: string; username: string } | null>;
}

/** What a new connection subscribes to and who hears about its presence. */
export interface SocketMembership {
  /** Chat rooms the user is in (their sockets receive those rooms' events). */
  roomsOf(userId: string): Promise<string[]>;
}

/**
 * Authenticates every handshake from the session cookie (browsers) or `auth.token` (integrations),
 * subscribes the socket to the user's rooms before it counts as connected (so a client that fetches
 * after `connect` misses nothing), tracks presence and dispatches each module's events.
 */
export function attachSocketHandlers(
  io: ParleyServer,
  app: FastifyInstance,
  auth: SocketAuth,
  membership: SocketMembership,
  presence: Presence,
  modules: SocketModule[],
  /** The only handlers a call guest's socket gets (`whoami`): guests reach no module's events. */
  guestModules: SocketModule[] = [],
): void {
  const roomsBySocket = new WeakMap<object, string[]>();
  /** The language of each socket's error acks, settled at its handshake. */
  const localeBySocket = new WeakMap<object, Locale>();
  io.use((socket, next) => {
    void (async () => {
      const browserLocale = negotiatedLocale(socket.request.headers['accept-language']);
      localeBySocket.set(socket, browserLocale);
      const guestSecret: unknown = socket.handshake.auth?.guest;
      if (typeof guestSecret === 'string') {
        const guest = auth.guest ? await auth.guest(guestSecret) : null;
        if (!guest) return next(new Error('authentication_required'));
        socket.data = {
          userId: guest.userId,
          username: guest.username,
          sessionId: null,
          tokenId: null,
          // Read only: no handler that writes is ever given to a guest socket anyway.
          scopes: ['read'],
          guestId: guest.guestId,
        };
        return next();
      }
      const token: unknown = socket.handshake.auth?.token;
      const cookies = app.parseCookie(socket.request.headers.cookie ?? '');
      const principal = await auth.authenticate({
        bearer: typeof token === 'string' ? token : undefined,
        cookie: cookies[SESSION_COOKIE],
      });
      if (!principal) return next(new Error('authentication_required'));
      // Sockets only deliver events: a token needs the read scope to open one.
      if (principal.scopes && !principal.scopes.includes('read')) return next(new Error('forbidden'));
      if (principal.user.locale !== null) localeBySocket.set(socket, recipientLocale(principal.user.locale));
      socket.data = {
        userId: principal.user.id,
        username: principal.user.username,
        sessionId: principal.sessionId,
        tokenId: principal.tokenId,
        scopes: principal.scopes,
      };
      roomsBySocket.set(socket, (await membership.roomsOf(principal.user.id)).map(socketRooms.room));
      next();
    })().catch((err: unknown) => {
      app.log.error({ err }, 'socket authentication failed');
      next(new Error('internal_error'));
    });
  });

  io.on('auth:invalidate', (what, ack) => {
    auth.forget(what);
    ack(true);
  });
  io.on('rooms:join', ({ userIds, roomId }, ack) => {
    io.local.in(userIds.map(socketRooms.user)).socketsJoin(socketRooms.room(roomId));
    ack(true);
  });
  io.on('rooms:leave', ({ userIds, roomId }, ack) => {
    io.local.in(userIds.map(socketRooms.user)).socketsLeave(socketRooms.room(roomId));
    ack(true);
  });
  io.on('presence:query', (userIds, ack) => ack(presence.localStatuses(userIds)));

  io.on('connection', (socket: ParleySocket) => {
    const { guestId } = socket.data;
    if (guestId !== undefined) {
      // A call guest: their own room only (no user room, no chat rooms, no presence), and no
      // module's handlers but the few given for guests.
      void socket.join(socketRooms.guest(guestId));
      attachModules(app, socket, guestModules, localeBySocket.get(socket) ?? 'en');
      return;
    }
    // Synchronously, in the same tick as the connection: no room event can slip in between.
    void socket.join([
      socketRooms.user(socket.data.userId),
      ...(roomsBySocket.get(socket) ?? []),
      ...(socket.data.sessionId ? [sessionRoom(socket.data.sessionId)] : []),
      ...(socket.data.tokenId ? [tokenRoom(socket.data.tokenId)] : []),
    ]);
    roomsBySocket.delete(socket);
    presence.connected(socket.data.userId, socket.id);
    socket.on('disconnect', () => presence.disconnected(socket.data.userId, socket.id));
    attachModules(app, socket, modules, localeBySocket.get(socket) ?? 'en');
  });
}

/** Dispatches each module's client events on this socket. */
function attachModules(
  app: FastifyInstance,
  socket: ParleySocket,
  modules: SocketModule[],
  locale: Locale,
): void {
  // The child logger is made only when a handler logs: most sockets never do, and each costs memory.
  let log: FastifyBaseLogger | undefined;
  const context = {
    ...socket.data,
    socketId: socket.id,
    locale,
    get log() {
      log ??= app.log.child({ socket: socket.id, userId: socket.data.userId });
      return log;
    },
  };
  for (const module of modules) {
    for (const [event, handler] of Object.entries(module)) {
      // socket.io's typed `on` cannot take a generic handler; the wrapper validates every argument.
      (socket as unknown as { on(e: string, f: (...args: unknown[]) => void): void }).on(event, (...args) => {
        void handler(context, args);
      });
    }
  }
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
