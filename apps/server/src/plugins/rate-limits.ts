import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createClient } from 'redis';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { currentPrincipal } from './auth-guards.js';

type RedisClient = ReturnType<typeof createClient>;
type StoreCallback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** Where windows are counted: a hit in `key`'s window (a new one at `nowMs` when none is running). */
interface WindowCounter {
  hit(key: string, nowMs: number, windowMs: number): Promise<{ count: number; start: number }>;
}

/** One node's windows (no Redis): a map that drops its oldest entries past a size. */
function memoryCounter(maxEntries = 50_000): WindowCounter {
  const windows = new Map<string, { count: number; start: number }>();
  return {
    hit(key, nowMs, windowMs) {
      let window = windows.get(key);
      if (!window || window.start + windowMs <= nowMs) window = { count: 0, start: nowMs };
      window.count++;
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > maxEntries) windows.delete(windows.keys().next().value!);
      return Promise.resolve({ count: window.count, start: window.start });
    },
  };
}

/**
 * A window's start comes from the caller's clock and so does its end; Redis's expiry (a window
 * longer) only cleans up. A start ahead of `now` (another node's clock) is kept, not restarted.
 */
const HIT_SCRIPT = `
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if start == nil or start + window <= now then
  start = now
  redis.call('HSET', KEYS[1], 's', ARGV[1], 'n', 0)
end
local count = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('PEXPIRE', KEYS[1], start + 2 * window - now)
return {count, tostring(start)}`;

/** Windows shared by every node through Redis; @fastify/rate-limit's own Redis store wants ioredis. */
function redisCounter(client: RedisClient): WindowCounter {
  return {
    async hit(key, nowMs, windowMs) {
      const [count, start] = (await client.eval(HIT_SCRIPT, {
        keys: [`parley:rate:${key}`],
        arguments: [String(nowMs), String(windowMs)],
      })) as [number, string];
      return { count: Number(count), start: Number(start) };
    },
  };
}

/**
 * @fastify/rate-limit's store, counting fixed windows that start at a key's first hit and end by the
 * injected clock (its own stores read the wall clock, so a test's clock could not end a window and
 * windows would disagree with every other time the server keeps). Each route counts on its own, as
 * with the plugin's stores.
 */
