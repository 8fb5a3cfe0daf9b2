import type { LimitsSettings } from '@parley/shared';
import { createClient } from 'redis';
import { Errors } from '../errors.js';
import type { Clock } from './clock.js';

/**
 * Where counts live: this process, or Redis so that every node counts one person together. Time is
 * never the store's: callers pass moments from the injected clock, and expiry is only clean-up.
 */
export interface LimitStore {
  /** Adds `cost` (may be negative) to the counter `key`, kept at least `ttlMs`; the new total. */
  add(key: string, cost: number, ttlMs: number): Promise<number>;
  /** Stores `untilMs` under `key`, replacing what was there. */
  hold(key: string, nowMs: number, untilMs: number): Promise<void>;
  /** The moment stored under `key`, or null. */
  until(key: string): Promise<number | null>;
  close(): Promise<void>;
}

/** One node's counts (no `REDIS_URL`): a map whose stale entries are dropped as it grows. */
export class MemoryLimitStore implements LimitStore {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  private live(key: string): { value: number; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private set(key: string, value: number, expiresAt: number): void {
    if (this.entries.size >= 50_000) {
      const now = this.now();
      for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    }
    this.entries.set(key, { value, expiresAt });
  }

  add(key: string, cost: number, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const value = (entry?.value ?? 0) + cost;
    this.set(key, value, entry?.expiresAt ?? this.now() + ttlMs);
    return Promise.resolve(value);
  }

  hold(key: string, nowMs: number, untilMs: number): Promise<void> {
    this.set(key, untilMs, this.now() + (untilMs - nowMs));
    return Promise.resolve();
  }

