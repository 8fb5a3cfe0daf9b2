import { socketRooms, type PresenceStatus } from '@parley/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { ParleyServer } from './parley-server.js';

/** Where a user's presence is told: the chat rooms they are in (their members' sockets). */
export interface PresenceAudience {
  roomsOf(userId: string): Promise<string[]>;
}

export type SocketStatus = 'online' | 'away';

/** How long a node waits for the others' answers before counting on what it has. */
const CLUSTER_QUERY_TIMEOUT_MS = 2_000;

/** online beats away beats offline: one active tab or device makes a person online. */
function merge(a: PresenceStatus, b: PresenceStatus): PresenceStatus {
  if (a === 'online' || b === 'online') return 'online';
  if (a === 'away' || b === 'away') return 'away';
  return 'offline';
}

/**
 * Who is online, across tabs, devices and nodes. Each node knows only its own sockets (socket id →
 * online/away per user); a status for the cluster asks the other nodes over the socket.io adapter
 * (`serverSideEmitWithAck`), so no shared presence store can go stale when a node dies: a dead node
 * simply stops answering. A person becomes offline only after a grace period without any socket,
 * so a reload or a brief network drop is not announced.
 */
export class Presence {
  private readonly local = new Map<string, Map<string, SocketStatus>>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly io: ParleyServer,
    private readonly audience: PresenceAudience,
    private readonly graceMs: number,
    private readonly clustered: () => boolean,
    private readonly log: FastifyBaseLogger,
  ) {}

  connected(userId: string, socketId: string): void {
    const sockets = this.local.get(userId) ?? new Map<string, SocketStatus>();
    const before = this.localStatus(userId);
    sockets.set(socketId, 'online');
    this.local.set(userId, sockets);
    clearTimeout(this.graceTimers.get(userId));
    this.graceTimers.delete(userId);
    if (before !== 'online') this.announce(userId);
  }

  disconnected(userId: string, socketId: string): void {
    const sockets = this.local.get(userId);
    if (!sockets?.delete(socketId)) return;
    if (sockets.size > 0) {
      this.announce(userId);
      return;
    }
    this.local.delete(userId);
    if (this.stopped) return;
    clearTimeout(this.graceTimers.get(userId));
    const timer = setTimeout(() => {
      this.graceTimers.delete(userId);
      this.announce(userId);
    }, this.graceMs);
    timer.unref();
    this.graceTimers.set(userId, timer);
  }

  set(userId: string, socketId: string, status: SocketStatus): void {
    const sockets = this.local.get(userId);
    if (!sockets?.has(socketId) || sockets.get(socketId) === status) return; // repeats cost nothing
    const before = this.localStatus(userId);
    sockets.set(socketId, status);
    if (this.localStatus(userId) !== before) this.announce(userId);
  }

  /** This node's view: only its own sockets. */
  localStatuses(userIds: string[]): Record<string, SocketStatus> {
    const statuses: Record<string, SocketStatus> = {};
    for (const userId of userIds) {
      const status = this.localStatus(userId);
      if (status !== 'offline') statuses[userId] = status;
    }
    return statuses;
  }

  /** The cluster's view: this node's sockets merged with every other node's answer. */
  async statusOf(userIds: string[]): Promise<Record<string, PresenceStatus>> {
    const result: Record<string, PresenceStatus> = {};
    for (const userId of userIds) result[userId] = this.localStatus(userId);
    for (const remote of await this.askOtherNodes(userIds)) {
      for (const [userId, status] of Object.entries(remote)) {
        if (userId in result) result[userId] = merge(result[userId]!, status);
      }
    }
    return result;
  }

  /**
   * A node that shuts down tells the others' clients that its users are gone, unless they still
   * have sockets on another node. Run before the sockets are closed.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    if (!this.clustered()) return;
    const users = [...this.local.keys()];
    this.local.clear();
    if (users.length === 0) return;
    const elsewhere = new Set<string>();
    for (const remote of await this.askOtherNodes(users)) {
      Object.keys(remote).forEach((u) => elsewhere.add(u));
    }
    await Promise.all(users.filter((u) => !elsewhere.has(u)).map((u) => this.emit(u, 'offline')));
  }

  private localStatus(userId: string): PresenceStatus {
    let status: PresenceStatus = 'offline';
    for (const socketStatus of this.local.get(userId)?.values() ?? []) status = merge(status, socketStatus);
    return status;
  }

  private async askOtherNodes(userIds: string[]): Promise<Record<string, SocketStatus>[]> {
    if (!this.clustered() || userIds.length === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.io.serverSideEmitWithAck('presence:query', userIds),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('presence query timed out')), CLUSTER_QUERY_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.log.warn({ err }, 'other nodes did not answer a presence query; using what this node knows');
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Works out the cluster status and tells the rooms. Not deduplicated per node: another node may
   * have announced a different status since, so each local change is announced as it now stands.
   */
  private announce(userId: string): void {
    // A node shutting down says its goodbyes in stop(); the database may already be closed.
    if (this.stopped) return;
    void this.statusOf([userId])
      .then((statuses) => this.emit(userId, statuses[userId] ?? 'offline'))
      .catch((err: unknown) => this.log.error({ err, userId }, 'presence announcement failed'));
  }

  private async emit(userId: string, status: PresenceStatus): Promise<void> {
    const rooms = (await this.audience.roomsOf(userId)).map(socketRooms.room);
    this.io.to([...rooms, socketRooms.user(userId)]).emit('presence', { userId, status });
  }
}