function clockStore(clock: Clock, counter: WindowCounter) {
  return class ClockRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      const now = clock.now().getTime();
      counter.hit(`${this.prefix}${key}`, now, timeWindow).then(
        ({ count, start }) => callback(null, { current: count, ttl: Math.max(0, start + timeWindow - now) }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    /** The plugin passes the route's merged options, `routeInfo` among them. */
    child(routeOptions: object) {
      const { routeInfo } = routeOptions as { routeInfo?: { method?: string | string[]; url?: string } };
      const method = [routeInfo?.method ?? ''].flat().join(',');
      return new ClockRateLimitStore(undefined, `${method} ${routeInfo?.url ?? ''}:`);
    }
  };
}

const byUser = async (request: FastifyRequest) =>
  `user:${(await currentPrincipal(request))?.user.id ?? `ip:${request.ip}`}`;

/**
 * Per-route limits for what a script would hammer: creating accounts, guessing the current password,
 * minting tokens. Sign-in has its own throttle (lib/login-throttle.ts).
 */
export const RATE_LIMITS = {
  setup: { max: 10, timeWindow: 15 * 60_000 },
  register: { max: 10, timeWindow: 60 * 60_000 },
  passwordReset: { max: 10, timeWindow: 15 * 60_000 },
  /** Per address: each may e-mail someone (each account also gets at most 3 an hour, silently). */
  passwordForgot: { max: 10, timeWindow: 15 * 60_000 },
  /** Signing devices out: each ends sockets and tells every node. */
  sessionEnd: { max: 30, timeWindow: 15 * 60_000, keyGenerator: byUser },
  /** Per account, so guesses of the current password spread over sessions and addresses add up. */
  passwordChange: { max: 10, timeWindow: 15 * 60_000, keyGenerator: byUser },
  tokenCreate: { max: 20, timeWindow: 60 * 60_000, keyGenerator: byUser },
  /** Each start rings people on every device: a script must not be able to ring someone all day. */
  callStart: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /** Holding slots and proposing sessions: a script must not be able to hold a provider's whole week. */
  consultationCreate: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /**
   * Moving a booking (reschedule, propose a new time): each claims time, releases time and tells
   * both parties; a script must not be able to churn a calendar or flood the other party.
   */
  consultationChange: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /** A browser's call reports reach the room's members: a script toggling joined/left must not flood them. */
  callReport: { max: 120, timeWindow: 60_000, keyGenerator: byUser },
  /** The Jitsi reachability check makes the server fetch a URL: not a tool to hammer a host with. */
  jitsiReachability: { max: 10, timeWindow: 60_000, keyGenerator: byUser },
  /** Reports become chat lines for the other party: a script toggling a camera must not flood them. */
  consultationReport: { max: 120, timeWindow: 60_000, keyGenerator: byUser },
  /** Adding and removing second factors, new recovery codes (issue 18). */
  mfaChange: { max: 30, timeWindow: 15 * 60_000, keyGenerator: byUser },
  /** Codes typed by a signed-in person (confirming an app, step-up): guesses per account. */
  mfaVerify: { max: 10, timeWindow: 15 * 60_000, keyGenerator: byUser },
  /** The second step of sign-in and passkey sign-in, per address (wrong codes also count in the sign-in throttle). */
  mfaSignIn: { max: 30, timeWindow: 15 * 60_000 },
  /** Each single sign-on start writes a flow row and each callback calls the provider. */
  oidcStart: { max: 30, timeWindow: 60_000 },
  oidcCallback: { max: 30, timeWindow: 60_000 },
  /**
   * Public, per address: a logout token costs a signature check (and at most a JWKS fetch); a
   * provider ending many sessions at once posts one token per session.
   */
  backchannelLogout: { max: 300, timeWindow: 60_000 },
  /**
   * Public avatar reads, per address (issue 20): each costs an object store read (an S3 request);
   * browsers keep avatars for a year, so a person's pages stay far below this.
   */
  avatarRead: { max: 1200, timeWindow: 60_000 },
  /**
   * File reads, per person (issue 20): each costs an object store read or a signed URL. A room full
   * of images loads a preview each, and Range requests of a video come in many parts.
   */
  fileRead: { max: 1200, timeWindow: 60_000, keyGenerator: byUser },
  /** Identity providers and linked accounts. */
  identityChange: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  // Issue 19, call guests (S1).
  /** Making and revoking guest links. */
  guestLinkChange: { max: 60, timeWindow: 60 * 60_000, keyGenerator: byUser },
  /** Public, per address: what a guest link opens (a script must not probe tokens). */
  guestLinkInfo: { max: 60, timeWindow: 60_000 },
  /** Public, per address: each join makes an account and asks the call's members. */
  guestJoin: { max: 30, timeWindow: 15 * 60_000 },
  /** Public, per address: a waiting guest's page polls its status when its socket cannot connect. */
  guestSession: { max: 180, timeWindow: 60_000 },
  guestReport: { max: 60, timeWindow: 60_000 },
  /** Admitting and turning guests away: each tells the room and the guest. */
  guestDecide: { max: 120, timeWindow: 60_000, keyGenerator: byUser },
  // Issue 19, guest sessions (S2).
  /** Public, per address: what a personal link opens (a page load or two per visit). */
  visit: { max: 60, timeWindow: 15 * 60_000 },
  /** Public, per address: each writes a session; guessing a 256-bit token is hopeless anyway. */
  visitSession: { max: 20, timeWindow: 15 * 60_000 },
  /** A guest choosing a username and password: each hashes a password. */
  claimAccount: { max: 10, timeWindow: 60 * 60_000, keyGenerator: byUser },
  /** A provider's new links for a guest client: each may send an e-mail. */
  guestInvite: { max: 20, timeWindow: 15 * 60_000, keyGenerator: byUser },
  // issue 19, public booking and third participants (S3)
  /** Public booking pages and their slots, per address: reading costs a slot computation. */
  publicBookingRead: { max: 120, timeWindow: 60_000 },
  /** Public holds, per address (each address also holds at most 3 an hour, counted in the service). */
  publicHold: { max: 10, timeWindow: 15 * 60_000 },
  /** Proposing, consenting to and removing third participants: each may send an e-mail. */
  participantChange: { max: 30, timeWindow: 15 * 60_000, keyGenerator: byUser },
  /** Issue 21: notification settings and room levels; each change reaches the person's every tab. */
  notificationChange: { max: 60, timeWindow: 60_000, keyGenerator: byUser },
  /** Public, per address: the digest's unsubscribe link (a signed token; guessing one is hopeless). */
  unsubscribe: { max: 30, timeWindow: 15 * 60_000 },
  // Issue 21, Web Push.
  /** Adding and removing push devices: each subscription checks its host in DNS. */
  pushSubscriptionChange: { max: 30, timeWindow: 15 * 60_000, keyGenerator: byUser },
} satisfies Record<string, RateLimitOptions>;

export async function registerRateLimits(app: FastifyInstance, config: Config, clock: Clock): Promise<void> {
  let counter = memoryCounter();
  if (config.redis) {
    const client = createClient({ url: config.redis.url });
    await client.connect();
    counter = redisCounter(client);
    app.addHook('onClose', async () => {
      await client.quit();
    });
  }
  await app.register(fastifyRateLimit, {
    global: false,
    store: clockStore(clock, counter),
    errorResponseBuilder: (_request, context) => Errors.rateLimited(context.ttl / 1000),
  });
}