  until(key: string): Promise<number | null> {
    return Promise.resolve(this.live(key)?.value ?? null);
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}

/** Adds to a counter; the first addition sets its expiry (clean-up only). */
const ADD_SCRIPT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`;

/** How long the first use waits for Redis; later uses fail at once while it is away. */
const FIRST_CONNECT_WAIT_MS = 2000;

/**
 * Counts shared by every node through Redis. The connection is made on first use; while Redis is
 * away commands fail at once (no offline queue) instead of holding requests up, and the client keeps
 * reconnecting in the background.
 */
export class RedisLimitStore implements LimitStore {
  private readonly client: ReturnType<typeof createClient>;
  private connected: Promise<void> | null = null;

  constructor(url: string) {
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: FIRST_CONNECT_WAIT_MS,
        reconnectStrategy: (n) => Math.min(100 * 2 ** n, 5000),
      },
    });
    // Errors reach the caller through the failed command; without a listener they would crash the process.
    this.client.on('error', () => undefined);
  }

  private async ready(): Promise<ReturnType<typeof createClient>> {
    if (this.connected === null) {
      const connecting = this.client.connect().then(
        () => undefined,
        () => undefined,
      );
      this.connected = Promise.race([
        connecting,
        new Promise<void>((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref()),
      ]);
    }
    await this.connected;
    return this.client;
  }

  private static key(key: string): string {
    return `parley:limit:${key}`;
  }

  async add(key: string, cost: number, ttlMs: number): Promise<number> {
    // One script rather than MULTI: a transaction waits for a reconnect, a script fails at once.
    const reply = await (
      await this.ready()
    ).eval(ADD_SCRIPT, {
      keys: [RedisLimitStore.key(key)],
      arguments: [String(cost), String(Math.max(1, Math.ceil(ttlMs)))],
    });
    return Number(reply);
  }

  async hold(key: string, nowMs: number, untilMs: number): Promise<void> {
    await (
      await this.ready()
    ).set(RedisLimitStore.key(key), String(untilMs), { PX: Math.max(1, Math.ceil(untilMs - nowMs)) });
  }

  async until(key: string): Promise<number | null> {
    const value = await (await this.ready()).get(RedisLimitStore.key(key));
    return value === null ? null : Number(value);
  }

  async close(): Promise<void> {
    if (this.connected === null) return;
    await this.connected;
    if (this.client.isReady) await this.client.close();
    else if (this.client.isOpen) this.client.destroy();
  }
}

/** The counted limits of the `limits` settings section, with the window each is counted over. */
export const LIMIT_WINDOWS_MS = {
  messagesPerMinute: 60_000,
  messageChangesPerMinute: 60_000,
  typingPerMinute: 60_000,
  presenceChangesPerMinute: 60_000,
  readMarksPerMinute: 60_000,
  roomsPerHour: 3_600_000,
  membersAddedPerHour: 3_600_000,
  roomChangesPerMinute: 60_000,
  profileChangesPerHour: 3_600_000,
  // Issue 20, files.
  uploadsPerHour: 3_600_000,
  // Issue 20, search.
  searchesPerMinute: 60_000,
} as const satisfies Partial<Record<keyof LimitsSettings, number>>;
export type LimitName = keyof typeof LIMIT_WINDOWS_MS;

/** The window `ringsOfOnePersonPer10Minutes` is counted over. */
export const RING_WINDOW_MS = 600_000;

interface LimitsLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Per-person limits on repeatable writes, for HTTP routes and socket handlers alike: `take` counts
 * an action against the person's fixed window (aligned to the clock, e.g. each minute) and throws
 * 429 `rate_limited` with the seconds until the window ends. A refused action does not count. The
 * maxima are read from the settings on every call, so an admin's change applies at once on every
 * node. If Redis cannot be reached the action is allowed (and logged): the limits guard against
 * floods, they must not take chat down with them.
 */
export class PersonalLimits {
  constructor(
    private readonly store: LimitStore,
    private readonly clock: Clock,
    private readonly settings: () => Promise<LimitsSettings>,
    private readonly log: LimitsLogger = { warn: () => undefined },
  ) {}

  /** Counts `cost` (e.g. people added) against `userId`'s `limit`; throws `rate_limited` when over. */
  async take(userId: string, limit: LimitName, cost = 1): Promise<void> {
    const max = (await this.settings())[limit];
    const windowMs = LIMIT_WINDOWS_MS[limit];
    const now = this.clock.now().getTime();
    const start = Math.floor(now / windowMs) * windowMs;
    const key = `${limit}:${userId}:${start}`;
    let count: number;
    try {
      count = await this.store.add(key, cost, windowMs);
    } catch (err) {
      this.log.warn({ err, limit }, 'per-person limit not checked: the limit store failed');
      return;
    }
    if (count <= max) return;
    await this.store.add(key, -cost, windowMs).catch(() => undefined);
    throw Errors.rateLimited((start + windowMs - now) / 1000);
  }

  /**
   * Whether `callerId` may ring `calleeId` now: at most `ringsOfOnePersonPer10Minutes` rings per
   * fixed 10-minute window of the clock (so a group call followed by a direct call, or a call
   * cancelled by mistake and made again, still rings), and none within `ringAfterDeclineSeconds` of
   * the callee declining this caller. A true answer counts as a ring; a held-back one does not.
   */
  async mayRing(callerId: string, calleeId: string): Promise<'ok' | 'recently_rung' | 'declined'> {
    const { ringsOfOnePersonPer10Minutes: max } = await this.settings();
    const now = this.clock.now().getTime();
    const start = Math.floor(now / RING_WINDOW_MS) * RING_WINDOW_MS;
    const key = `ring:${callerId}:${calleeId}:${start}`;
    try {
      const declinedUntil = await this.store.until(`declined:${calleeId}:${callerId}`);
      if (declinedUntil !== null && declinedUntil > now) return 'declined';
      const count = await this.store.add(key, 1, RING_WINDOW_MS);
      if (count <= max) return 'ok';
      await this.store.add(key, -1, RING_WINDOW_MS).catch(() => undefined);
      return 'recently_rung';
    } catch (err) {
      this.log.warn({ err }, 'ring limit not checked: the limit store failed');
      return 'ok';
    }
  }

  /**
   * Counts one use of `key` in fixed windows of `windowMs` (aligned to the clock) and says whether it
   * is within `max`; a use past it is not counted. For what must be held back silently rather than
   * refused with a 429 (e-mails sent on a stranger's request). If the store fails, allowed and logged.
   */
  async allow(key: string, max: number, windowMs: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    const windowKey = `${key}:${Math.floor(now / windowMs) * windowMs}`;
    try {
      if ((await this.store.add(windowKey, 1, windowMs)) <= max) return true;
      await this.store.add(windowKey, -1, windowMs).catch(() => undefined);
      return false;
    } catch (err) {
      this.log.warn({ err }, 'a limit was not checked: the limit store failed');
      return true;
    }
  }

  /**
   * How many uses `allow` counted for `key` in the current window of `windowMs` (counting nothing):
   * for what is refused only after repeated failures (wrong passcodes). 0 if the store fails.
   */
  async used(key: string, windowMs: number): Promise<number> {
    const now = this.clock.now().getTime();
    const windowKey = `${key}:${Math.floor(now / windowMs) * windowMs}`;
    try {
      return await this.store.add(windowKey, 0, windowMs);
    } catch (err) {
      this.log.warn({ err }, 'a limit was not checked: the limit store failed');
      return 0;
    }
  }

  /** `calleeId` declined a call from `callerId`: no ring from that caller for a while. */
  async declined(calleeId: string, callerId: string): Promise<void> {
    const { ringAfterDeclineSeconds } = await this.settings();
    if (ringAfterDeclineSeconds === 0) return;
    const now = this.clock.now().getTime();
    await this.store
      .hold(`declined:${calleeId}:${callerId}`, now, now + ringAfterDeclineSeconds * 1000)
      .catch((err: unknown) => this.log.warn({ err }, 'a decline could not be remembered'));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
